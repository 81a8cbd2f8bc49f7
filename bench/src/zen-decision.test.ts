import type { Condition } from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { toZenCondition, toZenGraph } from './zen-decision.js';
import { generateScorecard } from './scorecard-generator.js';

describe('toZenCondition', () => {
  it.each<[string, Condition, string]>([
    ['lessThan', { fact: 'a', operator: 'lessThan', value: 90 }, '(a != null and a < 90)'],
    ['between', { fact: 'a', operator: 'between', value: [1, 3] }, '(a != null and a >= 1 and a <= 3)'],
    ['equal', { fact: 'f', operator: 'equal', value: true }, '(f == true)'],
    ['in', { fact: 'r', operator: 'in', value: ['x', 'y'] }, '(r != null and r in ["x", "y"])'],
    ['contains', { fact: 't', operator: 'contains', value: 'p' }, '(t != null and "p" in t)'],
    [
      'nested',
      {
        all: [
          { any: [{ fact: 'a', operator: 'equal', value: 1 }] },
          { not: { fact: 'b', operator: 'equal', value: 2 } },
        ],
      },
      '(((a == 1)) and (not (b == 2)))',
    ],
  ])('%s', (_, condition, expected) => {
    expect(toZenCondition(condition)).toBe(expected);
  });

  it.each<[string, Condition]>([
    ['an operator it does not translate', { fact: 'd', operator: 'withinDaysBefore', value: 3 }],
    ['a fact path', { fact: 'o', path: '$.a', operator: 'equal', value: 1 }],
  ])('refuses %s rather than approximate it', (_, condition) => {
    expect(() => toZenCondition(condition)).toThrow(/zen translation/);
  });
});

describe('toZenGraph', () => {
  it('computes every line, each category, the total and the grade in one expression node', () => {
    const { document } = generateScorecard(10);
    const graph = toZenGraph(document);
    const keys = graph.nodes[1]!.content.expressions!.map((expression) => expression.key);
    expect(keys.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `l${i}`));
    expect(keys.slice(-4)).toEqual(['deductions', 'bonuses', 'total', 'grade']);
  });
});
