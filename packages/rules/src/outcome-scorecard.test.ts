import type { OutcomeOf, PolicyDocument } from '@precept/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, evaluate } from './index.js';
import { evaluateWithEngine } from './reference.js';
import { roundPoints } from './outcome-context.js';
import { formatNumber } from './outcome-scorecard.js';
import { scorecard, subject, title } from './test/fixtures.js';

const compiled = compile(scorecard, subject);
const asOf = '2026-01-01';
const score = (facts: Record<string, unknown>) =>
  evaluate(compiled, facts, { asOf }).outcome as OutcomeOf<'scorecard'>;
const line = (outcome: OutcomeOf<'scorecard'>, id: string) => outcome.lines.find((l) => l.id === id)!;

describe('scorecard', () => {
  // complaints: 2 per complaint above 0, line cap 10; satisfaction: 1 per 0.5 below 95;
  // both in category "service", capped at 12; media: fixed 5; praise: bonus 3. Base 100, clamp 0…110.
  it.each([
    // facts, complaints points, satisfaction points, total, grade
    [{}, 0, 0, 100, 'A'],
    [{ count: 0, score: 95 }, 0, 0, 100, 'A'],
    [{ count: 1, score: 95 }, 2, 0, 98, 'A'],
    [{ count: 5, score: 96 }, 10, 0, 90, 'B'],
    [{ count: 6, score: 96 }, 10, 0, 90, 'B'], // line cap
    [{ count: 0, score: 94.5 }, 0, 1, 99, 'A'], // exactly one step below
    [{ count: 0, score: 94.51 }, 0, 0, 100, 'A'], // a partial step counts nothing
    [{ count: 0, score: 94.9 }, 0, 0, 100, 'A'],
    [{ count: 4, score: 93 }, 8, 4, 88, 'B'], // 8 + 4 = 12, exactly the category cap
    [{ count: 5, score: 93 }, 10, 2, 88, 'B'], // category cap takes 2 of the 4
    [{ count: 0, score: 80 }, 0, 12, 88, 'B'], // 30 units, capped by the category
  ])(
    '%j → complaints %d, satisfaction %d, total %d (%s)',
    (facts, complaints, satisfaction, total, grade) => {
      const outcome = score(facts);
      expect(line(outcome, 'complaints').points).toBe(complaints);
      expect(line(outcome, 'satisfaction').points).toBe(satisfaction);
      expect(outcome.total).toBe(total);
      expect(outcome.grade).toBe(grade);
    },
  );

  it('explains each line and category, with units and caps', () => {
    const outcome = score({ count: 6, score: 93, flag: true, tags: ['praise'] });
    expect(outcome).toMatchObject({
      baseScore: 100,
      deductions: 17,
      bonuses: 3,
      total: 86,
      grade: 'B',
      gradeLabel: { zh: 'good', en: 'good' },
      categories: [
        { category: 'service', points: 12, capped: true },
        { category: 'reputation', points: 5, capped: false },
        { category: 'bonus', points: 3, capped: false },
      ],
    });
    expect(line(outcome, 'complaints')).toEqual({
      id: 'complaints',
      title: title('complaints'),
      type: 'deduction',
      category: 'service',
      fired: true,
      points: 10,
      units: 6,
      capped: true,
      reason:
        'condition met: deducted 10 (count 6 is 6 above 0: 6 × 2 points per unit; capped at 10 by the line)',
    });
    expect(line(outcome, 'satisfaction')).toMatchObject({
      points: 2,
      units: 4,
      capped: true,
      reason: expect.stringContaining('capped at 2 by category service (at most 12)'),
    });
    expect(line(outcome, 'praise')).toMatchObject({ type: 'bonus', fired: true, points: 3, capped: false });
    expect(score({}).lines[0]).toMatchObject({
      fired: false,
      points: 0,
      capped: false,
      reason: 'condition not met: nothing deducted',
    });
  });

  it('names each category in both languages when the document does, and only then', () => {
    if (scorecard.kind !== 'scorecard') throw new Error('the fixture is a scorecard');
    const named: PolicyDocument = {
      ...scorecard,
      categories: [{ id: 'service', label: { zh: '服务', en: 'Service' }, section: '十.扣分部分' }],
    };
    const outcome = evaluate(compile(named, subject), { count: 1 }, { asOf })
      .outcome as OutcomeOf<'scorecard'>;
    expect(outcome.categories.find((c) => c.category === 'service')?.label).toEqual({
      zh: '服务',
      en: 'Service',
    });
    expect(outcome.categories.find((c) => c.category === 'reputation')).not.toHaveProperty('label');
    expect(score({ count: 1 }).categories.every((c) => !('label' in c))).toBe(true);
  });

  it('traces each line with the values its conditions saw', () => {
    const { trace } = evaluate(compiled, { count: 0, score: 95 }, { asOf, trace: true });
    expect(trace.map((rule) => [rule.id, rule.path, rule.result])).toEqual([
      ['complaints', '$.lines[0]', false],
      ['satisfaction', '$.lines[1]', false],
      ['media', '$.lines[2]', false],
      ['praise', '$.lines[3]', false],
    ]);
    expect(trace[1]!.conditions).toEqual([
      {
        path: '$.lines[1].condition.all[0]',
        fact: 'score',
        operator: 'lessThan',
        value: 95,
        factValue: 95,
        result: false,
      },
    ]);
    // A missing fact: no factValue in the trace.
    expect(trace[2]!.conditions).toEqual([
      { path: '$.lines[2].condition.all[0]', fact: 'flag', operator: 'equal', value: true, result: false },
    ]);
  });

  const bands: PolicyDocument = {
    kind: 'scorecard',
    baseScore: 100,
    minScore: 50,
    maxScore: 100,
    lines: [
      {
        id: 'loss',
        title: title('loss'),
        type: 'deduction',
        category: 'x',
        condition: { all: [{ fact: 'other', operator: 'exists', value: true }] },
        points: { mode: 'perUnit', value: 1, fact: 'other' },
      },
      {
        id: 'gain',
        title: title('gain'),
        type: 'bonus',
        category: 'y',
        condition: { all: [{ fact: 'score', operator: 'exists', value: true }] },
        points: { mode: 'perUnit', value: 0.1, fact: 'score' },
      },
    ],
    categoryCaps: [],
    grades: [
      { grade: 'A', label: title('A'), minScore: 90 },
      { grade: 'B', label: title('B'), minScore: 80 },
    ],
  };
  const banded = compile(bands, subject);
  it.each([
    [{ other: 10 }, 90, 'A'], // exactly at the A band
    [{ other: 10.5 }, 90, 'A'], // partial unit
    [{ other: 11 }, 89, 'B'],
    [{ other: 20 }, 80, 'B'],
    [{ other: 21 }, 79, null], // below every band
    [{ other: 80 }, 50, null], // clamped at minScore
    [{ score: 3 }, 100, 'A'], // 0.1 × 3 = 0.3 exactly (no float noise), clamped at maxScore
    [{ other: 12, score: 3 }, 88.3, 'B'],
  ])('%j → total %d, grade %s', (facts, total, grade) => {
    const outcome = evaluate(banded, facts, { asOf }).outcome as OutcomeOf<'scorecard'>;
    expect(outcome.total).toBe(total);
    expect(outcome.grade).toBe(grade);
  });

  it('64 evaluations started together, each with its own facts, all right (both evaluators)', async () => {
    const factSets = Array.from({ length: 64 }, (_, i) => ({
      count: i % 8,
      score: 90 + (i % 11) * 0.5,
      flag: i % 3 === 0,
    }));
    const expected = factSets.map((facts) => {
      const complaints = Math.min(facts.count * 2, 10);
      const satisfaction = Math.max(0, Math.floor((95 - facts.score) / 0.5));
      const service = Math.min(complaints + satisfaction, 12);
      return 100 - service - (facts.flag ? 5 : 0);
    });
    const viaEngine = await Promise.all(
      factSets.map((facts) => evaluateWithEngine(compiled, facts, { asOf })),
    );
    const viaClosures = await Promise.all(
      factSets.map((facts) => Promise.resolve().then(() => evaluate(compiled, facts, { asOf }))),
    );
    expect(viaEngine.map(({ outcome }) => (outcome as OutcomeOf<'scorecard'>).total)).toEqual(expected);
    expect(viaClosures.map(({ outcome }) => (outcome as OutcomeOf<'scorecard'>).total)).toEqual(expected);
    expect(viaEngine).toEqual(viaClosures);
    expect(new Set(expected).size).toBeGreaterThan(10);
  });
});

describe('scorecard entries built once and shared', () => {
  it('an outcome does not depend on the evaluations before it (thousands of values, in any order)', () => {
    // More distinct values than a line's memo has slots at first: entries replace each other, the
    // memo grows, and every outcome stays what a freshly compiled policy gives.
    const factSets = Array.from({ length: 3000 }, (_, i) => ({
      count: i % 13,
      score: ((i * 7919) % 1000) / 10 + (i % 3) * 0.01,
      flag: i % 4 === 0,
    }));
    const warm = compile(scorecard, subject);
    const first = factSets.map((facts) => evaluate(warm, facts, { asOf }).outcome);
    const shuffled = [...factSets.keys()].sort((a, b) => ((a * 31) % 97) - ((b * 31) % 97) || a - b);
    for (const index of shuffled) {
      expect(evaluate(warm, factSets[index]!, { asOf }).outcome).toStrictEqual(first[index]);
    }
    for (const index of shuffled.slice(0, 300)) {
      const fresh = compile(scorecard, subject);
      expect(evaluate(fresh, factSets[index]!, { asOf }).outcome).toStrictEqual(first[index]);
    }
  });

  it('keeps giving the right outcomes once its memo of fired entries is full', () => {
    const warm = compile(scorecard, subject);
    const fresh = compile(scorecard, subject);
    // 40,000 distinct satisfaction scores: more entries than the memo keeps.
    const factsOf = (i: number) => ({ count: 1 + (i % 3), score: 50 + i / 1000 });
    for (let i = 0; i < 40_000; i += 1) evaluate(warm, factsOf(i), { asOf });
    for (const i of [0, 1, 17, 9_999, 20_000, 32_767, 32_768, 39_999]) {
      expect(evaluate(warm, factsOf(i), { asOf })).toStrictEqual(evaluate(fresh, factsOf(i), { asOf }));
    }
  });

  it('formatNumber writes what String writes of the rounded number', () => {
    // Numbers of at most 6 decimals (what rounding leaves), around the 10⁹ bound and the 10⁻⁶ floor,
    // and any double at all.
    const micros = fc.oneof(
      fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
      fc.maxSafeInteger(),
      fc.constantFrom(0, 1, 5, 10, 999_999, 1_000_000, 1_000_001, 999_999_999_999_999, 1e15, 1e15 + 1),
    );
    const number = fc.oneof(
      micros.map((n) => n / 1e6),
      micros.map((n) => -n / 1e6),
      fc.double(),
      fc.double({ min: -1e10, max: 1e10, noNaN: true }),
      fc.integer(),
      fc.constantFrom(
        0,
        -0,
        0.1 + 0.2,
        94.9,
        95 - 94.9,
        1e9,
        1e9 - 1e-6,
        -1e9 + 1e-6,
        5e-7,
        -5e-7,
        1e21,
        NaN,
      ),
    );
    fc.assert(
      fc.property(number, (value) => {
        expect(formatNumber(value)).toBe(String(roundPoints(value)));
      }),
      { numRuns: 20_000 },
    );
  });
});
