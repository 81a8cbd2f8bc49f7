// Personal data in the decision log: the keyed pseudonyms, the classification of each subject's
// fields (a path ever marked personal in any version of the subject stays personal), what a
// decision stores, and the masked copies shown to the roles that may not see personal values.
import { createHmac } from 'node:crypto';
import {
  canonicalJson,
  dottedPathOf,
  personalPathsOf,
  planPersonalData,
  pseudonymiseFacts,
  touchesPersonalData,
  type PersonalDataPlan,
} from '@precept/rules';
import {
  isPseudonym,
  type Actor,
  type JsonObject,
  type JsonValue,
  type Outcome,
  type Subject,
  type Trace,
} from '@precept/schema';

/** Makes pseudonyms of personal values (HMAC-SHA256 under the personal-data key). */
export interface Pseudonymiser {
  /** `hmac-sha256:<key id>:<hex>` of the value's canonical JSON. */
  pseudonym(value: JsonValue): string;
  /** The key's id in every pseudonym it makes. */
  readonly keyId: string;
}

/**
 * Creates the {@link Pseudonymiser} of a key: the same value always gives the same pseudonym under
 * one key, so whoever holds a staff number can find its decisions; the value cannot be read back.
 */
export function createPseudonymiser(key: Buffer, keyId: string): Pseudonymiser {
  return {
    keyId,
    pseudonym: (value) =>
      `hmac-sha256:${keyId}:${createHmac('sha256', key).update(canonicalJson(value)).digest('hex')}`,
  };
}

/**
 * Which fields of a subject hold personal data: the dotted paths marked `personal` in any of its
 * versions. Plans of what to pseudonymise are kept per set of fields a version reads.
 */
export class Classification {
  readonly paths: readonly string[];
  /** Every personal value replaced: a masked view, and the pseudonyms index. */
  readonly maskPlan: PersonalDataPlan;
  readonly #plans = new WeakMap<readonly string[], PersonalDataPlan>();

  constructor(paths: Iterable<string>) {
    this.paths = [...new Set(paths)].sort();
    this.maskPlan = planPersonalData(this.paths);
  }

  /** The classification of a subject's versions. */
  static of(versions: readonly Subject[]): Classification {
    return new Classification(versions.flatMap(personalPathsOf));
  }

  get isEmpty(): boolean {
    return this.paths.length === 0;
  }

  /** What a version that reads `reads` stores as pseudonyms (memoised by the `reads` array). */
  storePlan(reads: readonly string[]): PersonalDataPlan {
    let plan = this.#plans.get(reads);
    if (plan === undefined) {
      plan = planPersonalData(this.paths, reads);
      this.#plans.set(reads, plan);
    }
    return plan;
  }
}

/** What the log stores of one decision's facts. */
export interface MinimisedFacts {
  facts: JsonObject;
  /** Paths stored as pseudonyms. */
  pseudonymised: string[];
  /** The pseudonyms of every personal value, stored in clear or not (the index that finds a person). */
  pseudonyms: string[];
}

/**
 * The facts to store for a version that reads `reads`: each personal value it does not read
 * replaced by its pseudonym, and the pseudonyms of all personal values. One HMAC per value.
 */
export function minimiseFacts(
  facts: JsonObject,
  classification: Classification,
  reads: readonly string[],
  pseudonymiser: Pseudonymiser,
): MinimisedFacts {
  if (classification.isEmpty) return { facts, pseudonymised: [], pseudonyms: [] };
  const byValue = new Map<string, string>();
  const pseudonym = (value: JsonValue): string => {
    const key = canonicalJson(value);
    let token = byValue.get(key);
    if (token === undefined) {
      token = pseudonymiser.pseudonym(value);
      byValue.set(key, token);
    }
    return token;
  };
  // Every personal value once through the mask plan fills `byValue`: the pseudonyms to index.
  pseudonymiseFacts(facts, classification.maskPlan, pseudonym);
  const stored = pseudonymiseFacts(facts, classification.storePlan(reads), pseudonym);
  return { facts: stored.facts, pseudonymised: stored.pseudonymised, pseudonyms: [...byValue.values()].sort() };
}

/** True when `actor` may see personal values in clear. */
export function seesPersonalData(actor: Actor, roles: readonly string[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

const maskValue = (value: JsonValue | undefined, pseudonymiser: Pseudonymiser): JsonValue | undefined =>
  value === undefined || isPseudonym(value) ? value : pseudonymiser.pseudonym(value);

/** A trace with the values of personal facts shown as pseudonyms. */
export function maskTrace(trace: Trace, classification: Classification, pseudonymiser: Pseudonymiser): Trace {
  if (classification.isEmpty) return trace;
  return trace.map((rule) => ({
    ...rule,
    conditions: rule.conditions.map((condition) => {
      if (!touchesPersonalData(dottedPathOf(condition.fact, condition.factPath), classification.paths)) return condition;
      const { factValue, ...rest } = condition;
      const masked = maskValue(factValue, pseudonymiser);
      return masked === undefined ? rest : { ...rest, factValue: masked };
    }),
  }));
}

/** An outcome with the personal values it repeats (a standard's actual values) shown as pseudonyms. */
export function maskOutcome(outcome: Outcome, classification: Classification, pseudonymiser: Pseudonymiser): Outcome {
  if (classification.isEmpty || outcome.kind !== 'standard') return outcome;
  return {
    ...outcome,
    targets: outcome.targets.map((target) => ({
      ...target,
      actual: Object.fromEntries(
        Object.entries(target.actual).map(([key, value]) => [
          key,
          touchesPersonalData(dottedPathOf(key), classification.paths) ? maskValue(value, pseudonymiser)! : value,
        ]),
      ),
    })),
  };
}

/** Facts with every personal value shown as its pseudonym. */
export function maskFacts(facts: JsonObject, classification: Classification, pseudonymiser: Pseudonymiser): JsonObject {
  return pseudonymiseFacts(facts, classification.maskPlan, (value) => pseudonymiser.pseudonym(value)).facts;
}
