import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import { GUIDELINE_POLICIES, findGuidelineSubject } from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, type PolicyFacts } from './openapi.js';

const policies: PolicyFacts[] = GUIDELINE_POLICIES.map((pkg) => ({
  policyKey: pkg.policy.key,
  kind: pkg.policy.kind,
  subject: findGuidelineSubject(pkg.policy.subjectKey)!,
  subjectVersion: 1,
}));

/**
 * Redocly's `recommended` ruleset, with two rules off: `info-license` and `info-license-strict`
 * ask for a public licence, and this is a bank's in-house service, published under none.
 */
async function lint(document: unknown): Promise<NormalizedProblem[]> {
  const config = await createConfig({
    extends: ['recommended'],
    rules: { 'info-license': 'off', 'info-license-strict': 'off' },
  });
  return lintFromString({ source: JSON.stringify(document), absoluteRef: '/openapi.json', config });
}

const describeProblems = (problems: readonly NormalizedProblem[]): string[] =>
  problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`);

describe('the OpenAPI document', () => {
  it('lints clean with Redocly’s recommended rules (no errors, no warnings)', async () => {
    const problems = await lint(buildOpenApiDocument('test'));
    expect(describeProblems(problems)).toEqual([]);
  }, 60_000);

  it('lints clean with one evaluate operation per policy', async () => {
    const problems = await lint(buildOpenApiDocument('test', policies));
    expect(describeProblems(problems)).toEqual([]);
  }, 60_000);
});
