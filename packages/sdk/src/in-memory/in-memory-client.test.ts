import { matchExpectation } from '@precept/rules';
import {
  startOfDateIn,
  AppError,
  GUIDELINE_POLICIES,
  GUIDELINE_SUBJECTS,
  findGuidelinePolicy,
  type ScorecardDocument,
} from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { conformanceFixtures } from '../../test/conformance-fixtures.js';
import type { BundleChange } from '../types.js';
import { createInMemoryClient } from './in-memory-client.js';

const scorecard = findGuidelinePolicy('service-performance-scorecard')!;
const scorecardCase = scorecard.testCases[0]!;
const guideline = () => createInMemoryClient({ policies: GUIDELINE_POLICIES, subjects: GUIDELINE_SUBJECTS });

describe('createInMemoryClient', () => {
  it('passes every default policy test case', async () => {
    const client = guideline();
    const fixtures = conformanceFixtures().filter((fixture) => fixture.expect);
    expect(fixtures.length).toBeGreaterThanOrEqual(24);
    for (const fixture of fixtures) {
      const result = await client.evaluate(fixture.policyKey, fixture.facts, { asOf: fixture.asOf });
      expect(result.ok, fixture.name).toBe(true);
      if (result.ok)
        expect(matchExpectation(result.value.outcome, fixture.expect!).mismatches, fixture.name).toEqual([]);
    }
  });

  it('returns a decision with key, version, content hash, as-of, id, typed outcome and trace', async () => {
    const client = guideline();
    const result = await client.evaluate(scorecard.policy.key, scorecardCase.facts, {
      kind: 'scorecard',
      asOf: '2026-03-31',
      trace: true,
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({
      policyKey: 'service-performance-scorecard',
      version: 1,
      asOf: '2026-03-31',
      source: 'local',
    });
    expect(result.value.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.value.decisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof result.value.outcome.total).toBe('number'); // typed as a scorecard outcome
    expect(result.value.trace.length).toBeGreaterThan(0);
    expect(client.decisions()).toHaveLength(1);
  });

  it.each([
    {
      name: 'unknown policy',
      key: 'no-such-policy',
      facts: scorecardCase.facts,
      options: {},
      code: 'NOT_FOUND',
    },
    {
      name: 'wrong kind',
      key: scorecard.policy.key,
      facts: scorecardCase.facts,
      options: { kind: 'checklist' as const },
      code: 'VALIDATION',
    },
    {
      name: 'bad as-of',
      key: scorecard.policy.key,
      facts: scorecardCase.facts,
      options: { asOf: '2026-02-30' },
      code: 'VALIDATION',
    },
    {
      name: 'missing version',
      key: scorecard.policy.key,
      facts: scorecardCase.facts,
      options: { version: 7 },
      code: 'NOT_FOUND',
    },
    {
      name: 'facts of the wrong shape',
      key: scorecard.policy.key,
      facts: { complaints: 'many' },
      options: {},
      code: 'FACTS_INVALID',
    },
  ])('fails with $code for $name, and records nothing', async ({ key, facts, options, code }) => {
    const client = guideline();
    const result = await client.evaluate(key, facts, { asOf: '2026-03-31', ...options });
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(client.decisions()).toHaveLength(0);
  });

  it('lists each invalid fact with its path', async () => {
    const result = await guideline().evaluate(
      scorecard.policy.key,
      { ...scorecardCase.facts, complaints: 'many' },
      { asOf: '2026-03-31' },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues?.map((issue) => issue.path)).toContain('$.complaints');
  });

  it('selects the version in force at the as-of, dates read in the business time zone', async () => {
    const document = scorecard.document as ScorecardDocument;
    const stricter: ScorecardDocument = { ...document, baseScore: document.baseScore - 10 };
    const windowsFrom = (zone: string) => [
      {
        ...scorecard,
        version: 1,
        effectiveFrom: startOfDateIn('2026-01-01', zone),
        effectiveTo: startOfDateIn('2027-01-01', zone),
      },
      { ...scorecard, document: stricter, version: 2, effectiveFrom: startOfDateIn('2027-01-01', zone) },
    ];
    const versionAt = async (client: ReturnType<typeof createInMemoryClient>, asOf: string) => {
      const result = await client.evaluate(scorecard.policy.key, scorecardCase.facts, { asOf });
      return result.ok ? result.value.version : result.error.code;
    };
    // Asia/Shanghai by default: the boundary is 00:00 in Beijing, 16:00 UTC the day before.
    const beijing = createInMemoryClient({
      subjects: GUIDELINE_SUBJECTS,
      policies: windowsFrom('Asia/Shanghai'),
    });
    const cases: [string, number | string][] = [
      ['2026-12-31', 1],
      ['2026-12-31T23:59:59+08:00', 1],
      ['2026-12-31T15:59:59.999Z', 1],
      ['2027-01-01T00:00:00+08:00', 2],
      ['2027-01-01', 2],
      ['2025-12-31', 'NOT_FOUND'],
    ];
    for (const [asOf, version] of cases) expect(await versionAt(beijing, asOf), asOf).toBe(version);
    // Another zone, configured like the server's PRECEPT_TIME_ZONE.
    const utc = createInMemoryClient({
      subjects: GUIDELINE_SUBJECTS,
      policies: windowsFrom('UTC'),
      timeZone: 'UTC',
    });
    expect(await versionAt(utc, '2027-01-01T07:59:59+08:00')).toBe(1);
    expect(await versionAt(utc, '2027-01-01')).toBe(2);
    expect(() =>
      createInMemoryClient({
        subjects: GUIDELINE_SUBJECTS,
        policies: windowsFrom('UTC'),
        timeZone: 'Mars/Olympus',
      }),
    ).toThrow(/time zone/);
  });

  it('evaluates a batch item by item', async () => {
    const client = guideline();
    const result = await client.evaluateBatch(scorecard.policy.key, [scorecardCase.facts, { bad: true }], {
      asOf: '2026-03-31',
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.map((item) => item.ok)).toEqual([true, false]);
  });

  it('refuses an over-large batch with LIMIT', async () => {
    const result = await guideline().evaluateBatch(
      scorecard.policy.key,
      new Array(1001).fill(scorecardCase.facts),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'LIMIT' } });
  });

  it('throws VALIDATION at once for an invalid policy or a missing subject', () => {
    const broken = { ...scorecard, document: { ...scorecard.document, lines: [] } };
    expect(() => createInMemoryClient({ policies: [broken], subjects: GUIDELINE_SUBJECTS })).toThrow(
      AppError,
    );
    expect(() => createInMemoryClient({ policies: [scorecard] })).toThrow(/no subject "outlet-period"/);
  });

  it('tells local evaluators about new policies and stops serving once closed', async () => {
    const client = guideline();
    const local = client.local();
    await expect(local.ready()).resolves.toMatchObject({ ok: true });
    const changes: BundleChange[] = [];
    local.onChange((change) => changes.push(change));
    client.setPolicies([...GUIDELINE_POLICIES.filter((p) => p !== scorecard), { ...scorecard, version: 2 }]);
    expect(changes.map((change) => change.changed)).toEqual([
      [{ policyKey: 'service-performance-scorecard', from: 1, to: 2 }],
    ]);
    const result = await local.evaluate(scorecard.policy.key, scorecardCase.facts, { asOf: '2026-03-31' });
    expect(result.ok && result.value.version).toBe(2);
    await local.close();
    const closed = await local.evaluate(scorecard.policy.key, scorecardCase.facts);
    expect(closed).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('refuses a call whose signal was already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await guideline().evaluate(scorecard.policy.key, scorecardCase.facts, {
      signal: controller.signal,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', transport: 'aborted' } });
  });
});
