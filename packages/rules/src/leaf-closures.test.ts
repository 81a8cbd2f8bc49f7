// The specialised leaves and the rule program compute exactly what the operator registry computes,
// for every value a fact may hold (JSON values, but also the infinities and -0 of a caller's object).
import type { Condition, JsonValue, OperatorName } from '@precept/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule } from './closure-runner.js';
import { specialiseLeaf } from './leaf-closures.js';
import { OPERATOR_IMPLS } from './operator-registry.js';
import { RuleProgram } from './rule-program.js';
import { leavesOf, toFactRead, type LeafSpec, type RuleSpec } from './rule-spec.js';

const SPECIALISED: OperatorName[] = [
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'between',
  'equal',
];
const fieldIndex = new Map([
  ['a', 0],
  ['b', 1],
]);
const context = { asOfDay: 20_454 };

const factValueArb = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 2.5, 90, 95, Infinity, -Infinity, NaN, Number.MAX_VALUE),
  fc.double(),
  fc.integer({ min: -5, max: 100 }),
  fc.constantFrom('2026-01-01', '2025-12-31', '2024-02-29', '2026-02-30', 'x', ''),
  fc.constantFrom(true, false, null, undefined),
  fc.constant([1, 2]),
);
const literalArb: fc.Arbitrary<JsonValue | undefined> = fc.oneof(
  fc.constantFrom(0, 1, -1, 2.5, 90, 95, 1e300),
  fc.integer({ min: -5, max: 100 }),
  fc.constantFrom('2026-01-01', '2024-02-29', '2026-02-30', 'x'),
  fc.constantFrom(true, false, null, undefined),
  fc.tuple(fc.integer({ min: -5, max: 100 }), fc.integer({ min: -5, max: 100 })),
  fc
    .constantFrom<JsonValue[]>([1, 'x'], ['2026-01-01', '2026-12-31'], [1], [1, 2, 3], [{ fact: 'a' }])
    .map((value): JsonValue => (value.length === 1 && typeof value[0] === 'object' ? value[0] : value)),
);

function leaf(operator: OperatorName, value: JsonValue | undefined): LeafSpec {
  return { path: '$.x', read: toFactRead('a', undefined), operator, value, reference: undefined };
}

function rule(condition: Condition, index = 0): RuleSpec {
  return {
    index,
    id: `r${index}`,
    path: `$.rules[${index}]`,
    condition: condition as RuleSpec['condition'],
    priority: 1,
    leaves: leavesOf(condition, `$.rules[${index}].conditions`),
    postIndex: -1,
    requirementIndex: -1,
  };
}

describe('specialiseLeaf', () => {
  it('specialises a top-level field against a literal, and leaves paths and references to the generic closure', () => {
    expect(specialiseLeaf(leaf('lessThan', 3), 0)).toBeTypeOf('function');
    expect(specialiseLeaf({ ...leaf('lessThan', 3), read: toFactRead('a', '$.b') }, 0)).toBeUndefined();
    expect(
      specialiseLeaf({ ...leaf('lessThan', undefined), reference: toFactRead('b', undefined) }, 0),
    ).toBeUndefined();
    expect(specialiseLeaf(leaf('contains', 3), 0)).toBeUndefined();
    expect(specialiseLeaf(leaf('lessThan', 3), undefined)).toBeUndefined();
  });

  it('property: gives what the registry gives', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SPECIALISED), literalArb, factValueArb, (operator, value, a) => {
        const test = specialiseLeaf(leaf(operator, value), 0);
        if (test === undefined) return;
        expect(test([a], context)).toBe(OPERATOR_IMPLS[operator](a, value, context));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('RuleProgram', () => {
  it('property: gives each rule the result of its closure (one-comparison rules as data, the rest called)', () => {
    const conditionArb: fc.Arbitrary<Condition> = fc
      .tuple(
        fc.constantFrom('all', 'any', 'not', 'two'),
        fc.constantFrom(...SPECIALISED, 'notEqual', 'in'),
        literalArb,
        fc.constantFrom('a', 'b', 'ghost'),
      )
      .map(([shape, operator, value, fact]) => {
        const one = { fact, operator, value } as Condition;
        if (shape === 'all') return { all: [one] };
        if (shape === 'any') return { any: [one] };
        if (shape === 'not') return { all: [{ not: one }] };
        return { any: [one, { fact: 'b', operator: 'equal', value: 1 }] };
      });
    fc.assert(
      fc.property(
        fc.array(conditionArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(factValueArb, factValueArb), { minLength: 1, maxLength: 6 }),
        (conditions, factSets) => {
          const rules = conditions.map((condition, index) => rule(condition, index));
          const closures = rules.map((r) => compileRule(r, fieldIndex));
          const program = new RuleProgram(
            rules,
            closures.map((closure) => closure.fast),
            fieldIndex,
          );
          expect(program.length).toBe(rules.length);
          for (const values of factSets) {
            const results = new Array<boolean>(rules.length);
            program.run(values, context, results);
            expect(results).toEqual(closures.map((closure) => closure.fast(values, context)));
            expect(results).toEqual(closures.map((closure) => closure.traced(values, context, [])));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
