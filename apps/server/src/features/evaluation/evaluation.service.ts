import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  canonicalJson,
  compactOutcome,
  compile,
  evaluate,
  expandOutcome,
  ENGINE_VERSION,
  OutcomeShapeError,
  parseAsOf,
  readFieldsOf,
  standInFacts,
} from '@precept/rules';
import {
  AppError,
  isAppError,
  type Actor,
  type CompactOutcome,
  type EvaluateBatchOutput,
  type EvaluateOutput,
  type EvaluationResult,
  type Issue,
  type JsonObject,
  type Outcome,
  type OutcomeDetail,
  type PolicyDocument,
  type ReplayOutput,
} from '@precept/schema';
import type { Logger } from '../../log/logger.js';
import type { DecisionInput, DecisionsService } from '../decisions/decisions.service.js';
import type { NewDecision } from '../decisions/decisions.store.js';
import type { PoliciesService } from '../policies/policies.service.js';
import type { CachedWindow, CompiledEntry, EvaluationCache } from './evaluation.cache.js';
import { noVersionInForce, versionNotPublished } from './evaluation.errors.js';

/** Dependencies of {@link createEvaluationService}. */
export interface EvaluationServiceDeps {
  policies: PoliciesService;
  decisions: DecisionsService;
  cache: EvaluationCache;
  now: () => Date;
  log: Logger;
  /** Record server decisions (off only to measure the log's cost). */
  decisionLog: boolean;
  /** The business time zone: what an as-of date means. */
  timeZone: string;
}

/** Options of one evaluation. */
export interface EvaluateRequest {
  policyKey: string;
  facts: JsonObject;
  asOf?: string | undefined;
  version?: number | undefined;
  trace: boolean;
  /** Answer with the compact outcome (the version's document holds the rest) or the full one. */
  detail: OutcomeDetail;
}

/** A decision reported by a local evaluator. */
export interface ReportedDecision {
  decisionId: string;
  policyKey: string;
  version: number;
  contentHash: string;
  engineVersion: string;
  asOf: string;
  facts: JsonObject;
  outcome: NewDecision['outcome'];
  durationMs: number;
  createdAt: string;
}

/** Evaluation: the version in force, compiled once, evaluated, recorded. */
export interface EvaluationService {
  evaluate(actor: Actor, request: EvaluateRequest): Promise<EvaluateOutput>;
  evaluateBatch(
    actor: Actor,
    request: {
      policyKey: string;
      items: { facts: JsonObject; asOf?: string | undefined }[];
      asOf?: string | undefined;
      version?: number | undefined;
      trace: boolean;
      detail: OutcomeDetail;
    },
  ): Promise<EvaluateBatchOutput>;
  /** Evaluates a stored version in any status, or an unsaved document; records nothing. */
  simulate(request: {
    policyKey: string;
    version?: number | undefined;
    document?: PolicyDocument | undefined;
    facts: JsonObject;
    asOf?: string | undefined;
    trace: boolean;
  }): Promise<{
    policyKey: string;
    version: number | null;
    contentHash: string;
    engineVersion: string;
    asOf: string;
    outcome: EvaluationResult['outcome'];
    trace: EvaluationResult['trace'];
    durationMs: number;
  }>;
  /**
   * Re-evaluates a recorded decision with its version, as-of and facts (a stand-in of the field's
   * type where a pseudonym was stored: the version does not read it); shown as `actor` may see it.
   */
  replay(actor: Actor, decisionId: string): Promise<ReplayOutput>;
  /** Records decisions made by a local evaluator (after checking each names a published version and its hash). */
  report(actor: Actor, decisions: ReportedDecision[]): Promise<{ accepted: number; duplicates: number }>;
  /** Forgets a policy's windows (a publish changed them). */
  invalidate(policyKey: string): void;
  /** Forgets every policy's windows. */
  invalidateAll(): void;
}

const PUBLISHED_STATUSES = new Set(['published', 'superseded', 'retired']);

/** How far ahead of the server's clock a local evaluator's clock may be. */
const REPORT_CLOCK_SKEW_MS = 5 * 60_000;
/** The oldest decision a local evaluator may report. */
const REPORT_MAX_AGE_MS = 400 * 86_400_000;

/**
 * The compact form of a reported outcome when it rebuilds that outcome exactly with the version's
 * document, else null (a local evaluator of another engine version may word a reason otherwise:
 * its full outcome is then stored as it came).
 */
function compactIfRebuilt(outcome: Outcome, document: PolicyDocument, facts: JsonObject): CompactOutcome | null {
  try {
    const compact = compactOutcome(outcome, document, facts);
    return canonicalJson(expandOutcome(compact, document)) === canonicalJson(outcome) ? compact : null;
  } catch (error) {
    if (error instanceof OutcomeShapeError) return null;
    throw error;
  }
}

/** A decision as answered: the full result, or with `detail: "compact"` its compact outcome. */
function answer(result: EvaluationResult, compact: CompactOutcome | null): EvaluateOutput {
  return compact === null ? result : { ...result, outcome: compact, detail: 'compact' };
}

/** Creates the {@link EvaluationService}. */
export function createEvaluationService(deps: EvaluationServiceDeps): EvaluationService {
  const { policies, decisions, cache, now, decisionLog, timeZone } = deps;
  /** The as-of moment in epoch milliseconds (`YYYY-MM-DD` is that day's start in the business zone); NaN when malformed. */
  const asOfMs = (asOf: string): number => parseAsOf(asOf, timeZone)?.ms ?? Number.NaN;

  const loadWindows = (policyKey: string): Promise<CachedWindow[]> =>
    cache.windows(policyKey, async () =>
      (await policies.listWindows(policyKey)).map((w) => ({
        version: w.version,
        contentHash: w.contentHash,
        fromMs: w.effectiveFrom.getTime(),
        toMs: w.effectiveTo === null ? Number.POSITIVE_INFINITY : w.effectiveTo.getTime(),
      })),
    );

  const loadCompiled = (policyKey: string, version: number): Promise<CompiledEntry> =>
    cache.compiled(policyKey, version, async () => {
      const source = await policies.getCompilable(policyKey, version);
      if (!PUBLISHED_STATUSES.has(source.status)) throw versionNotPublished(policyKey, version);
      const compiled = compile(source.document, source.subject);
      return {
        compiled,
        version: source.version,
        contentHash: source.contentHash,
        reads: readFieldsOf(compiled.document),
      };
    });

  /** The compiled version that decides for `asOf` (or the pinned `version`). */
  const resolve = async (
    policyKey: string,
    asOf: string,
    version: number | undefined,
  ): Promise<CompiledEntry> => {
    if (version !== undefined) return loadCompiled(policyKey, version);
    const t = asOfMs(asOf);
    const windows = await loadWindows(policyKey);
    const window = windows.find((w) => w.fromMs <= t && t < w.toMs);
    if (window === undefined) throw noVersionInForce(policyKey, asOf);
    return loadCompiled(policyKey, window.version);
  };

  const checkAsOf = (asOf: string, path: string): void => {
    if (Number.isNaN(asOfMs(asOf))) {
      const message = 'asOf must be a date YYYY-MM-DD or an ISO instant with a time zone';
      throw new AppError('VALIDATION', message, { issues: [{ path, code: 'shape', message }] });
    }
  };

  const decide = (
    entry: CompiledEntry,
    policyKey: string,
    facts: JsonObject,
    asOf: string,
    trace: boolean,
  ): EvaluationResult => {
    const started = performance.now();
    const evaluation = evaluate(entry.compiled, facts, { asOf, trace, timeZone });
    const durationMs = performance.now() - started;
    return {
      decisionId: randomUUID(),
      policyKey,
      version: entry.version,
      contentHash: entry.contentHash,
      engineVersion: ENGINE_VERSION,
      asOf,
      outcome: evaluation.outcome,
      trace: evaluation.trace,
      durationMs,
      source: 'server',
    };
  };

  /** The compact outcome, when the answer or the log needs it. */
  const compactFor = (entry: CompiledEntry, result: EvaluationResult, facts: JsonObject, detail: OutcomeDetail) =>
    detail === 'compact' || decisionLog ? compactOutcome(result.outcome, entry.compiled.document, facts) : null;

  const toRow = (
    entry: CompiledEntry,
    result: EvaluationResult,
    compact: CompactOutcome | null,
    facts: JsonObject,
    caller: string,
    createdAt: Date,
  ): DecisionInput => ({
    compact,
    subjectKey: entry.compiled.subject.key,
    reads: entry.reads,
    id: result.decisionId,
    policyKey: result.policyKey,
    version: result.version,
    contentHash: result.contentHash,
    engineVersion: result.engineVersion,
    asOf: result.asOf,
    facts,
    outcome: result.outcome,
    durationMs: result.durationMs,
    caller,
    source: 'server',
    createdAt,
  });

  return {
    async evaluate(actor, { policyKey, facts, asOf, version, trace, detail }) {
      const at = now();
      const effectiveAsOf = asOf ?? at.toISOString();
      checkAsOf(effectiveAsOf, '$.asOf');
      const entry = await resolve(policyKey, effectiveAsOf, version);
      const result = decide(entry, policyKey, facts, effectiveAsOf, trace);
      const compact = compactFor(entry, result, facts, detail);
      if (decisionLog) await decisions.record([toRow(entry, result, compact, facts, actor.id, at)]);
      return answer(result, detail === 'compact' ? compact : null);
    },

    async evaluateBatch(actor, { policyKey, items, asOf, version, trace, detail }) {
      const at = now();
      const defaultAsOf = asOf ?? at.toISOString();
      checkAsOf(defaultAsOf, '$.asOf');
      // Unknown policy or version fails the whole batch; per-item problems fail only their item.
      if (version !== undefined) await loadCompiled(policyKey, version);
      else await loadWindows(policyKey);
      const results: EvaluateBatchOutput['results'] = [];
      const rows: DecisionInput[] = [];
      for (const [index, item] of items.entries()) {
        const itemAsOf = item.asOf ?? defaultAsOf;
        try {
          checkAsOf(itemAsOf, `$.items[${index}].asOf`);
          const entry = await resolve(policyKey, itemAsOf, version);
          const result = decide(entry, policyKey, item.facts, itemAsOf, trace);
          const compact = compactFor(entry, result, item.facts, detail);
          results.push({ ok: true, decision: answer(result, detail === 'compact' ? compact : null) });
          rows.push(toRow(entry, result, compact, item.facts, actor.id, at));
        } catch (error) {
          if (!isAppError(error)) throw error;
          const data = error.toData();
          results.push({
            ok: false,
            error: {
              ...data,
              ...(data.issues === undefined
                ? {}
                : {
                    issues: data.issues.map((issue: Issue) => ({
                      ...issue,
                      path: `$.items[${index}]${issue.path.slice(1)}`,
                    })),
                  }),
            },
          });
        }
      }
      if (decisionLog) await decisions.record(rows);
      return { results };
    },

    async simulate({ policyKey, version, document, facts, asOf, trace }) {
      const effectiveAsOf = asOf ?? now().toISOString();
      checkAsOf(effectiveAsOf, '$.asOf');
      let compiled;
      let resolvedVersion: number | null = null;
      if (document !== undefined) {
        const { policy, subject } = await policies.getWithSubject(policyKey);
        if (document.kind !== policy.kind) {
          throw new AppError(
            'VALIDATION',
            `policy "${policyKey}" is a ${policy.kind}, the document a ${document.kind}`,
            {
              issues: [
                { path: '$.document.kind', code: 'kind_mismatch', message: `must be "${policy.kind}"` },
              ],
            },
          );
        }
        compiled = compile(document, subject);
      } else if (version !== undefined) {
        const source = await policies.getCompilable(policyKey, version);
        compiled = PUBLISHED_STATUSES.has(source.status)
          ? (await loadCompiled(policyKey, version)).compiled
          : compile(source.document, source.subject);
        resolvedVersion = version;
      } else {
        const entry = await resolve(policyKey, effectiveAsOf, undefined);
        compiled = entry.compiled;
        resolvedVersion = entry.version;
      }
      const started = performance.now();
      const evaluation = evaluate(compiled, facts, { asOf: effectiveAsOf, trace, timeZone });
      return {
        policyKey,
        version: resolvedVersion,
        contentHash: compiled.contentHash,
        engineVersion: ENGINE_VERSION,
        asOf: effectiveAsOf,
        outcome: evaluation.outcome,
        trace: evaluation.trace,
        durationMs: performance.now() - started,
      };
    },

    async replay(actor, decisionId) {
      const decision = await decisions.getRecorded(decisionId);
      const entry = await loadCompiled(decision.policyKey, decision.version);
      const facts = standInFacts(decision.facts, decision.pseudonymised, entry.compiled.subject);
      const evaluation = evaluate(entry.compiled, facts, {
        asOf: decision.asOf,
        trace: true,
        timeZone,
      });
      const identical =
        entry.contentHash === decision.contentHash &&
        canonicalJson(evaluation.outcome) === canonicalJson(decision.outcome);
      return decisions.presentReplay(actor, {
        decisionId,
        policyKey: decision.policyKey,
        version: decision.version,
        identical,
        recorded: {
          outcome: decision.outcome,
          contentHash: decision.contentHash,
          engineVersion: decision.engineVersion,
        },
        replayed: {
          outcome: evaluation.outcome,
          contentHash: entry.contentHash,
          engineVersion: ENGINE_VERSION,
          trace: evaluation.trace,
        },
      });
    },

    async report(actor, reported) {
      const issues: Issue[] = [];
      const entries: CompiledEntry[] = [];
      const nowMs = now().getTime();
      for (const [index, decision] of reported.entries()) {
        const createdMs = Date.parse(decision.createdAt);
        if (createdMs > nowMs + REPORT_CLOCK_SKEW_MS || createdMs < nowMs - REPORT_MAX_AGE_MS) {
          issues.push({
            path: `$.decisions[${index}].createdAt`,
            code: 'out_of_range',
            message:
              createdMs > nowMs
                ? 'a decision cannot be made in the future: check the local clock'
                : `a local decision is reported within ${REPORT_MAX_AGE_MS / 86_400_000} days of being made`,
          });
        }
        let entry: CompiledEntry | undefined;
        try {
          entry = await loadCompiled(decision.policyKey, decision.version);
        } catch (error) {
          if (!isAppError(error) || (error.code !== 'NOT_FOUND' && error.code !== 'VALIDATION')) throw error;
          issues.push({
            path: `$.decisions[${index}].version`,
            code: 'unknown_version',
            message: error.message,
          });
          continue;
        }
        entries[index] = entry;
        if (entry.contentHash !== decision.contentHash) {
          issues.push({
            path: `$.decisions[${index}].contentHash`,
            code: 'hash_mismatch',
            message: `${decision.policyKey} v${decision.version} has content hash ${entry.contentHash}`,
          });
        }
      }
      if (issues.length > 0) {
        throw new AppError(
          'VALIDATION',
          `${issues.length} problem${issues.length === 1 ? '' : 's'} in the reported decisions: nothing was recorded`,
          { issues },
        );
      }
      const accepted = await decisions.recordReported(
        reported.map((d, index) => ({
          subjectKey: entries[index]!.compiled.subject.key,
          reads: entries[index]!.reads,
          id: d.decisionId,
          policyKey: d.policyKey,
          version: d.version,
          contentHash: d.contentHash,
          engineVersion: d.engineVersion,
          asOf: d.asOf,
          facts: d.facts,
          outcome: d.outcome,
          compact: compactIfRebuilt(d.outcome, entries[index]!.compiled.document, d.facts),
          durationMs: d.durationMs,
          caller: actor.id,
          source: 'local',
          createdAt: new Date(d.createdAt),
        })),
      );
      return { accepted, duplicates: reported.length - accepted };
    },

    invalidate: (policyKey) => cache.invalidate(policyKey),
    invalidateAll: () => cache.invalidateAll(),
  };
}
