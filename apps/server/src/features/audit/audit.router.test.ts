import { canonicalJson, contentHash } from '@precept/rules';
import { EXPORT_MAX_ROWS, type Actor } from '@precept/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { appCodeOf } from '../../test/errors.js';
import { retitled, SCORECARD } from '../../test/fixtures.js';
import { PROVIDERS, rawQuery, startTestServer, tamperAsSuperuser, type TestServer } from '../../test/test-server.js';

const DAY = 86_400_000;
const AUDITOR: Actor = { id: 'ada', kind: 'user', credential: 'session:ada', roles: ['auditor'] };
const AUTHOR: Actor = { id: 'carol', kind: 'user', credential: 'session:carol', roles: ['author'] };
const SERVICE: Actor = { id: 'key-1', kind: 'key', credential: 'key:key-1', roles: ['service'] };

/** A range around now that holds every row this test's server wrote. */
function aroundNow(): { from: string; to: string } {
  return { from: new Date(Date.now() - DAY).toISOString(), to: new Date(Date.now() + DAY).toISOString() };
}

describe.each(PROVIDERS)('audit.export on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  it('exports the filtered rows of the range with their hash and the chain verified, and audits itself', async () => {
    test = await startTestServer(provider);
    const carol = test.server.createCaller(AUTHOR);
    const ada = test.server.createCaller(AUDITOR);
    const draft = await carol.policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    await carol.policies.updateDraft({
      policyKey: SCORECARD,
      version: 2,
      lockVersion: 0,
      document: retitled(draft.document, 'x'),
    });
    const range = aroundNow();

    const evidence = await ada.audit.export({ ...range, actor: 'carol' });
    expect(evidence.rows.map((row) => row.action)).toEqual(['policy.draft.create', 'policy.draft.update']);
    expect(evidence.count).toBe(2);
    expect(evidence.filters).toEqual({ ...range, actor: 'carol' });
    expect(evidence.generatedBy).toEqual({ actor: 'ada', actorKind: 'user', credential: 'session:ada' });
    // The hash is the one a recipient recomputes from the rows as received (JSON).
    expect(evidence.sha256).toBe(contentHash(JSON.parse(JSON.stringify(evidence.rows))));

    // The chain is verified over every row of the range, not only the filtered ones.
    const all = (await ada.audit.list({ limit: 200 })).items.reverse();
    const before = all.filter((row) => row.action !== 'audit.exported');
    expect(evidence.chain).toEqual({
      ok: true,
      checked: before.length,
      firstSeq: before[0]!.seq,
      lastSeq: before.at(-1)!.seq,
      anchorHash: before[0]!.prevHash,
      firstHash: before[0]!.hash,
      lastHash: before.at(-1)!.hash,
      firstBad: null,
    });

    // An auditor's reads are attributable too.
    const exported = all.at(-1)!;
    expect(exported).toMatchObject({
      action: 'audit.exported',
      actor: 'ada',
      credential: 'session:ada',
      reason: canonicalJson({ ...range, actor: 'carol' }),
      afterHash: evidence.sha256,
      details: { count: 2, chainOk: true },
    });
    const again = await ada.audit.export({ ...range, action: 'audit.exported' });
    expect(again.rows.map((row) => row.seq)).toEqual([exported.seq]);
  });

  it('reports the chain broken when a row in the range was edited', async () => {
    test = await startTestServer(provider);
    const ada = test.server.createCaller(AUDITOR);
    expect((await ada.audit.export(aroundNow())).chain.ok).toBe(true);
    await tamperAsSuperuser(test, [`update audit_log set reason = 'edited later' where seq = 3`]);

    const evidence = await ada.audit.export(aroundNow());
    expect(evidence.chain.ok).toBe(false);
    expect(evidence.chain.firstBad).toEqual({ seq: 3, reason: 'hash does not match the row content' });
    expect(evidence.chain.checked).toBe(2);
    // The edited row is exported as it now reads; the package's hash covers what was exported.
    expect(evidence.rows.find((row) => row.seq === 3)?.reason).toBe('edited later');
    expect(evidence.sha256).toBe(contentHash(evidence.rows));
    const audited = (await ada.audit.list({ limit: 1 })).items[0]!;
    expect(audited).toMatchObject({ action: 'audit.exported', details: { chainOk: false } });
  });

  it('exports an empty range as an empty package', async () => {
    test = await startTestServer(provider);
    const evidence = await test.server
      .createCaller(AUDITOR)
      .audit.export({ from: '2001-01-01T00:00:00Z', to: '2001-02-01T00:00:00Z' });
    expect(evidence).toMatchObject({ count: 0, rows: [], sha256: contentHash([]) });
    expect(evidence.chain).toMatchObject({ ok: true, checked: 0, firstSeq: null, lastHash: null });
  });

  it.each([
    ['an author', AUTHOR],
    ['a service key', SERVICE],
  ])('refuses %s', async (_name, actor) => {
    test = await startTestServer(provider);
    expect(await appCodeOf(test.server.createCaller(actor).audit.export(aroundNow()))).toBe('FORBIDDEN');
  });

  it.each([
    ['`to` before `from`', { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, /must be after/],
    [
      'more than 366 days',
      { from: '2025-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' },
      /at most 366 days; narrow the range/,
    ],
    ['no range', {}, /from/],
  ])('refuses %s as bad input', async (_name, input, message) => {
    test = await startTestServer(provider);
    const ada = test.server.createCaller(AUDITOR);
    // Schema failures through a caller are BAD_REQUEST (VALIDATION over HTTP).
    expect(await appCodeOf(ada.audit.export(input as never))).toBe('trpc:BAD_REQUEST');
    await expect(ada.audit.export(input as never)).rejects.toThrow(message);
  });

  it('refuses more rows than the bound with LIMIT, naming it', async () => {
    test = await startTestServer(provider);
    await rawQuery(
      test,
      `insert into audit_log (seq, at, actor, actor_kind, action, entity_type, entity_id, prev_hash, hash)
       select 1000000 + g, timestamptz '2020-03-01T00:00:00Z' + g * interval '1 second', 'bulk', 'system',
              'bulk.row', 'bulk', g::text, md5(g::text), md5('h' || g::text)
       from generate_series(1, ${EXPORT_MAX_ROWS + 1}) as g`,
    );
    const ada = test.server.createCaller(AUDITOR);
    const range = { from: '2020-03-01T00:00:00Z', to: '2020-04-01T00:00:00Z' };
    await expect(ada.audit.export(range)).rejects.toThrow(/more than 10000 rows; narrow/);
    expect(await appCodeOf(ada.audit.export(range))).toBe('LIMIT');
    // One row fewer fits.
    const fits = await ada.audit.export({ ...range, to: '2020-03-01T02:46:41Z' });
    expect(fits.count).toBe(EXPORT_MAX_ROWS);
  });
});
