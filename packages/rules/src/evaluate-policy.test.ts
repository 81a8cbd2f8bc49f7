import { describe, expect, it } from 'vitest';
import { compile, evaluate, evaluateWithEngine, validate } from './index.js';
import { scorecard, subject } from './test/fixtures.js';

describe('evaluate (scorecard)', () => {
  it('scores, grades and agrees with json-rules-engine', async () => {
    expect(validate(scorecard, subject).issues).toEqual([]);
    const compiled = compile(scorecard, subject);
    const facts = { count: 4, score: 93.4, flag: true, tags: ['praise'] };
    const fast = evaluate(compiled, facts, { asOf: '2026-01-01' });
    const reference = await evaluateWithEngine(compiled, facts, { asOf: '2026-01-01' });
    expect(fast.outcome).toMatchObject({
      kind: 'scorecard',
      total: 87,
      deductions: 16,
      bonuses: 3,
      grade: 'B',
    });
    expect(reference).toEqual(fast);
  });
});
