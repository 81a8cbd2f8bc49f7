import { LIMITS, type PolicyKind } from '@precept/schema';
import { fail, ok, type SdkResult } from '../sdk-error.js';
import type { BatchItem, EvaluateOptions, Facts, PolicyDecision } from '../types.js';
import { decideWith, selectVersion, type DecideContext } from './decide.js';
import type { CompiledPolicySet } from './policy-set.js';

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
): SdkResult<PolicyDecision<K>> {
  if (options.signal?.aborted) return abortedResult();
  const selected = selectVersion(set, policyKey, options, context.now);
  if (!selected.ok) return selected;
  return decideWith(selected.value, facts, options, context);
}

/**
 * Evaluates many fact sets with the one version selected for the batch's as-of, without traces unless
 * `trace: true`; each fact set succeeds or fails on its own. More than `LIMITS.batchSize` fact sets is a `LIMIT` error.
 */
export function evaluateBatchInSet<K extends PolicyKind>(
  set: CompiledPolicySet,
  policyKey: string,
  factSets: readonly Facts[],
  options: EvaluateOptions<K>,
  context: DecideContext,
): SdkResult<BatchItem<K>[]> {
  if (options.signal?.aborted) return abortedResult();
  const limit = checkBatchSize(factSets);
  if (!limit.ok) return limit;
  const selected = selectVersion(set, policyKey, options, context.now);
  if (!selected.ok) return selected;
  // Like the server's batch: no traces unless asked for (a batch is wanted for its outcomes).
  const batchOptions = { ...options, trace: options.trace === true };
  return ok(factSets.map((facts) => decideWith(selected.value, facts, batchOptions, context)));
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
