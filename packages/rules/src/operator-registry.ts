import type { OperatorName } from '@precept/schema';
import { addMonths, parseDay } from './calendar-dates.js';

/** What an operator may read besides its two operands: the as-of day of the evaluation. */
export interface OperatorContext {
  /** Day number (days since 1970-01-01) of the as-of date, UTC. */
  readonly asOfDay: number;
}

/**
 * An operator: the fact value it tests (after `path`), the condition's value (a fact reference
 * already resolved) and the context. Total: it returns a boolean for every input and never throws.
 */
export type OperatorImpl = (factValue: unknown, value: unknown, context: OperatorContext) => boolean;

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * Orders two values of an ordered type: finite numbers by value, calendar dates by day. Returns NaN
 * for anything else (missing, mixed types, strings that are not dates), and NaN compares false.
 */
function compareOrdered(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return parseDay(a) - parseDay(b);
  return NaN;
}

function isListOfType(list: unknown, type: string): list is unknown[] {
  if (!Array.isArray(list)) return false;
  for (const item of list) if (typeof item !== type) return false;
  return true;
}

/** A whole number of days or months: 0 … 1,000,000. */
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1_000_000;
}

/** true/false for "empty", undefined when emptiness does not apply to the value. */
function emptiness(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
  return undefined;
}

/**
 * The evaluator's implementation of every operator of `OPERATORS` (from `@precept/schema`), shared by
 * the compiled evaluator and the json-rules-engine evaluator (registered over its built-ins, whose
 * quirks, such as `contains` on strings or `in` with a non-array, are not our contract).
 *
 * Semantics: a comparison with a missing, null or mistyped value is false (even `notEqual`,
 * `notIn`, `doesNotContain`); `exists` is "present and not null"; `isEmpty` holds for a missing or
 * null value, an empty string and an empty list. Dates compare as calendar days; the date-relative
 * operators count from the as-of day, months clamping to the end of the month; their windows
 * include both ends (within 30 days before = from as-of − 30 days to the as-of day).
 */
export const OPERATOR_IMPLS = {
  equal: (a, b) => isScalar(a) && a === b,
  notEqual: (a, b) => isScalar(a) && isScalar(b) && typeof a === typeof b && a !== b,
  lessThan: (a, b) => compareOrdered(a, b) < 0,
  lessThanInclusive: (a, b) => compareOrdered(a, b) <= 0,
  greaterThan: (a, b) => compareOrdered(a, b) > 0,
  greaterThanInclusive: (a, b) => compareOrdered(a, b) >= 0,
  between: (a, b) =>
    Array.isArray(b) && b.length === 2 && compareOrdered(a, b[0]) >= 0 && compareOrdered(a, b[1]) <= 0,
  in: (a, b) => isScalar(a) && isListOfType(b, typeof a) && b.includes(a),
  notIn: (a, b) => isScalar(a) && isListOfType(b, typeof a) && b.length > 0 && !b.includes(a),
  contains: (a, b) => Array.isArray(a) && isScalar(b) && a.includes(b),
  doesNotContain: (a, b) => Array.isArray(a) && isScalar(b) && !a.includes(b),
  containsAll: (a, b) => Array.isArray(a) && Array.isArray(b) && b.every((item) => a.includes(item)),
  containsAny: (a, b) => Array.isArray(a) && Array.isArray(b) && b.some((item) => a.includes(item)),
  exists: (a, b) => typeof b === 'boolean' && (a !== undefined && a !== null) === b,
  isEmpty: (a, b) => typeof b === 'boolean' && emptiness(a) === b,
  dateBefore: (a, b) => parseDay(a) < parseDay(b),
  dateAfter: (a, b) => parseDay(a) > parseDay(b),
  withinDaysBefore: (a, n, { asOfDay }) => {
    const day = parseDay(a);
    return isCount(n) && day <= asOfDay && day >= asOfDay - n;
  },
  withinDaysAfter: (a, n, { asOfDay }) => {
    const day = parseDay(a);
    return isCount(n) && day >= asOfDay && day <= asOfDay + n;
  },
  olderThanDays: (a, n, { asOfDay }) => isCount(n) && parseDay(a) < asOfDay - n,
  withinMonthsBefore: (a, n, { asOfDay }) => {
    const day = parseDay(a);
    return isCount(n) && day <= asOfDay && day >= addMonths(asOfDay, -n);
  },
  olderThanMonths: (a, n, { asOfDay }) => isCount(n) && parseDay(a) < addMonths(asOfDay, -n),
} as const satisfies Record<OperatorName, OperatorImpl>;
