import { AppError, type Issue, type JsonObject, type PolicyKind, type Subject } from '@precept/schema';
import { newDecisionId, type DecideContext } from '../evaluation/decide.js';
import { batchDecisions, evaluateBatchInSet, evaluateInSet } from '../evaluation/evaluate-set.js';
import { CompiledPolicySet, type PolicyVersionSource } from '../evaluation/policy-set.js';
import { ok, type SdkResult } from '../sdk-error.js';
import type {
  BatchItem,
  BundleChange,
  EvaluateOptions,
  Facts,
  LocalEvaluator,
  LocalOptions,
  LocalStatus,
  PolicyDecision,
  PreceptClient,
} from '../types.js';

/**
 * A policy for the in-memory provider. A default `PolicyPackage` of `@precept/schema`
 * (`GUIDELINE_POLICIES`) fits as it is; the subject is given here or found in `subjects` by
 * `policy.subjectKey`.
 */
export interface InMemoryPolicy {
  policy: { key: string; subjectKey: string };
  document: unknown;
  subject?: Subject | undefined;
  /** Default 1. Several versions of one key may be given with their windows. */
  version?: number | undefined;
  /** Inclusive ISO instant; default: in force from the beginning. */
  effectiveFrom?: string | null | undefined;
  /** Exclusive ISO instant; default: open-ended. */
  effectiveTo?: string | null | undefined;
}

/** Options of {@link createInMemoryClient}. */
export interface InMemoryClientOptions {
  policies: readonly InMemoryPolicy[];
  /** Subjects looked up by `policy.subjectKey` when a policy does not carry its own. */
  subjects?: readonly Subject[] | undefined;
  /** The clock for the default as-of (default: the system clock). */
  now?: (() => Date) | undefined;
  /** The business time zone that gives dates their meaning, as the server's `PRECEPT_TIME_ZONE` (default Asia/Shanghai). */
  timeZone?: string | undefined;
}

/** A decision the in-memory provider made, with the facts (their JSON form) it was made for. */
export type RecordedDecision = PolicyDecision & { facts: JsonObject };

/** The in-memory provider: a {@link PreceptClient} for tests, plus what tests want to inspect. */
export interface InMemoryClient extends PreceptClient {
  /** Every decision made so far (remote-style and local), oldest first. */
  decisions(): readonly RecordedDecision[];
  /**
   * Replaces the policies, as a publish would: compiled all at once (throws `AppError('VALIDATION')`
   * and keeps the old ones if any is invalid), then local evaluators' `onChange` listeners are told.
   */
  setPolicies(policies: readonly InMemoryPolicy[]): void;
  /** A local evaluator over the same policies: nothing to download or verify, so no options needed. */
  local(options?: Partial<LocalOptions>): LocalEvaluator;
}

function compileOrThrow(
  options: InMemoryClientOptions,
  policies: readonly InMemoryPolicy[],
): CompiledPolicySet {
  const issues: Issue[] = [];
  const sources: PolicyVersionSource[] = [];
  policies.forEach((entry, index) => {
    const subject =
      entry.subject ?? options.subjects?.find((candidate) => candidate.key === entry.policy.subjectKey);
    if (subject === undefined) {
      const message = `no subject "${entry.policy.subjectKey}" for policy "${entry.policy.key}"`;
      issues.push({ path: `$.policies[${index}].subject`, code: 'not_found', message });
      return;
    }
    sources.push({
      policyKey: entry.policy.key,
      version: entry.version ?? 1,
      document: entry.document,
      subject,
      effectiveFrom: entry.effectiveFrom ?? null,
      effectiveTo: entry.effectiveTo ?? null,
    });
  });
  if (issues.length > 0) throw new AppError('VALIDATION', issues[0]!.message, { issues });
  const compiled = CompiledPolicySet.compile(sources, options.timeZone);
  if (!compiled.ok)
    throw new AppError(compiled.error.code, compiled.error.message, { issues: compiled.error.issues ?? [] });
  return compiled.value;
}

/**
 * An SDK client that evaluates in memory with `@precept/rules` — the same code as the server — for
 * tests of code that uses the SDK: no server, same interface, same outcomes and content hashes.
 * Throws `AppError('VALIDATION')` at once when a policy is invalid (a mistake in the test, not a
 * runtime failure); its calls return results like every other provider.
 *
 * @example
 * import { GUIDELINE_POLICIES, GUIDELINE_SUBJECTS } from '@precept/schema';
 * const client = createInMemoryClient({ policies: GUIDELINE_POLICIES, subjects: GUIDELINE_SUBJECTS });
 * const result = await client.evaluate('service-performance-scorecard', facts, { kind: 'scorecard', asOf: '2026-06-30' });
 */
export function createInMemoryClient(options: InMemoryClientOptions): InMemoryClient {
  let set = compileOrThrow(options, options.policies);
  let generation = 1;
  const recorded: RecordedDecision[] = [];
  const listeners = new Set<(change: BundleChange) => void>();
  const context: DecideContext = {
    source: 'local',
    now: options.now ?? (() => new Date()),
    newId: newDecisionId,
  };

  const evaluate = <K extends PolicyKind = PolicyKind>(
    policyKey: string,
    facts: Facts,
    evaluateOptions: EvaluateOptions<K> = {},
  ): Promise<SdkResult<PolicyDecision<K>>> => {
    const result = evaluateInSet(set, policyKey, facts, evaluateOptions, context);
    if (!result.ok) return Promise.resolve(result);
    recorded.push({ ...result.value.decision, facts: result.value.facts });
    return Promise.resolve(ok(result.value.decision));
  };

  const evaluateBatch = <K extends PolicyKind = PolicyKind>(
    policyKey: string,
    factSets: readonly Facts[],
    evaluateOptions: EvaluateOptions<K> = {},
  ): Promise<SdkResult<BatchItem<K>[]>> => {
    const result = evaluateBatchInSet(set, policyKey, factSets, evaluateOptions, context);
    if (!result.ok) return Promise.resolve(result);
    for (const item of result.value)
      if (item.ok) recorded.push({ ...item.value.decision, facts: item.value.facts });
    return Promise.resolve(ok(batchDecisions(result.value)));
  };

  const status = (isClosed: boolean): LocalStatus => ({
    isReady: !isClosed,
    etag: `in-memory-${generation}`,
    versions: set.latestVersions(),
    fetchedAt: context.now().toISOString(),
    source: 'server', // the in-memory client stands in for the server
    ageMs: 0,
    lastError: null,
    report: { queued: 0, sent: 0, dropped: 0, rejected: 0, lastError: null },
  });

  const local = (): LocalEvaluator => {
    let isClosed = false;
    const closedResult = (): SdkResult<never> => ({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'the local evaluator is closed' },
    });
    const mine = new Set<(change: BundleChange) => void>();
    return {
      evaluate: (policyKey, facts, evaluateOptions) =>
        isClosed ? Promise.resolve(closedResult()) : evaluate(policyKey, facts, evaluateOptions),
      evaluateBatch: (policyKey, factSets, evaluateOptions) =>
        isClosed ? Promise.resolve(closedResult()) : evaluateBatch(policyKey, factSets, evaluateOptions),
      ready: () => Promise.resolve(isClosed ? closedResult() : ok(status(false))),
      status: () => status(isClosed),
      refresh: () => Promise.resolve(isClosed ? closedResult() : ok(status(false))),
      onChange: (listener) => {
        listeners.add(listener);
        mine.add(listener);
        return () => {
          listeners.delete(listener);
          mine.delete(listener);
        };
      },
      close: () => {
        isClosed = true;
        for (const listener of mine) listeners.delete(listener);
        return Promise.resolve();
      },
    };
  };

  return {
    evaluate,
    evaluateBatch,
    local,
    decisions: () => recorded,
    setPolicies: (policies) => {
      const next = compileOrThrow(options, policies);
      const before = set.latestVersions();
      set = next;
      generation += 1;
      const after = set.latestVersions();
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
      const changed = keys
        .filter((key) => before[key] !== after[key])
        .map((policyKey) => ({ policyKey, from: before[policyKey] ?? null, to: after[policyKey] ?? null }));
      const change: BundleChange = { etag: `in-memory-${generation}`, changed, status: status(false) };
      for (const listener of [...listeners]) listener(change);
    },
  };
}
