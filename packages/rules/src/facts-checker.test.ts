import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFacts, compileFactsTest } from './facts-checker.js';
import { factsArb } from './test/arbitraries.js';
import { strictSubject, subject } from './test/fixtures.js';

describe('checkFacts', () => {
  it('accepts facts that fit, absent optional fields and nulls', () => {
    expect(
      checkFacts(
        {
          score: 1.5,
          count: 2,
          name: 'x',
          flag: false,
          day: '2024-02-29',
          level: 'low',
          tags: [],
          values: [1, 2.5],
          branch: { staff: 3, address: { zip: '1' } },
          items: [{ code: 'a' }, {}],
          certificates: [{ code: 'A', issuedOn: '2026-01-01' }],
          other: null,
        },
        subject,
      ),
    ).toEqual([]);
    expect(checkFacts({}, subject)).toEqual([]);
  });

  it.each([
    [{ score: '1' }, '$.score', 'wrong_type'],
    [{ score: NaN }, '$.score', 'wrong_type'],
    [{ score: Infinity }, '$.score', 'wrong_type'],
    [{ count: 1.5 }, '$.count', 'wrong_type'],
    [{ count: -1 }, '$.count', 'out_of_range'],
    [{ flag: 'true' }, '$.flag', 'wrong_type'],
    [{ day: '2026-02-30' }, '$.day', 'bad_date'],
    [{ day: 20260101 }, '$.day', 'wrong_type'],
    [{ level: 'mid' }, '$.level', 'unknown_enum_value'],
    [{ tags: 'a' }, '$.tags', 'wrong_type'],
    [{ tags: ['a', 1] }, '$.tags[1]', 'wrong_type'],
    [{ tags: [null] }, '$.tags[0]', 'wrong_type'],
    [{ values: [1, '2'] }, '$.values[1]', 'wrong_type'],
    [{ branch: [] }, '$.branch', 'wrong_type'],
    [{ branch: { staff: 'many' } }, '$.branch.staff', 'wrong_type'],
    [{ branch: { mayor: 'x' } }, '$.branch.mayor', 'unknown_field'],
    [{ branch: { address: { zip: 1 } } }, '$.branch.address.zip', 'wrong_type'],
    [{ items: [{ qty: 1 }, { on: 'soon' }] }, '$.items[1].on', 'bad_date'],
    [
      { certificates: [{ code: 'A', issuedOn: '2026-01-01' }, { code: 'B' }] },
      '$.certificates[1].issuedOn',
      'missing',
    ],
    [{ certificates: [{ code: 'A', issuedOn: null }] }, '$.certificates[0].issuedOn', 'missing'],
    [{ ghost: 1 }, '$.ghost', 'unknown_field'],
    [{ 'odd key': 1 }, '$["odd key"]', 'unknown_field'],
    [JSON.parse('{"__proto__": {"x": 1}}') as unknown, '$.__proto__', 'unknown_field'],
  ])('%j → %s %s', (facts, path, code) => {
    expect(checkFacts(facts, subject)).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('reports every issue, including missing required fields', () => {
    expect(checkFacts({ n: 11, x: 1 }, strictSubject)).toEqual([
      { path: '$.n', code: 'out_of_range', message: '11 is outside 0 … 10' },
      { path: '$.x', code: 'unknown_field', message: 'the subject has no field "x" here' },
      { path: '$.id', code: 'missing', message: '"id" is required' },
    ]);
    expect(checkFacts({ id: null }, strictSubject)).toEqual([
      expect.objectContaining({ path: '$.id', code: 'missing' }),
    ]);
  });

  it.each([null, [], 'facts', 5, undefined, new Date(0)])('refuses %j as a whole', (facts) => {
    expect(checkFacts(facts, subject)).toEqual([expect.objectContaining({ path: '$', code: 'wrong_type' })]);
  });

  it('does not read the prototype: a field named like an Object method is just a field', () => {
    const subjectWithToString = {
      ...strictSubject,
      fields: [{ name: 'toString', type: 'string' as const, label: { zh: 'x', en: 'x' }, required: true }],
    };
    expect(checkFacts({}, subjectWithToString)).toEqual([
      expect.objectContaining({ path: '$.toString', code: 'missing' }),
    ]);
  });

  it('the fast test agrees with the full check on valid, broken and arbitrary facts', () => {
    const test = compileFactsTest(subject);
    const broken = fc
      .tuple(
        factsArb,
        fc.constantFrom('score', 'count', 'tags', 'branch', 'items', 'certificates', 'day', 'level', 'ghost'),
        fc.anything(),
      )
      .map(([facts, key, value]) => ({ ...facts, [key]: value }));
    fc.assert(
      fc.property(fc.oneof(factsArb, broken, fc.anything()), (facts) => {
        expect(test(facts)).toBe(checkFacts(facts, subject).length === 0);
      }),
      { numRuns: 3000 },
    );
  });
});
