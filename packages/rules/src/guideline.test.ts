// The guideline's default subjects and policies (packages/schema/src/guideline) are what the server
// seeds as published v1: each must validate clean against its subject and pass its own test cases,
// through the compiled evaluator and through json-rules-engine alike; the demo facts must fit their
// subjects so the demo start's decisions are real ones.
import {
  GUIDELINE_EFFECTIVE_FROM,
  GUIDELINE_POLICIES,
  GUIDELINE_SUBJECTS,
  generateDemoFacts,
  textIn,
  type Subject,
} from '@precept/schema';
import { describe, expect, it } from 'vitest';
import {
  checkFacts,
  compile,
  evaluate,
  matchExpectation,
  runTestCase,
  validate,
  validateSubject,
} from './index.js';
import { evaluateWithEngine } from './reference.js';

const subjectOf = (key: string): Subject => {
  const subject = GUIDELINE_SUBJECTS.find((s) => s.key === key);
  if (!subject) throw new Error(`no default subject "${key}"`);
  return subject;
};

describe('default subjects', () => {
  it.each(GUIDELINE_SUBJECTS.map((s) => [s.key, s] as const))('%s passes validateSubject', (_, subject) => {
    expect(validateSubject(subject).issues).toEqual([]);
  });
});

const policies = GUIDELINE_POLICIES.map((p) => [p.policy.key, p] as const);
const cases = GUIDELINE_POLICIES.flatMap((p) =>
  p.testCases.map(
    (testCase) => [`${p.policy.key} / ${testCase.id ?? textIn(testCase.name, 'en')}`, p, testCase] as const,
  ),
);

describe('default policies', () => {
  it.each(policies)('%s validates clean against its subject', (_, { policy, document }) => {
    expect(validate(document, subjectOf(policy.subjectKey)).issues).toEqual([]);
  });

  it.each(cases)('%s passes (compiled evaluator)', (_, { policy, document }, testCase) => {
    const compiled = compile(document, subjectOf(policy.subjectKey));
    const result = runTestCase(compiled, testCase, GUIDELINE_EFFECTIVE_FROM);
    expect(result.error).toBeUndefined();
    expect(result.mismatches).toEqual([]);
    expect(result.pass).toBe(true);
  });

  it.each(cases)('%s passes (json-rules-engine)', async (_, { policy, document }, testCase) => {
    const compiled = compile(document, subjectOf(policy.subjectKey));
    const { outcome } = await evaluateWithEngine(compiled, testCase.facts, {
      asOf: testCase.asOf ?? GUIDELINE_EFFECTIVE_FROM,
    });
    expect(matchExpectation(outcome, testCase.expect).mismatches).toEqual([]);
  });

  it('every test case can fail: an empty fact set is refused or disagrees with each expectation', () => {
    for (const [, { policy, document }, testCase] of cases) {
      const compiled = compile(document, subjectOf(policy.subjectKey));
      const result = runTestCase(compiled, { ...testCase, facts: {} }, GUIDELINE_EFFECTIVE_FROM);
      expect(result.pass).toBe(false);
    }
  });
});

describe('demo facts', () => {
  const demo = generateDemoFacts();

  it.each(demo.map((item) => [item.label, item] as const))('%s fits its subject and evaluates', (_, item) => {
    const subject = subjectOf(item.subjectKey);
    expect(checkFacts(item.facts, subject)).toEqual([]);
    const entry = GUIDELINE_POLICIES.find((p) => p.policy.key === item.policyKey);
    expect(entry).toBeDefined();
    const { outcome } = evaluate(compile(entry!.document, subject), item.facts, {
      asOf: item.asOf,
      trace: false,
    });
    expect(outcome.kind).toBe(entry!.document.kind);
  });

  it('gives the scorecard a spread of grades', () => {
    const entry = GUIDELINE_POLICIES.find((p) => p.policy.key === 'service-performance-scorecard')!;
    const compiled = compile(entry.document, subjectOf('outlet-period'));
    const grades = new Set(
      demo
        .filter((item) => item.policyKey === entry.policy.key)
        .map((item) => {
          const { outcome } = evaluate(compiled, item.facts, { asOf: item.asOf, trace: false });
          return outcome.kind === 'scorecard' ? outcome.grade : null;
        }),
    );
    expect([...grades].sort()).toEqual(['A', 'B', 'C', 'D']);
  });
});
