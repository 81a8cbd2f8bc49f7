import type { Outcome } from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { compile, matchExpectation, runTestCase } from './index.js';
import { scorecard, subject } from './test/fixtures.js';

const outcome = {
  kind: 'checklist',
  score: 3,
  maxScore: 4,
  percent: 75,
  passed: false,
  sections: [{ id: 's', score: 3, maxScore: 4 }],
  items: [],
  failedItems: ['a', 'b'],
  criticalFailures: [],
  actions: [],
} as Outcome;

describe('matchExpectation', () => {
  it.each([
    [{}, []],
    [{ score: 3, passed: false }, []],
    [{ sections: [{ id: 's' }] }, []],
    [{ score: 4 }, [{ path: '$.score', expected: 4, actual: 3 }]],
    [{ passed: null }, [{ path: '$.passed', expected: null, actual: false }]],
    [{ grade: 'A' }, [{ path: '$.grade', expected: 'A', actual: undefined }]],
    [{ failedItems: ['a'] }, [{ path: '$.failedItems', expected: ['a'], actual: ['a', 'b'] }]],
    [
      { failedItems: ['b', 'a'] },
      [
        { path: '$.failedItems[0]', expected: 'b', actual: 'a' },
        { path: '$.failedItems[1]', expected: 'a', actual: 'b' },
      ],
    ],
    [{ sections: [{ id: 's', score: 2 }] }, [{ path: '$.sections[0].score', expected: 2, actual: 3 }]],
    [
      { sections: { id: 's' } },
      [
        {
          path: '$.sections',
          expected: { id: 's' },
          actual: outcome.kind === 'checklist' ? outcome.sections : null,
        },
      ],
    ],
    [{ score: '3' }, [{ path: '$.score', expected: '3', actual: 3 }]],
    [{ 'odd key': 1 }, [{ path: '$["odd key"]', expected: 1, actual: undefined }]],
  ])('%j → %j', (expect_, mismatches) => {
    expect(matchExpectation(outcome, expect_ as never)).toEqual({
      pass: mismatches.length === 0,
      mismatches,
    });
  });
});

describe('runTestCase', () => {
  const compiled = compile(scorecard, subject);
  it('passes, fails with mismatches, or fails with the evaluation error', () => {
    expect(
      runTestCase(
        compiled,
        { id: 'ok', name: 'clean outlet', facts: {}, expect: { total: 100, grade: 'A' } },
        '2026-01-01',
      ),
    ).toMatchObject({
      id: 'ok',
      name: 'clean outlet',
      pass: true,
      mismatches: [],
      outcome: { kind: 'scorecard', total: 100 },
    });
    expect(
      runTestCase(compiled, { name: 'wrong', facts: { count: 1 }, expect: { total: 100 } }, '2026-01-01'),
    ).toMatchObject({
      pass: false,
      mismatches: [{ path: '$.total', expected: 100, actual: 98 }],
    });
    const failed = runTestCase(
      compiled,
      { name: 'bad facts', facts: { count: 'x' }, expect: {} },
      '2026-01-01',
    );
    expect(failed).toEqual({
      name: 'bad facts',
      pass: false,
      mismatches: [],
      error: expect.objectContaining({ code: 'FACTS_INVALID' }),
    });
  });

  it('uses the case as-of when given, else the default', () => {
    const dated = compile(
      {
        kind: 'standard',
        targets: [
          {
            id: 't',
            title: { zh: 't', en: 't' },
            severity: 'minor',
            condition: { all: [{ fact: 'day', operator: 'withinDaysBefore', value: 0 }] },
          },
        ],
      },
      subject,
    );
    const testCase = { name: 'today', facts: { day: '2026-03-01' }, expect: { met: true } };
    expect(runTestCase(dated, testCase, '2026-03-01').pass).toBe(true);
    expect(runTestCase(dated, testCase, '2026-03-02').pass).toBe(false);
    expect(runTestCase(dated, { ...testCase, asOf: '2026-03-01T10:00:00Z' }, '2026-03-02').pass).toBe(true);
  });
});
