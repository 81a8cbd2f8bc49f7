// Test cases are part of a version: a draft starts with a copy of its base's tests, editing them is a
// draft change reviewed like any other (an edit in review reopens the version and makes its editor
// ineligible to approve), and a published version's tests — and so its results — never change, not
// through the API and not through SQL. The migration that moved tests into versions loses none.
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { Actor } from '@precept/schema';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { migrationProvider } from '../../db/migrations/migration-provider.js';
import { appCodeOf } from '../../test/errors.js';
import { retitled, SCORECARD } from '../../test/fixtures.js';
import { PROVIDERS, rawQuery, startTestServer, type TestServer } from '../../test/test-server.js';
import { listTestCases } from './test-cases.store.js';

const person = (id: string, ...roles: Actor['roles']): Actor => ({
  id,
  kind: 'user',
  credential: 'test',
  roles,
});
const ALICE = person('alice', 'author');
const CARL = person('carl', 'author', 'reviewer');
const RITA = person('rita', 'reviewer');

describe.each(PROVIDERS)('test cases of a version on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());
  const as = (actor: Actor) => test.server.createCaller(actor);

  it('copies the tests into a draft, keeps the published version’s results, and refuses changing them', async () => {
    test = await startTestServer(provider);
    const published = await as(ALICE).testCases.run({ policyKey: SCORECARD, version: 1 });
    expect(published.failed).toBe(0);
    const v1Tests = await as(ALICE).testCases.list({ policyKey: SCORECARD, version: 1 });

    const draft = await as(ALICE).policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    const copied = await as(ALICE).testCases.list({ policyKey: SCORECARD, version: draft.version });
    expect(copied.map(({ version: _v, ...rest }) => rest)).toEqual(
      v1Tests.map(({ version: _v, ...rest }) => rest),
    );
    expect(copied.every((testCase) => testCase.version === draft.version)).toBe(true);
    // The newest version is the default.
    expect((await as(ALICE).testCases.list({ policyKey: SCORECARD })).map((t) => t.version)[0]).toBe(
      draft.version,
    );

    // Break a test in the draft: the draft fails, v1 is untouched, hash and all.
    const [first] = copied;
    await as(ALICE).testCases.update({
      policyKey: SCORECARD,
      version: draft.version,
      id: first!.id,
      testCase: { name: first!.name, facts: first!.facts, expect: { total: -1 } },
    });
    expect((await as(ALICE).testCases.run({ policyKey: SCORECARD, version: draft.version })).failed).toBe(1);
    expect(await as(ALICE).testCases.run({ policyKey: SCORECARD, version: 1 })).toEqual(published);

    // The published version's tests are frozen through the API …
    const frozen = as(ALICE).testCases.update({
      policyKey: SCORECARD,
      version: 1,
      id: first!.id,
      testCase: { name: 'changed', facts: first!.facts, expect: { total: -1 } },
    });
    await expect(frozen).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `${SCORECARD} v1 is published: its test cases are frozen with it; change them in a draft`,
    });
    expect(
      await appCodeOf(as(ALICE).testCases.delete({ policyKey: SCORECARD, version: 1, id: first!.id })),
    ).toBe('CONFLICT');
    expect(
      await appCodeOf(
        as(ALICE).testCases.create({
          policyKey: SCORECARD,
          version: 1,
          testCase: { name: 'extra', facts: first!.facts, expect: {} },
        }),
      ),
    ).toBe('CONFLICT');
    expect(await appCodeOf(as(ALICE).testCases.list({ policyKey: SCORECARD, version: 99 }))).toBe(
      'NOT_FOUND',
    );

    // … and in the database itself.
    for (const statement of [
      `update test_cases set expect = '{"total": 0}' where policy_key = $1 and version = 1`,
      `delete from test_cases where policy_key = $1 and version = 1`,
      `insert into test_cases (policy_key, version, id, position, name, facts, expect, created_by)
         values ($1, 1, 'sneaked', 99, '"sneaked"', '{}', '{}', 'mallory')`,
    ]) {
      await expect(rawQuery(test, statement, [SCORECARD]), statement).rejects.toThrow(/frozen/);
    }
    expect(await as(ALICE).testCases.run({ policyKey: SCORECARD, version: 1 })).toEqual(published);

    // Discarding a draft takes its tests with it.
    await as(ALICE).policies.discardDraft({
      policyKey: SCORECARD,
      version: draft.version,
      lockVersion: (await as(ALICE).policies.getVersion({ policyKey: SCORECARD, version: draft.version }))
        .lockVersion,
    });
    expect(
      await rawQuery(
        test,
        'select count(*)::int as n from test_cases where policy_key = $1 and version = $2',
        [SCORECARD, draft.version],
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('reviews a test edit like any other: it reopens a version in review, and its editor may not approve', async () => {
    test = await startTestServer(provider);
    const draft = await as(ALICE).policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    const edited = await as(ALICE).policies.updateDraft({
      policyKey: SCORECARD,
      version: draft.version,
      lockVersion: draft.lockVersion,
      document: retitled(draft.document, 'tests reviewed'),
    });
    const submitted = await as(ALICE).policies.submit({
      policyKey: SCORECARD,
      version: draft.version,
      lockVersion: edited.lockVersion,
      changeNote: 'why: tests are content',
    });
    const run = await as(ALICE).testCases.run({ policyKey: SCORECARD, version: draft.version });
    const submitRow = (await test.server.services.audit.list({ limit: 20 })).find(
      (e) => e.action === 'policy.submit',
    );
    expect(submitRow?.details).toMatchObject({ testsHash: run.testsHash });

    // Carl (author and reviewer) adds a test to the version in review: it goes back to draft.
    const [first] = await as(CARL).testCases.list({ policyKey: SCORECARD, version: draft.version });
    await as(CARL).testCases.create({
      policyKey: SCORECARD,
      version: draft.version,
      testCase: { name: 'carl adds one', facts: first!.facts, expect: first!.expect },
    });
    const reopened = await as(CARL).policies.getVersion({ policyKey: SCORECARD, version: draft.version });
    expect(reopened.status).toBe('draft');
    expect(reopened.editors).toEqual(['alice', 'carl']);
    expect(reopened.lockVersion).toBeGreaterThan(submitted.lockVersion);

    // Resubmitted, Carl — who wrote a test — cannot approve; Rita can.
    const again = await as(ALICE).policies.submit({
      policyKey: SCORECARD,
      version: draft.version,
      lockVersion: reopened.lockVersion,
      changeNote: 'why: one more test',
    });
    expect(
      await appCodeOf(
        as(CARL).policies.approve({
          policyKey: SCORECARD,
          version: draft.version,
          lockVersion: again.lockVersion,
        }),
      ),
    ).toBe('FORBIDDEN');
    const approved = await as(RITA).policies.approve({
      policyKey: SCORECARD,
      version: draft.version,
      lockVersion: again.lockVersion,
    });
    expect(approved.status).toBe('approved');
  });
});

describe('the migration to versioned test cases', () => {
  it('copies every test case of a policy into each of its versions', async () => {
    const pglite = new PGlite();
    const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      expect((await migrator.migrateTo('20261204120000_grant_requests')).error).toBeUndefined();
      await pglite.exec(`
        insert into subjects (key, version, definition, content_hash, created_by)
          values ('s', 1, '{}', 'h', 'seed');
        insert into policies (key, kind, subject_key, title, owner, section, created_by, last_version)
          values ('p', 'standard', 's', '{}', 'office', '1', 'seed', 2);
        insert into policy_versions (policy_key, version, status, document, content_hash, subject_version, author)
          values ('p', 1, 'draft', '{}', 'h1', 1, 'seed'), ('p', 2, 'draft', '{}', 'h2', 1, 'seed');
        update policy_versions set status = 'in_review' where version = 1;
        update policy_versions set status = 'approved' where version = 1;
        update policy_versions set status = 'published', effective_from = now() where version = 1;
        insert into test_cases (policy_key, id, position, name, facts, expect, created_by)
          values ('p', 'a', 1, 'first', '{"x": 1}', '{"total": 1}', 'seed'),
                 ('p', 'b', 2, 'second', '{"x": 2}', '{"total": 2}', 'seed');
      `);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const rows = await pglite.query<{ version: number; id: string; name: string; facts: unknown }>(
        'select version, id, name, facts from test_cases order by version, position',
      );
      expect(rows.rows).toEqual([
        { version: 1, id: 'a', name: 'first', facts: { x: 1 } },
        { version: 1, id: 'b', name: 'second', facts: { x: 2 } },
        { version: 2, id: 'a', name: 'first', facts: { x: 1 } },
        { version: 2, id: 'b', name: 'second', facts: { x: 2 } },
      ]);
      // The published version's copies are frozen at once; the draft's are not.
      await expect(pglite.query(`update test_cases set name = '"x"' where version = 1`)).rejects.toThrow(
        /frozen/,
      );
      await pglite.query(`update test_cases set name = '"x"' where version = 2`);
    } finally {
      await db.destroy();
    }
  });
});

describe('the migration to bilingual test-case names', () => {
  it('keeps a name written as one text readable as written (so a published version hashes its tests as before)', async () => {
    const pglite = new PGlite();
    const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      expect((await migrator.migrateTo('20261207120000_bilingual_policy_owner')).error).toBeUndefined();
      await pglite.exec(`
        insert into subjects (key, version, definition, content_hash, created_by)
          values ('s', 1, '{}', 'h', 'seed');
        insert into policies (key, kind, subject_key, title, owner, section, created_by, last_version)
          values ('p', 'standard', 's', '{}', '"office"', '1', 'seed', 2);
        insert into policy_versions (policy_key, version, status, document, content_hash, subject_version, author)
          values ('p', 1, 'draft', '{}', 'h1', 1, 'seed');
        insert into test_cases (policy_key, version, id, position, name, facts, expect, created_by)
          values ('p', 1, 'a', 1, '全部目标达成 / every target met', '{"x": 1}', '{"met": true}', 'seed');
        update policy_versions set status = 'in_review' where version = 1;
        update policy_versions set status = 'approved' where version = 1;
        update policy_versions set status = 'published', effective_from = now() where version = 1;
      `);
      const asWritten = {
        policyKey: 'p',
        version: 1,
        id: 'a',
        name: '全部目标达成 / every target met',
        facts: { x: 1 },
        expect: { met: true },
      };
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const read = await listTestCases(db as unknown as Kysely<Database>, 'p', 1);
      expect(read).toEqual([asWritten]);

      // Down again: a name in both languages keeps its Chinese text, one text stays as written.
      await pglite.exec(`
        insert into policy_versions (policy_key, version, status, document, content_hash, subject_version, author)
          values ('p', 2, 'draft', '{}', 'h2', 1, 'seed');
        insert into test_cases (policy_key, version, id, position, name, facts, expect, created_by)
          values ('p', 2, 'b', 1, '{"zh": "全部目标达成", "en": "Every target met"}', '{}', '{}', 'seed');
      `);
      expect((await migrator.migrateTo('20261207120000_bilingual_policy_owner')).error).toBeUndefined();
      const rows = await pglite.query<{ id: string; name: string }>(
        'select id, name from test_cases order by id',
      );
      expect(rows.rows).toEqual([
        { id: 'a', name: '全部目标达成 / every target met' },
        { id: 'b', name: '全部目标达成' },
      ]);
    } finally {
      await db.destroy();
    }
  });
});
