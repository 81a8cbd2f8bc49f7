import { OPERATOR_NAMES, type OperatorName } from '@precept/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDay } from './calendar-dates.js';
import { OPERATOR_IMPLS } from './operator-registry.js';

const context = { asOfDay: parseDay('2026-03-31') };

// [operator, fact value, value, expected]; as-of 2026-03-31 for the date-relative ones.
const CASES: [OperatorName, unknown, unknown, boolean][] = [
  ['equal', 5, 5, true],
  ['equal', 5, 6, false],
  ['equal', '5', 5, false],
  ['equal', 'a', 'a', true],
  ['equal', true, true, true],
  ['equal', undefined, undefined, false],
  ['equal', null, null, false],
  ['equal', [1], [1], false],
  ['notEqual', 5, 6, true],
  ['notEqual', 5, 5, false],
  ['notEqual', undefined, 5, false],
  ['notEqual', null, 5, false],
  ['notEqual', '5', 5, false],
  ['lessThan', 4, 5, true],
  ['lessThan', 5, 5, false],
  ['lessThan', undefined, 5, false],
  ['lessThan', '4', 5, false],
  ['lessThan', '2026-01-01', '2026-01-02', true],
  ['lessThan', 'a', 'b', false],
  ['lessThanInclusive', 5, 5, true],
  ['lessThanInclusive', 5.0001, 5, false],
  ['lessThanInclusive', '2026-01-02', '2026-01-02', true],
  ['greaterThan', 6, 5, true],
  ['greaterThan', 5, 5, false],
  ['greaterThan', null, -1, false],
  ['greaterThan', true, 0, false],
  ['greaterThanInclusive', 95, 95, true],
  ['greaterThanInclusive', 94.99, 95, false],
  ['greaterThanInclusive', '2026-02-29', '2026-01-01', false],
  ['between', 5, [1, 5], true],
  ['between', 1, [1, 5], true],
  ['between', 0.99, [1, 5], false],
  ['between', '2026-02-01', ['2026-01-01', '2026-03-01'], true],
  ['between', 5, [1], false],
  ['between', undefined, [1, 5], false],
  ['between', 3, 'nope', false],
  ['in', 'a', ['a', 'b'], true],
  ['in', 'c', ['a', 'b'], false],
  ['in', 1, ['1'], false],
  ['in', 'a', 'abc', false],
  ['in', undefined, ['a'], false],
  ['notIn', 'c', ['a', 'b'], true],
  ['notIn', 'a', ['a', 'b'], false],
  ['notIn', undefined, ['a'], false],
  ['notIn', 1, ['a'], false],
  ['notIn', 'a', 'bcd', false],
  ['contains', ['a', 'b'], 'a', true],
  ['contains', ['a', 'b'], 'c', false],
  ['contains', 'abc', 'a', false],
  ['contains', undefined, 'a', false],
  ['doesNotContain', ['a'], 'b', true],
  ['doesNotContain', ['a'], 'a', false],
  ['doesNotContain', undefined, 'a', false],
  ['doesNotContain', 'abc', 'x', false],
  ['containsAll', ['a', 'b', 'c'], ['a', 'c'], true],
  ['containsAll', ['a', 'b'], ['a', 'x'], false],
  ['containsAll', undefined, ['a'], false],
  ['containsAny', ['a', 'b'], ['x', 'b'], true],
  ['containsAny', ['a', 'b'], ['x', 'y'], false],
  ['containsAny', [], ['a'], false],
  ['exists', 0, true, true],
  ['exists', '', true, true],
  ['exists', undefined, true, false],
  ['exists', null, true, false],
  ['exists', undefined, false, true],
  ['exists', 1, 'yes', false],
  ['isEmpty', '', true, true],
  ['isEmpty', [], true, true],
  ['isEmpty', undefined, true, true],
  ['isEmpty', null, true, true],
  ['isEmpty', ['a'], true, false],
  ['isEmpty', ['a'], false, true],
  ['isEmpty', 0, true, false],
  ['isEmpty', 0, false, false],
  ['dateBefore', '2026-01-01', '2026-01-02', true],
  ['dateBefore', '2026-01-02', '2026-01-02', false],
  ['dateBefore', 'soon', '2026-01-02', false],
  ['dateAfter', '2026-01-03', '2026-01-02', true],
  ['dateAfter', '2026-01-02', '2026-01-02', false],
  ['dateAfter', undefined, '2026-01-02', false],
  // within 30 days before 2026-03-31: 2026-03-01 … 2026-03-31
  ['withinDaysBefore', '2026-03-01', 30, true],
  ['withinDaysBefore', '2026-02-28', 30, false],
  ['withinDaysBefore', '2026-03-31', 30, true],
  ['withinDaysBefore', '2026-04-01', 30, false],
  ['withinDaysBefore', '2026-03-31', 0, true],
  ['withinDaysBefore', '2026-03-31', -1, false],
  ['withinDaysBefore', '2026-03-31', 1.5, false],
  ['withinDaysBefore', 20_000, 30, false],
  // within 10 days after: 2026-03-31 … 2026-04-10
  ['withinDaysAfter', '2026-04-10', 10, true],
  ['withinDaysAfter', '2026-04-11', 10, false],
  ['withinDaysAfter', '2026-03-30', 10, false],
  // more than 30 days before: before 2026-03-01
  ['olderThanDays', '2026-02-28', 30, true],
  ['olderThanDays', '2026-03-01', 30, false],
  ['olderThanDays', undefined, 30, false],
  // within 1 month before 2026-03-31: from 2026-02-28 (clamped)
  ['withinMonthsBefore', '2026-02-28', 1, true],
  ['withinMonthsBefore', '2026-02-27', 1, false],
  ['withinMonthsBefore', '2025-03-31', 12, true],
  ['withinMonthsBefore', '2025-03-30', 12, false],
  ['withinMonthsBefore', '2026-04-01', 12, false],
  ['olderThanMonths', '2026-02-27', 1, true],
  ['olderThanMonths', '2026-02-28', 1, false],
  ['olderThanMonths', '2026-02-27', 'one', false],
];

describe('OPERATOR_IMPLS', () => {
  it.each(CASES)('%s(%j, %j) → %s', (operator, factValue, value, expected) => {
    expect(OPERATOR_IMPLS[operator](factValue, value, context)).toBe(expected);
  });

  it('has a true and a false case above for every operator of the registry', () => {
    for (const name of OPERATOR_NAMES) {
      const results = new Set(
        CASES.filter(([operator]) => operator === name).map(([, , , expected]) => expected),
      );
      expect([name, [...results].sort()]).toEqual([name, [false, true]]);
    }
  });

  it('is total: every operator returns a boolean and never throws, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPERATOR_NAMES),
        fc.anything(),
        fc.anything(),
        fc.integer(),
        (name, a, b, day) => {
          expect(typeof OPERATOR_IMPLS[name](a, b, { asOfDay: day })).toBe('boolean');
        },
      ),
      { numRuns: 3000 },
    );
  });
});
