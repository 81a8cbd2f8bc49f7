// The one conformance suite: every fixture (each default policy's test cases and the seeded demo
// data) is evaluated remotely (a real server on a temporary PGlite), locally (the bundle downloaded
// from that server) and in memory; outcomes, traces, versions and content hashes must be identical,
// and the test cases' expectations must hold.
import { matchExpectation } from '@precept/rules';
import { GUIDELINE_EFFECTIVE_FROM, GUIDELINE_POLICIES, GUIDELINE_SUBJECTS } from '@precept/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  createInMemoryClient,
  type LocalEvaluator,
  type PolicyDecision,
  type PreceptClient,
} from '../src/index.js';
import type { SdkResult } from '../src/sdk-error.js';
import { conformanceFixtures, type ConformanceFixture } from './conformance-fixtures.js';
import { newDataDir, removeDataDir, startServer, type TestServer } from './server-harness.js';

type Provider = Pick<PreceptClient, 'evaluate' | 'evaluateBatch'>;

const fixtures = conformanceFixtures();
let server: TestServer;
let providers: { name: string; client: Provider }[];
let local: LocalEvaluator;

beforeAll(async () => {
  server = await startServer(await newDataDir());
  const remote = createClient({ url: server.url, apiKey: server.apiKey });
  local = remote.local({
    publicKey: server.publicKey,
    since: GUIDELINE_EFFECTIVE_FROM,
    refreshMs: 0,
    reportFlushMs: 0,
  });
  const ready = await local.ready({ signal: AbortSignal.timeout(60_000) });
  if (!ready.ok) throw new Error(ready.error.message);
  providers = [
    { name: 'remote', client: remote },
    { name: 'local', client: local },
    {
      name: 'in-memory',
      client: createInMemoryClient({
        // In force from the date the server seeds them with, as on the server.
        policies: GUIDELINE_POLICIES.map((entry) => ({ ...entry, effectiveFrom: GUIDELINE_EFFECTIVE_FROM })),
        subjects: GUIDELINE_SUBJECTS,
      }),
    },
  ];
}, 120_000);

afterAll(async () => {
  await local?.close();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

/** What must be identical across providers (ids, timings and the source legitimately differ). */
function comparable(result: SdkResult<PolicyDecision>) {
  if (!result.ok) return { error: result.error.code };
  const { policyKey, version, contentHash, engineVersion, asOf, outcome, trace } = result.value;
  return { policyKey, version, contentHash, engineVersion, asOf, outcome, trace };
}

describe('conformance: remote, local and in-memory evaluation agree', () => {
  it('has fixtures from every default policy and the demo data', () => {
    const keys = new Set(fixtures.map((fixture) => fixture.policyKey));
    expect([...keys].sort()).toEqual(GUIDELINE_POLICIES.map((p) => p.policy.key).sort());
    expect(fixtures.filter((fixture) => fixture.expect).length).toBe(
      GUIDELINE_POLICIES.reduce((sum, p) => sum + p.testCases.length, 0),
    );
    expect(fixtures.length).toBeGreaterThan(200);
  });

  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))(
    '%s',
    async (_name, fixture: ConformanceFixture) => {
      const results = await Promise.all(
        providers.map(({ client }) =>
          client.evaluate(fixture.policyKey, fixture.facts, { asOf: fixture.asOf, trace: true }),
        ),
      );
      const [remote, ...others] = results.map(comparable);
      expect(remote).not.toHaveProperty('error');
      for (const [index, other] of others.entries())
        expect(other, providers[index + 1]!.name).toEqual(remote);
      const first = results[0]!;
      if (fixture.expect && first.ok)
        expect(matchExpectation(first.value.outcome, fixture.expect).mismatches).toEqual([]);
    },
  );

  it('agrees in batches too, item by item, invalid fact sets included', async () => {
    const groups = new Map<string, ConformanceFixture[]>();
    for (const fixture of fixtures) {
      const key = `${fixture.policyKey}@${fixture.asOf}`;
      groups.set(key, [...(groups.get(key) ?? []), fixture]);
    }
    for (const group of groups.values()) {
      const { policyKey, asOf } = group[0]!;
      const factSets = [...group.map((fixture) => fixture.facts), { unknownFact: 1 }];
      const batches = await Promise.all(
        providers.map(({ client }) => client.evaluateBatch(policyKey, factSets, { asOf })),
      );
      const [remote, ...others] = batches.map((batch) =>
        batch.ok ? batch.value.map(comparable) : batch.error.code,
      );
      expect(Array.isArray(remote) && remote.at(-1)).toEqual({ error: 'FACTS_INVALID' });
      for (const other of others) expect(other).toEqual(remote);
    }
  });

  it.each([
    { name: 'an unknown policy', key: 'no-such-policy', facts: {}, options: {}, code: 'NOT_FOUND' },
    {
      name: 'facts that do not fit the subject',
      key: 'service-performance-scorecard',
      facts: { complaints: 'many' },
      options: {},
      code: 'FACTS_INVALID',
    },
    {
      name: 'a version that does not exist',
      key: 'service-performance-scorecard',
      facts: {},
      options: { version: 99 },
      code: 'NOT_FOUND',
    },
    {
      name: 'an as-of before any version',
      key: 'service-performance-scorecard',
      facts: {},
      options: { asOf: '2020-01-01' },
      code: 'NOT_FOUND',
    },
    {
      name: 'a malformed as-of',
      key: 'service-performance-scorecard',
      facts: {},
      options: { asOf: '2026-13-01' },
      code: 'VALIDATION',
    },
    {
      name: 'the wrong kind',
      key: 'service-performance-scorecard',
      facts: GUIDELINE_POLICIES[4]!.testCases[0]!.facts,
      options: { kind: 'checklist' as const },
      code: 'VALIDATION',
    },
  ])('fails alike for $name: $code', async ({ key, facts, options, code }) => {
    const results = await Promise.all(
      providers.map(({ client }) => client.evaluate(key, facts, { asOf: '2026-06-30', ...options })),
    );
    for (const [index, result] of results.entries()) {
      expect(result, providers[index]!.name).toMatchObject({ ok: false, error: { code } });
    }
  });

  it('sees facts as their JSON alike: undefined fields dropped, a non-JSON fact set refused', async () => {
    const scorecard = GUIDELINE_POLICIES.find(
      (entry) => entry.policy.key === 'service-performance-scorecard',
    )!;
    const withUndefined = {
      ...scorecard.testCases[0]!.facts,
      socialSatisfactionRate: undefined,
      outletName: undefined,
    };
    const results = await Promise.all(
      providers.map(({ client }) =>
        client.evaluate(scorecard.policy.key, withUndefined, { asOf: '2026-06-30' }),
      ),
    );
    const [remote, ...others] = results.map(comparable);
    expect(remote).not.toHaveProperty('error');
    for (const other of others) expect(other).toEqual(remote);

    const cyclic: Record<string, unknown> = { ...scorecard.testCases[0]!.facts };
    cyclic.self = cyclic;
    for (const { name, client } of providers) {
      const refused = await client.evaluate(scorecard.policy.key, cyclic, { asOf: '2026-06-30' });
      expect(refused, name).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', issues: [{ path: '$.facts' }] },
      });
    }
  });

  it('reports local decisions to the server, which logs them as local', async () => {
    const made = await local.evaluate(fixtures[0]!.policyKey, fixtures[0]!.facts, {
      asOf: fixtures[0]!.asOf,
    });
    if (!made.ok) throw new Error(made.error.message);
    await local.close();
    expect(local.status().report).toMatchObject({ queued: 0, dropped: 0, rejected: 0 });
    const logged = await server.server.createCaller().decisions.get({ id: made.value.decisionId });
    expect(logged).toMatchObject({
      source: 'local',
      policyKey: made.value.policyKey,
      contentHash: made.value.contentHash,
      outcome: made.value.outcome,
    });
  });
});
