import type { AsOf } from './calendar-dates.js';
import type { Facts } from './fact-reader.js';
import type { FieldValues } from './facts-intake.js';
import type { RuleSpec } from './rule-spec.js';

/** What every outcome builder receives besides the document: the rules evaluated, their results, the facts and the as-of. */
export interface OutcomeInput {
  /** The rules that were evaluated, in document order. */
  readonly rules: readonly RuleSpec[];
  /** `results[i]` is the result of `rules[i]`. */
  readonly results: readonly boolean[];
  readonly facts: Facts;
  /** The same facts as field values by position (what fact readers read). */
  readonly values: FieldValues;
  readonly asOf: AsOf;
}

/** Rounds away binary floating-point noise from sums of points (0.1 + 0.2 → 0.3): 6 decimals. */
export function roundPoints(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Rounds to two decimals (percentages). */
export function roundPercent(value: number): number {
  return Math.round(value * 100) / 100;
}
