import { compile, evaluate } from '@precept/rules';
import {
  findGuidelinePolicy,
  findGuidelineSubject,
  generateDemoFacts,
  textIn,
  type OutcomeOf,
} from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { generateScorecard, generateScorecardFacts } from './scorecard-generator.js';
import { createFiredLinesScorer, createPlanScorer, scoreOutletPeriod } from './scorecard-hand-written.js';

const AS_OF = '2026-03-31';

function scorecardOutcome(outcome: unknown): OutcomeOf<'scorecard'> {
  return outcome as OutcomeOf<'scorecard'>;
}

describe('scoreOutletPeriod (the default scorecard by hand)', () => {
  const policy = findGuidelinePolicy('service-performance-scorecard')!;
  const compiled = compile(policy.document, findGuidelineSubject('outlet-period')!);
  const cases = [
    ...policy.testCases.map((testCase) => [textIn(testCase.name, 'en'), testCase.facts] as const),
    ...generateDemoFacts()
      .filter((set) => set.policyKey === policy.policy.key)
      .slice(0, 40)
      .map((set) => [set.label, set.facts] as const),
  ];

  it.each(cases)('agrees with evaluate: %s', (_, facts) => {
    const outcome = scorecardOutcome(evaluate(compiled, facts, { asOf: AS_OF }).outcome);
    expect(scoreOutletPeriod(facts as Record<string, number>)).toEqual({
      total: outcome.total,
      deductions: outcome.deductions,
      bonuses: outcome.bonuses,
      grade: outcome.grade,
    });
  });

  it('is not trivially right: the cases cover more than one grade', () => {
    const grades = new Set(
      cases.map(([, facts]) => scoreOutletPeriod(facts as Record<string, number>).grade),
    );
    expect(grades.size).toBeGreaterThan(2);
  });
});

describe.each([10, 100])('scorers of a generated %i-line scorecard', (lines) => {
  const generated = generateScorecard(lines);
  const compiled = compile(generated.document, generated.subject);
  const plan = createPlanScorer(generated);
  const fired = createFiredLinesScorer(generated.document);
  const facts = generateScorecardFacts(40);

  it('the plan scorer and the fired-lines scorer agree with evaluate', () => {
    for (const set of facts) {
      const outcome = scorecardOutcome(evaluate(compiled, set, { asOf: AS_OF }).outcome);
      const expected = {
        total: outcome.total,
        deductions: outcome.deductions,
        bonuses: outcome.bonuses,
        grade: outcome.grade,
      };
      expect(plan(set)).toEqual(expected);
      expect(
        fired(
          outcome.lines.map((line) => line.fired),
          set,
        ),
      ).toEqual(expected);
    }
  });
});
