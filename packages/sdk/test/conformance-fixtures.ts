// The fixtures of the one conformance suite every provider runs: each default policy's test cases
// (with their expectations) and the seeded demo data set, each with an explicit as-of so that remote,
// local and in-memory evaluation see exactly the same input.
import {
  GUIDELINE_EFFECTIVE_FROM,
  GUIDELINE_POLICIES,
  generateDemoFacts,
  textIn,
  type JsonObject,
} from '@precept/schema';

/** One fact set to evaluate, and (for a test case) the expected outcome subset. */
export interface ConformanceFixture {
  name: string;
  policyKey: string;
  asOf: string;
  facts: JsonObject;
  expect?: JsonObject;
}

/** Every default policy's test cases, then every demo fact set. */
export function conformanceFixtures(): ConformanceFixture[] {
  const testCases = GUIDELINE_POLICIES.flatMap(({ policy, testCases }) =>
    testCases.map((testCase) => ({
      name: `${policy.key} / ${textIn(testCase.name, 'en')}`,
      policyKey: policy.key,
      asOf: testCase.asOf ?? GUIDELINE_EFFECTIVE_FROM,
      facts: testCase.facts,
      expect: testCase.expect,
    })),
  );
  const demo = generateDemoFacts().map((item) => ({
    name: `demo ${item.policyKey} / ${item.label} @ ${item.asOf}`,
    policyKey: item.policyKey,
    asOf: item.asOf,
    facts: item.facts,
  }));
  return [...testCases, ...demo];
}
