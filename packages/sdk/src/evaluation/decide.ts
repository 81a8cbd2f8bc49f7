import { safeEvaluate } from '@precept/rules';
import type { DECISION_SOURCES, JsonObject, OutcomeOf, PolicyKind } from '@precept/schema';
import { fail, ok, type SdkResult } from '../sdk-error.js';
import type { EvaluateOptions, PolicyDecision } from '../types.js';
import { resolveAsOf, type ResolvedAsOf } from './as-of.js';
import type { CompiledPolicySet, CompiledVersion } from './policy-set.js';

/** What an in-process evaluation needs from its surroundings. */
export interface DecideContext {
  source: (typeof DECISION_SOURCES)[number];
  now: () => Date;
  newId: () => string;
}

/** A v4 UUID: `crypto.randomUUID` where available (Node, secure browser contexts), else from random bytes. */
export function newDecisionId(): string {
  const webCrypto = globalThis.crypto;
  if (typeof webCrypto.randomUUID === 'function') return webCrypto.randomUUID();
  const bytes = webCrypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Picks the version for `policyKey` at the options' as-of (or their `version`) and checks its kind. */
export function selectVersion(
  set: CompiledPolicySet,
  policyKey: string,
  options: EvaluateOptions<PolicyKind>,
  now: () => Date,
): SdkResult<{ version: CompiledVersion; asOf: ResolvedAsOf }> {
  const asOf = resolveAsOf(options.asOf, now, set.timeZone);
  if (!asOf.ok) return asOf;
  const version = set.select(policyKey, asOf.value, options.version);
  if (!version.ok) return version;
  if (options.kind !== undefined && version.value.kind !== options.kind) {
    return fail('VALIDATION', `policy "${policyKey}" is a ${version.value.kind}, not a ${options.kind}`, {
      issues: [
        {
          path: '$.kind',
          code: 'kind_mismatch',
          message: `expected ${options.kind}, got ${version.value.kind}`,
        },
      ],
    });
  }
  return ok({ version: version.value, asOf: asOf.value });
}

/** Evaluates one (JSON) fact set with a selected version, in-process, with `@precept/rules`. */
export function decideWith<K extends PolicyKind>(
  selected: { version: CompiledVersion; asOf: ResolvedAsOf },
  facts: JsonObject,
  options: EvaluateOptions<K>,
  context: DecideContext,
): SdkResult<PolicyDecision<K>> {
  const { version, asOf } = selected;
  const started = performance.now();
  const evaluation = safeEvaluate(version.compiled, facts, {
    asOf: asOf.text,
    trace: options.trace === true,
    timeZone: asOf.timeZone,
  });
  const durationMs = performance.now() - started;
  if (!evaluation.ok) return { ok: false, error: evaluation.error };
  return ok({
    decisionId: context.newId(),
    policyKey: version.policyKey,
    version: version.version,
    contentHash: version.contentHash,
    engineVersion: version.compiled.engineVersion,
    asOf: asOf.text,
    // The compiled version's kind was checked against `options.kind` by `selectVersion`.
    outcome: evaluation.value.outcome as OutcomeOf<K>,
    trace: evaluation.value.trace,
    durationMs,
    source: context.source,
  });
}
