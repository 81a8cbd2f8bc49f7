import { canonicalJson, contentHash } from '@precept/rules';
import { EXPORT_MAX_ROWS, type Actor } from '@precept/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { appCodeOf } from '../../test/errors.js';
import { SCORECARD, SCORECARD_FACTS } from '../../test/fixtures.js';
import { PROVIDERS, rawQuery, startTestServer, type TestServer } from '../../test/test-server.js';

const DAY = 86_400_000;
const AUDITOR: Actor = { id: 'ada', kind: 'user', credential: 'session:ada', roles: ['auditor'] };
const ADMIN: Actor = { id: 'root', kind: 'user', credential: 'session:root', roles: ['admin'] };
const AUTHOR: Actor = { id: 'carol', kind: 'user', credential: 'session:carol', roles: ['author'] };
const SERVICE: Actor = { id: 'key-1', kind: 'key', credential: 'key:key-1', roles: ['service'] };

function aroundNow(): { from: string; to: string } {
  return { from: new Date(Date.now() - DAY).toISOString(), to: new Date(Date.now() + DAY).toISOString() };
}

describe.each(PROVIDERS)('decisions.export on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  it.each([
    ['an auditor', AUDITOR],
    ['an administrator', ADMIN],
  ])(
    'gives %s the filtered decisions of the range with their hash, and audits the export',
    async (_name, actor) => {
      test = await startTestServer(provider);
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const result = await test.caller.evaluation.evaluate({
          policyKey: SCORECARD,
          facts: SCORECARD_FACTS,
          trace: false,
        });
        ids.push(result.decisionId);
      }
      const range = aroundNow();
      const reader = test.server.createCaller(actor);

      const evidence = await reader.decisions.export({ ...range, policyKey: SCORECARD, source: 'server' });
      expect(evidence.rows.map((row) => row.id)).toEqual(ids);
      expect(evidence.count).toBe(3);
      expect(evidence.rows.every((row) => row.policyKey === SCORECARD && row.version === 1)).toBe(true);
      expect(evidence.filters).toEqual({ ...range, policyKey: SCORECARD, source: 'server' });
      expect(evidence.generatedBy.actor).toBe(actor.id);
      expect(evidence.sha256).toBe(contentHash(JSON.parse(JSON.stringify(evidence.rows))));

      const audited = (await test.caller.audit.list({ limit: 1 })).items[0]!;
      expect(audited).toMatchObject({
        action: 'decisions.exported',
        actor: actor.id,
        credential: actor.credential,
        reason: canonicalJson({ ...range, policyKey: SCORECARD, source: 'server' }),
        afterHash: evidence.sha256,
        details: { count: 3 },
      });

      // Filters narrow; a range without decisions is an empty package.
      expect((await reader.decisions.export({ ...range, source: 'simulation' })).rows).toEqual([]);
      const empty = await reader.decisions.export({
        from: '2001-01-01T00:00:00Z',
        to: '2001-01-02T00:00:00Z',
      });
      expect(empty).toMatchObject({ count: 0, sha256: contentHash([]) });
    },
  );

  it.each([
    ['an author', AUTHOR],
    ['a service key', SERVICE],
  ])('refuses %s', async (_name, actor) => {
    test = await startTestServer(provider);
    const call = test.server.createCaller(actor).decisions.export(aroundNow());
    expect(await appCodeOf(call)).toBe('FORBIDDEN');
  });

  it('refuses a range over 366 days', async () => {
    test = await startTestServer(provider);
    const call = test.server
      .createCaller(AUDITOR)
      .decisions.export({ from: '2024-01-01T00:00:00Z', to: '2025-01-02T00:00:01Z' });
    expect(await appCodeOf(call)).toBe('trpc:BAD_REQUEST');
    await expect(call).rejects.toThrow(/at most 366 days/);
  });

  it('refuses more rows than the bound with LIMIT, naming it', async () => {
    test = await startTestServer(provider);
    await rawQuery(test, `select decisions_ensure_partition('decisions_p202003', '2020-03-01T00:00:00Z', '2020-04-01T00:00:00Z')`);
    await rawQuery(
      test,
      `insert into decisions (id, policy_key, version, content_hash, engine_version, as_of, facts, outcome,
                              verdict, duration_ms, caller, source, created_at)
       select gen_random_uuid(), 'bulk', 1, repeat('0', 64), 'x', '2020-03-01', '{}', '{}', 'none', 0, null, 'server',
              timestamptz '2020-03-01T00:00:00Z' + g * interval '1 second'
       from generate_series(1, ${EXPORT_MAX_ROWS + 1}) as g`,
    );
    const ada = test.server.createCaller(AUDITOR);
    const range = { from: '2020-03-01T00:00:00Z', to: '2020-04-01T00:00:00Z' };
    await expect(ada.decisions.export(range)).rejects.toThrow(/more than 10000 rows; narrow/);
    expect(await appCodeOf(ada.decisions.export(range))).toBe('LIMIT');
  });
});
