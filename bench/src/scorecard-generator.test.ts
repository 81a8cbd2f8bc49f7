import { checkFacts, validate } from '@precept/rules';
import { describe, expect, it } from 'vitest';
import { GENERATED_SUBJECT, generateScorecard, generateScorecardFacts } from './scorecard-generator.js';

describe('generateScorecard', () => {
  it.each([1, 10, 100, 1000])('a %i-line scorecard validates against its subject', (lines) => {
    const { document, subject } = generateScorecard(lines);
    expect(document.lines).toHaveLength(lines);
    expect(validate(document, subject).issues).toEqual([]);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateScorecard(50, 3)).toEqual(generateScorecard(50, 3));
    expect(generateScorecard(50, 3).document).not.toEqual(generateScorecard(50, 4).document);
  });

  it('uses every line template and both line types', () => {
    const { lines } = generateScorecard(200);
    expect(new Set(lines.map((line) => line.plan.kind)).size).toBe(6);
    expect(new Set(lines.map((line) => line.type))).toEqual(new Set(['deduction', 'bonus']));
  });
});

describe('generateScorecardFacts', () => {
  it('gives fact sets that fit the subject, the same for the same seed', () => {
    const facts = generateScorecardFacts(50, 5);
    for (const set of facts) expect(checkFacts(set, GENERATED_SUBJECT)).toEqual([]);
    expect(generateScorecardFacts(50, 5)).toEqual(facts);
  });
});
