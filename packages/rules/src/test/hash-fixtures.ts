// Every fixture the project hashes, by name: the guideline's subjects, policy packages, documents and
// test cases, the demo fact sets, and the rules core's own test fixtures. The golden file beside
// this one holds their content hashes as the hand-written SHA-256 computed them; the hashing tests
// prove every implementation since gives the same.
import { GUIDELINE_POLICIES, GUIDELINE_SUBJECTS, generateDemoFacts } from '@precept/schema';
import { scorecard, strictSubject, subject } from './fixtures.js';

/** The values whose content hashes are recorded in `content-hashes.golden.json`, by name. */
export function hashFixtures(): Record<string, unknown> {
  const values: Record<string, unknown> = {
    'rules/subject': subject,
    'rules/strict-subject': strictSubject,
    'rules/scorecard': scorecard,
  };
  for (const item of GUIDELINE_SUBJECTS) values[`guideline/subject/${item.key}`] = item;
  for (const item of GUIDELINE_POLICIES) {
    const key = item.policy.key;
    values[`guideline/policy/${key}`] = item;
    values[`guideline/policy/${key}/document`] = item.document;
    for (const [index, testCase] of item.testCases.entries())
      values[`guideline/policy/${key}/test-case/${index}`] = testCase;
  }
  for (const [index, item] of generateDemoFacts().entries()) values[`demo-facts/${index}`] = item;
  return values;
}
