import { LIMITS, type JsonObject, type PolicyKind } from '@precept/schema';
import { fail, ok, type SdkResult } from '../sdk-error.js';
import type { BatchItem, EvaluateOptions, Facts, PolicyDecision } from '../types.js';
import { decideWith, selectVersion, type DecideContext } from './decide.js';
import { toFactSetsJson, toFactsJson } from './facts-json.js';
import type { CompiledPolicySet } from './policy-set.js';

/** A decision and the JSON facts it was made for (what a report or a record keeps). */
export type DecisionWithFacts<K extends PolicyKind> = { decision: PolicyDecision<K>; facts: JsonObject };

/** The failure of a call whose signal was aborted before it ran. */
export function abortedResult(): SdkResult<never> {
  return fail('UNAVAILABLE', 'the call was aborted', { transport: 'aborted' });
}

/** Evaluates one fact set against a compiled set (what the local and in-memory providers share). */
export function evaluateInSet<K extends PolicyKind>(
  set: CompiledPolicySet,
  policyKey: string,
  facts: Facts,
  options: EvaluateOptions<K>,
  context: DecideContext,
): SdkResult<DecisionWithFacts<K>> {
  if (options.signal?.aborted) return abortedResult();
  const json = toFactsJson(facts);
  if (!json.ok) return json;
  const selected = selectVersion(set, policyKey, options, context.now);
  if (!selected.ok) return selected;
  const decision = decideWith(selected.value, json.value, options, context);
  return decision.ok ? ok({ decision: decision.value, facts: json.value }) : decision;
}

/**
 * Evaluates many fact sets with the one version selected for the batch's as-of, without traces unless
 * `trace: true`; each fact set succeeds or fails on its own. More than `LIMITS.batchSize` fact sets is
 * a `LIMIT` error, a fact set that is not a JSON object a `VALIDATION` error of the whole batch (as on
 * the server).
 */
export function evaluateBatchInSet<K extends PolicyKind>(
  set: CompiledPolicySet,
  policyKey: string,
  factSets: readonly Facts[],
  options: EvaluateOptions<K>,
  context: DecideContext,
): SdkResult<SdkResult<DecisionWithFacts<K>>[]> {
  if (options.signal?.aborted) return abortedResult();
  const limit = checkBatchSize(factSets);
  if (!limit.ok) return limit;
  const json = toFactSetsJson(factSets);
  if (!json.ok) return json;
  const selected = selectVersion(set, policyKey, options, context.now);
  if (!selected.ok) return selected;
  // Like the server's batch: no traces unless asked for (a batch is wanted for its outcomes).
  const batchOptions = { ...options, trace: options.trace === true };
  return ok(
    json.value.map((facts) => {
      const decision = decideWith(selected.value, facts, batchOptions, context);
      return decision.ok ? ok({ decision: decision.value, facts }) : decision;
    }),
  );
}

/** The decisions of a batch as the SDK returns them. */
export function batchDecisions<K extends PolicyKind>(
  items: SdkResult<DecisionWithFacts<K>>[],
): BatchItem<K>[] {
  return items.map((item) => (item.ok ? ok(item.value.decision) : item));
}

/** `LIMIT` when a batch is larger than the server accepts; `VALIDATION` when it is not a list. */
export function checkBatchSize(factSets: readonly Facts[]): SdkResult<true> {
  if (!Array.isArray(factSets)) {
    return fail('VALIDATION', 'factSets must be an array of fact objects', {
      issues: [{ path: '$.factSets', code: 'shape', message: 'must be an array' }],
    });
  }
  if (factSets.length > LIMITS.batchSize) {
    return fail('LIMIT', `a batch holds at most ${LIMITS.batchSize} fact sets, got ${factSets.length}`, {
      issues: [{ path: '$.factSets', code: 'too_big', message: `at most ${LIMITS.batchSize}` }],
    });
  }
  return ok(true);
}
