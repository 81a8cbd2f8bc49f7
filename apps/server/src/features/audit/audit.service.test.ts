import { GUIDELINE_SUBJECTS } from '@precept/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { retitled, SCORECARD, SCORECARD_FACTS } from '../../test/fixtures.js';
import { PROVIDERS, rawQuery, startTestServer, tamperAsSuperuser, type TestServer } from '../../test/test-server.js';
import { GENESIS_HASH, hashAuditEntry } from './audit.hash.js';

describe.each(PROVIDERS)('audit chain on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  it('writes one chained row per mutation, naming actor, credential, action and hashes', async () => {
    test = await startTestServer(provider);
    const { caller } = test;
    const start = (await caller.audit.list({ limit: 1 })).items[0]!.seq;
    const carol = test.server.createCaller({
      id: 'carol',
      kind: 'user',
      credential: 'session:abc',
      roles: ['author'],
    });

    const draft = await carol.policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    const edited = await carol.policies.updateDraft({
      policyKey: SCORECARD,
      version: 2,
      lockVersion: 0,
      document: retitled(draft.document, 'x'),
    });
    const testCase = await carol.testCases.create({
      policyKey: SCORECARD,
      version: 2,
      testCase: { name: 'new case', facts: SCORECARD_FACTS, asOf: '2026-03-31', expect: { total: 110 } },
    });
    await carol.testCases.update({
      policyKey: SCORECARD,
      version: 2,
      id: testCase.id,
      testCase: { name: 'renamed', facts: SCORECARD_FACTS, asOf: '2026-03-31', expect: { total: 110 } },
    });
    await carol.testCases.delete({ policyKey: SCORECARD, version: 2, id: testCase.id });
    const subject = GUIDELINE_SUBJECTS[0]!;
    await carol.subjects.save({
      subject: { ...subject, title: { ...subject.title, en: `${subject.title.en} (rev)` } },
      changeNote: 'clearer title',
    });
    await carol.policies.discardDraft({
      policyKey: SCORECARD,
      version: 2,
      lockVersion: edited.lockVersion,
      reason: 'not needed',
    });
    // Evaluations are not mutations: the decision log records them, the audit log does not.
    await caller.evaluation.evaluate({ policyKey: SCORECARD, facts: SCORECARD_FACTS, trace: false });

    const rows = (await caller.audit.list({ limit: 50 })).items.filter((row) => row.seq > start).reverse();
    expect(rows.map((row) => row.action)).toEqual([
      'policy.draft.create',
      'policy.draft.update',
      'testCase.create',
      'testCase.update',
      'testCase.delete',
      'subject.update',
      'policy.draft.discard',
    ]);
    expect(
      rows.every(
        (row) => row.actor === 'carol' && row.credential === 'session:abc' && row.actorKind === 'user',
      ),
    ).toBe(true);
    expect(rows[1]).toMatchObject({ beforeHash: draft.contentHash, afterHash: edited.contentHash });
    expect(rows.at(-1)).toMatchObject({
      reason: 'not needed',
      beforeHash: edited.contentHash,
      afterHash: null,
    });
    rows.forEach((row, index) => {
      if (index > 0) expect(row.prevHash).toBe(rows[index - 1]!.hash);
      const { hash, ...content } = row;
      expect(hashAuditEntry(content)).toBe(hash);
    });
    expect(await caller.audit.verify()).toEqual({ ok: true, checked: rows.at(-1)!.seq, firstBad: null });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit log', async () => {
    test = await startTestServer(provider);
    await expect(rawQuery(test, `update audit_log set reason = 'x' where seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(rawQuery(test, `delete from audit_log where seq = 1`)).rejects.toThrow(/append-only/);
    await expect(rawQuery(test, `truncate audit_log`)).rejects.toThrow(/append-only/);
  });

  it.each([
    [
      'an edited row',
      `update audit_log set reason = 'edited later' where seq = 3`,
      3,
      /hash does not match/,
      2,
    ],
    [
      'an edited row with a forged hash',
      `update audit_log set actor = 'mallory', hash = repeat('a', 64) where seq = 3`,
      3,
      /hash does not match/,
      2,
    ],
    ['a deleted row', `delete from audit_log where seq = 3`, 4, /missing/, 2],
    ['a re-linked row', `update audit_log set prev_hash = repeat('0', 64) where seq = 4`, 4, /prev_hash/, 3],
  ])('names the first bad row after %s', async (_name, tamper, badSeq, reason, goodRows) => {
    test = await startTestServer(provider);
    const { caller } = test;
    expect((await caller.audit.verify()).ok).toBe(true);
    await tamperAsSuperuser(test, [tamper]);
    const result = await caller.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBad?.seq).toBe(badSeq);
    expect(result.firstBad?.reason).toMatch(reason);
    expect(result.checked).toBe(goodRows);
  });

  it('starts the chain from the genesis hash', async () => {
    test = await startTestServer(provider);
    const rows = await rawQuery<{ prev_hash: string }>(test, 'select prev_hash from audit_log where seq = 1');
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
  });
});
