import type { JsonValue } from '@precept/schema';
import { parseDay } from './calendar-dates.js';
import type { FieldValues } from './facts-intake.js';
import type { OperatorContext } from './operator-registry.js';
import type { LeafSpec } from './rule-spec.js';

// Specialised closures for the leaves that most policies are made of: a top-level field compared
// with a literal number or date (`complaints > 0`, `rate < 95`, `rank between [1, 3]`,
// `openedOn before 2026-01-01`), and `equal` to a literal. The literal is folded in at compile time
// (a date literal is parsed once), so evaluating one is a load, a type test and a comparison. Each
// gives exactly what `OPERATOR_IMPLS` gives (same formulas: `a - b < 0`, not `a < b`, so that the
// infinities compare as the registry compares them); the differential test holds them to it.

/** A leaf's test without a trace. */
export type FastLeaf = (values: FieldValues, context: OperatorContext) => boolean;

const never: FastLeaf = () => false;

type Ordered = 'lessThan' | 'lessThanInclusive' | 'greaterThan' | 'greaterThanInclusive';

function orderedNumber(operator: Ordered, field: number, b: number): FastLeaf {
  switch (operator) {
    case 'lessThan':
      return (values) => {
        const a = values[field];
        return typeof a === 'number' && a - b < 0;
      };
    case 'lessThanInclusive':
      return (values) => {
        const a = values[field];
        return typeof a === 'number' && a - b <= 0;
      };
    case 'greaterThan':
      return (values) => {
        const a = values[field];
        return typeof a === 'number' && a - b > 0;
      };
    case 'greaterThanInclusive':
      return (values) => {
        const a = values[field];
        return typeof a === 'number' && a - b >= 0;
      };
  }
}

function orderedDay(operator: Ordered, field: number, b: number): FastLeaf {
  switch (operator) {
    case 'lessThan':
      return (values) => parseDay(values[field]) - b < 0;
    case 'lessThanInclusive':
      return (values) => parseDay(values[field]) - b <= 0;
    case 'greaterThan':
      return (values) => parseDay(values[field]) - b > 0;
    case 'greaterThanInclusive':
      return (values) => parseDay(values[field]) - b >= 0;
  }
}

function isOrdered(operator: string): operator is Ordered {
  return (
    operator === 'lessThan' ||
    operator === 'lessThanInclusive' ||
    operator === 'greaterThan' ||
    operator === 'greaterThanInclusive'
  );
}

function isScalar(value: unknown): value is string | number | boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/** Codes of the comparisons a {@link NumericTest} makes. */
export const NUMERIC_OPS = {
  lessThan: 1,
  lessThanInclusive: 2,
  greaterThan: 3,
  greaterThanInclusive: 4,
  between: 5,
} as const;

/**
 * A leaf that compares a top-level field with number literals, as data: `op` (a code of
 * {@link NUMERIC_OPS}), the field's position, and the literal (`low`; `between` also `high`).
 */
export interface NumericTest {
  readonly op: number;
  readonly field: number;
  readonly low: number;
  readonly high: number;
}

/** The {@link NumericTest} of a leaf, or undefined when it is not one. */
export function numericTestOf(leaf: LeafSpec, field: number | undefined): NumericTest | undefined {
  if (leaf.reference !== undefined || leaf.read.segments !== undefined || field === undefined)
    return undefined;
  const b: JsonValue | undefined = leaf.value;
  const { operator } = leaf;
  if (isOrdered(operator) && typeof b === 'number')
    return { op: NUMERIC_OPS[operator], field, low: b, high: b };
  if (operator === 'between' && Array.isArray(b) && b.length === 2) {
    const [low, high] = b;
    if (typeof low === 'number' && typeof high === 'number')
      return { op: NUMERIC_OPS.between, field, low, high };
  }
  return undefined;
}

/**
 * A specialised closure for a leaf that tests a top-level field (no path) against a literal, or
 * undefined when the leaf is of another form (the generic closure then serves).
 */
export function specialiseLeaf(leaf: LeafSpec, field: number | undefined): FastLeaf | undefined {
  if (leaf.reference !== undefined || leaf.read.segments !== undefined || field === undefined)
    return undefined;
  const b: JsonValue | undefined = leaf.value;
  const { operator } = leaf;
  if (isOrdered(operator)) {
    // compareOrdered: numbers by value, strings as calendar days, anything else never.
    if (typeof b === 'number') return orderedNumber(operator, field, b);
    if (typeof b !== 'string') return never;
    const day = parseDay(b);
    return Number.isNaN(day) ? never : orderedDay(operator, field, day);
  }
  if (operator === 'between') {
    if (!Array.isArray(b) || b.length !== 2) return never;
    const [low, high] = b;
    if (typeof low === 'number' && typeof high === 'number') {
      return (values) => {
        const a = values[field];
        return typeof a === 'number' && a - low >= 0 && a - high <= 0;
      };
    }
    return undefined;
  }
  if (operator === 'equal') {
    // isScalar(a) && a === b: with a scalar b, a === b says it all; with any other b, never.
    if (!isScalar(b)) return never;
    return (values) => values[field] === b;
  }
  return undefined;
}
