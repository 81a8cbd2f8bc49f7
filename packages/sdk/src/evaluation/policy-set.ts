import { safeCompile, type CompiledPolicy } from '@precept/rules';
import {
  DEFAULT_TIME_ZONE,
  isTimeZone,
  type Bundle,
  type Issue,
  type PolicyKind,
  type Subject,
} from '@precept/schema';
import { fail, ok, type SdkResult } from '../sdk-error.js';

/** One policy version to compile: where its document, subject and effective window come from. */
export interface PolicyVersionSource {
  policyKey: string;
  version: number;
  /** The document (validated again by `compile`). */
  document: unknown;
  subject: Subject;
  /** The hash the source claims; compiled content that hashes otherwise is refused. */
  contentHash?: string | undefined;
  /** Inclusive ISO instant; `null` = in force from the beginning. */
  effectiveFrom: string | null;
  /** Exclusive ISO instant; `null` = open-ended. */
  effectiveTo: string | null;
}

/** The policy versions of a bundle, as the compiler takes them. */
export function sourcesOf(bundle: Bundle): PolicyVersionSource[] {
  return bundle.versions.map((version) => ({
    policyKey: version.policyKey,
    version: version.version,
    document: version.document,
    subject: version.subject,
    contentHash: version.contentHash,
    effectiveFrom: version.effectiveFrom,
    effectiveTo: version.effectiveTo,
  }));
}

/** A compiled version with its window as epoch milliseconds. */
export interface CompiledVersion {
  readonly policyKey: string;
  readonly version: number;
  readonly kind: PolicyKind;
  readonly contentHash: string;
  readonly compiled: CompiledPolicy;
  readonly fromMs: number;
  readonly toMs: number;
}

const toMs = (instant: string | null, fallback: number): number =>
  instant === null ? fallback : Date.parse(instant);

/**
 * An immutable set of compiled policy versions. It is built all at once — every version validated,
 * compiled and hash-checked — or not at all, so an evaluator that swaps one set for another never
 * sees a partly compiled bundle.
 */
export class CompiledPolicySet {
  readonly #byKey: ReadonlyMap<string, readonly CompiledVersion[]>;
  /** The business time zone its decisions read dates in (the server's, from the bundle). */
  readonly timeZone: string;

  private constructor(byKey: ReadonlyMap<string, readonly CompiledVersion[]>, timeZone: string) {
    this.#byKey = byKey;
    this.timeZone = timeZone;
  }

  /** An empty set. */
  static empty(): CompiledPolicySet {
    return new CompiledPolicySet(new Map(), DEFAULT_TIME_ZONE);
  }

  /**
   * Compiles every source; fails with every problem (JSON path `$[i]` of the source) if any version
   * does not validate, hashes differently from what it claims, or has an unreadable window.
   */
  static compile(
    sources: readonly PolicyVersionSource[],
    timeZone: string = DEFAULT_TIME_ZONE,
  ): SdkResult<CompiledPolicySet> {
    if (!isTimeZone(timeZone)) {
      const message = `"${String(timeZone)}" is not a time zone this runtime knows; nothing was loaded`;
      return fail('VALIDATION', message, { issues: [{ path: '$.timeZone', code: 'shape', message }] });
    }
    const byKey = new Map<string, CompiledVersion[]>();
    const issues: Issue[] = [];
    sources.forEach((source, index) => {
      const path = `$[${index}]`;
      const compiled = safeCompile(source.document, source.subject);
      if (!compiled.ok) {
        for (const issue of compiled.error.issues ?? []) {
          issues.push({ ...issue, path: `${path}.document${issue.path.slice(1)}` });
        }
        if (!compiled.error.issues?.length) {
          issues.push({
            path: `${path}.document`,
            code: compiled.error.code,
            message: compiled.error.message,
          });
        }
        return;
      }
      if (source.contentHash !== undefined && compiled.value.contentHash !== source.contentHash) {
        issues.push({
          path: `${path}.contentHash`,
          code: 'hash_mismatch',
          message: `${source.policyKey} v${source.version} hashes to ${compiled.value.contentHash}, not ${source.contentHash}`,
        });
        return;
      }
      const fromMs = toMs(source.effectiveFrom, Number.NEGATIVE_INFINITY);
      const untilMs = toMs(source.effectiveTo, Number.POSITIVE_INFINITY);
      if (Number.isNaN(fromMs) || Number.isNaN(untilMs)) {
        issues.push({
          path,
          code: 'window',
          message: `${source.policyKey} v${source.version} has an unreadable effective window`,
        });
        return;
      }
      const versions = byKey.get(source.policyKey) ?? [];
      versions.push({
        policyKey: source.policyKey,
        version: source.version,
        kind: compiled.value.kind,
        contentHash: compiled.value.contentHash,
        compiled: compiled.value,
        fromMs,
        toMs: untilMs,
      });
      byKey.set(source.policyKey, versions);
    });
    if (issues.length > 0) {
      return fail('VALIDATION', `${issues.length} problem(s) in the policy versions; nothing was loaded`, {
        issues,
      });
    }
    for (const versions of byKey.values()) versions.sort((a, b) => a.version - b.version);
    return ok(new CompiledPolicySet(byKey, timeZone));
  }

  /** The policy keys in the set. */
  keys(): string[] {
    return [...this.#byKey.keys()].sort();
  }

  /** The highest version of each policy. */
  latestVersions(): Record<string, number> {
    const latest: Record<string, number> = {};
    for (const [key, versions] of this.#byKey) latest[key] = versions[versions.length - 1]?.version ?? 0;
    return latest;
  }

  /**
   * The version to evaluate: the given `version`, or else the one whose window holds `asOfMs`
   * (`effectiveFrom <= asOf < effectiveTo`). `NOT_FOUND` names what is missing.
   */
  select(
    policyKey: string,
    asOf: { ms: number; text: string },
    version?: number,
  ): SdkResult<CompiledVersion> {
    const versions = this.#byKey.get(policyKey);
    if (versions === undefined) return fail('NOT_FOUND', `policy "${policyKey}" is not loaded`);
    if (version !== undefined) {
      const found = versions.find((candidate) => candidate.version === version);
      return found ? ok(found) : fail('NOT_FOUND', `policy "${policyKey}" has no version ${version} loaded`);
    }
    for (let i = versions.length - 1; i >= 0; i -= 1) {
      const candidate = versions[i]!;
      if (candidate.fromMs <= asOf.ms && asOf.ms < candidate.toMs) return ok(candidate);
    }
    return fail('NOT_FOUND', `policy "${policyKey}" has no version in force at ${asOf.text}`);
  }
}
