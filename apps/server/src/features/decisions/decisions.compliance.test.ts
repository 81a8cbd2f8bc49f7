// The decision log as a compliance record, tried the way a red team would: tampering through SQL
// is refused by the database itself; personal values are stored in clear only where the deciding
// version reads them, pseudonyms everywhere else, and replay still reproduces every outcome; people
// without a personal-data role see pseudonyms only, yet an auditor holding a staff number finds
// that person's decisions.
import {
  GUIDELINE_POLICIES,
  isPseudonym,
  type Actor,
  type JsonObject,
  type PolicyDocument,
  type Subject,
} from '@precept/schema';
import { compile, readFieldsOf } from '@precept/rules';
import { afterEach, describe, expect, it } from 'vitest';
import { appCodeOf, issuesOf } from '../../test/errors.js';
import { AUTHOR, REVIEWER, SCORECARD, SCORECARD_FACTS } from '../../test/fixtures.js';
import { PROVIDERS, rawQuery, startTestServer, type TestServer } from '../../test/test-server.js';

const AUDITOR: Actor = { id: 'ada', kind: 'user', credential: 'test', roles: ['auditor'] };
const QUALIFICATIONS = 'post-qualifications';
const qualifications = GUIDELINE_POLICIES.find((entry) => entry.policy.key === QUALIFICATIONS)!;
const EMPLOYEE: JsonObject = qualifications.testCases[0]!.facts;
const AS_OF = '2026-06-30';

describe.each(PROVIDERS)('the decision log refuses tampering on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  it('refuses UPDATE, DELETE, TRUNCATE and every DDL way around them, naming why', async () => {
    test = await startTestServer(provider);
    const decision = await test.caller.evaluation.evaluate({ policyKey: SCORECARD, facts: SCORECARD_FACTS, trace: false, detail: 'full' });
    const [row] = await rawQuery<{ partition: string }>(
      test,
      `select tableoid::regclass::text as partition from decisions where id = $1`,
      [decision.decisionId],
    );
    const month = row!.partition;
    expect(month).toMatch(/^decisions_p\d{6}$/);
    const refusals: [string, RegExp][] = [
      [`update decisions set verdict = 'A' where id = '${decision.decisionId}'`, /append-only: UPDATE refused/],
      [`update ${month} set facts = '{}'`, /append-only: UPDATE refused/],
      [`delete from decisions where id = '${decision.decisionId}'`, /append-only: DELETE refused/],
      [`delete from ${month}`, /append-only: DELETE refused/],
      [`truncate decisions`, /decisions is append-only: TRUNCATE refused/],
      [`truncate ${month}`, /append-only: TRUNCATE refused/],
      [`alter table decisions disable trigger decisions_guard`, /compliance record: ALTER TABLE refused/],
      [`alter table ${month} disable trigger all`, /compliance record: ALTER TABLE refused/],
      [`alter table decisions detach partition ${month}`, /compliance record: ALTER TABLE refused/],
      [`alter table ${month} rename to kept_aside`, /compliance record: ALTER TABLE refused/],
      [`drop table ${month}`, /within the retention period/],
      [`drop table decisions cascade`, /compliance record: DROP refused/],
      [`drop trigger decisions_guard on decisions`, /guards the compliance record: DROP refused/],
      [`drop function decisions_guard() cascade`, /guards the compliance record: DROP refused/],
      [
        `create or replace function decisions_guard() returns trigger language plpgsql as $$ begin return old; end $$`,
        /guards the compliance record: CREATE FUNCTION refused/,
      ],
      [
        `create rule skip_deletes as on delete to decisions do instead nothing`,
        /compliance record: CREATE RULE refused/,
      ],
      [
        `create table decisions_p209901 partition of decisions for values from ('2099-01-01') to ('2099-03-01')`,
        /does not match its registered bounds/,
      ],
      [`update decision_partitions set to_at = now()`, /append-only: UPDATE refused/],
      [`select decisions_purge('${month}', '${SCORECARD}')`, /within its retention period/],
      [`select decisions_drop_partition('${month}')`, /within the retention period/],
      [`alter table audit_log disable trigger audit_log_append_only`, /compliance record: ALTER TABLE refused/],
    ];
    for (const [statement, refusal] of refusals) {
      const outcome = await rawQuery(test, statement).then(
        () => 'accepted',
        (error: Error) => error.message,
      );
      expect(`${statement} → ${outcome}`).toMatch(refusal);
    }
    // Nothing moved: the decision reads back, and replays to the same outcome.
    expect((await test.caller.decisions.get({ id: decision.decisionId })).outcome).toEqual(decision.outcome);
    expect((await test.caller.decisions.replay({ id: decision.decisionId })).identical).toBe(true);
    expect((await test.caller.retention.overview()).guard).toBe('full');
  });
});

/** Creates and publishes a policy (author drafts and submits, a reviewer approves and publishes). */
async function publishPolicy(
  test: TestServer,
  key: string,
  subjectKey: string,
  document: PolicyDocument,
  testCase: { name: string; facts: JsonObject; asOf: string; expect: JsonObject },
): Promise<void> {
  const author = test.server.createCaller(AUTHOR);
  const reviewer = test.server.createCaller(REVIEWER);
  const policy = {
    key,
    kind: document.kind,
    subjectKey,
    title: { zh: '年龄核验', en: 'Age check' },
    owner: '人力资源部',
    section: '十一',
    requiredApprovals: 1,
  };
  await author.policies.create({ policy, document });
  await author.testCases.create({ policyKey: key, version: 1, testCase });
  const submitted = await author.policies.submit({ policyKey: key, version: 1, lockVersion: 0, changeNote: 'new' });
  const approved = await reviewer.policies.approve({
    policyKey: key,
    version: 1,
    lockVersion: submitted.lockVersion,
    comment: 'ok',
  });
  await reviewer.policies.publish({ policyKey: key, version: 1, lockVersion: approved.lockVersion });
}

const AGE_CHECK: PolicyDocument = {
  kind: 'standard',
  targets: [
    {
      id: 'adult',
      title: { zh: '年满十八周岁', en: 'At least 18' },
      severity: 'critical',
      condition: { all: [{ fact: 'age', operator: 'greaterThanInclusive', value: 18 }] },
    },
  ],
};

describe.each(PROVIDERS)('personal data in the decision log on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  it('stores personal values the version does not read as pseudonyms, and replay is still exact', async () => {
    test = await startTestServer(provider);
    const decision = await test.caller.evaluation.evaluate({ policyKey: QUALIFICATIONS, facts: EMPLOYEE, asOf: AS_OF, trace: false, detail: 'full' });

    // What the database holds: no name, no staff number, no age in clear.
    const [stored] = await rawQuery<{ facts: string; pseudonymised: string; pseudonyms: string[] }>(
      test,
      `select facts::text as facts, pseudonymised::text as pseudonymised, pseudonyms from decisions where id = $1`,
      [decision.decisionId],
    );
    const text = stored!.facts;
    for (const secret of ['张敏', 'E-1001', '"age":28']) expect(text).not.toContain(secret);
    const facts = JSON.parse(text) as JsonObject;
    expect(isPseudonym(facts.name)).toBe(true);
    expect(isPseudonym(facts.employeeId)).toBe(true);
    expect(isPseudonym(facts.age)).toBe(true);
    expect(facts.post).toBe(EMPLOYEE.post);
    expect(facts.certificates).toEqual(EMPLOYEE.certificates);
    expect(JSON.parse(stored!.pseudonymised)).toEqual(['$.age', '$.employeeId', '$.name']);
    expect(stored!.pseudonyms).toHaveLength(3);

    // An auditor sees the record as stored, with the paths that hold pseudonyms; replay is exact.
    const audited = await test.server.createCaller(AUDITOR).decisions.get({ id: decision.decisionId });
    expect(audited).toMatchObject({ masked: false, pseudonymised: ['$.age', '$.employeeId', '$.name'] });
    expect(audited.facts).toEqual(facts);
    const replay = await test.server.createCaller(AUDITOR).decisions.replay({ id: decision.decisionId });
    expect(replay.identical).toBe(true);
    expect(replay.replayed.outcome).toEqual(decision.outcome);
  });

  it('keeps in clear a personal value the version reads, and shows it only to roles allowed to see it', async () => {
    test = await startTestServer(provider);
    await publishPolicy(test, 'age-check', 'employee', AGE_CHECK, {
      name: 'an adult',
      facts: { ...EMPLOYEE },
      asOf: AS_OF,
      expect: { met: true },
    });
    const decision = await test.server
      .createCaller(AUTHOR)
      .evaluation.evaluate({ policyKey: 'age-check', facts: EMPLOYEE, trace: true });
    expect(decision.outcome).toMatchObject({ kind: 'standard', met: true, targets: [{ actual: { age: 28 } }] });

    const [stored] = await rawQuery<{ facts: string }>(test, `select facts::text as facts from decisions where id = $1`, [
      decision.decisionId,
    ]);
    const facts = JSON.parse(stored!.facts) as JsonObject;
    expect(facts.age).toBe(28);
    expect(isPseudonym(facts.name)).toBe(true);

    // The author may not see personal data: every personal value, read or not, is a pseudonym.
    const seenByAuthor = await test.server.createCaller(AUTHOR).decisions.get({ id: decision.decisionId });
    expect(seenByAuthor.masked).toBe(true);
    expect(isPseudonym(seenByAuthor.facts.age)).toBe(true);
    expect(seenByAuthor.facts.name).toBe(facts.name);
    const actual = (seenByAuthor.outcome as { targets: { actual: JsonObject }[] }).targets[0]!.actual;
    expect(isPseudonym(actual.age)).toBe(true);
    const authorReplay = await test.server.createCaller(AUTHOR).decisions.replay({ id: decision.decisionId });
    expect(authorReplay.identical).toBe(true);
    const traced = authorReplay.replayed.trace[0]!.conditions[0]!;
    expect(isPseudonym(traced.factValue)).toBe(true);
    const listed = await test.server.createCaller(REVIEWER).decisions.list({ policyKey: 'age-check', limit: 5 });
    expect(JSON.stringify(listed)).not.toContain('"age":28');

    // The auditor sees the value the version read.
    const seenByAuditor = await test.server.createCaller(AUDITOR).decisions.get({ id: decision.decisionId });
    expect(seenByAuditor).toMatchObject({ masked: false, facts: { age: 28 } });
  });

  it('finds the decisions about a person from the value an auditor holds, and refuses others the search', async () => {
    test = await startTestServer(provider);
    const other = { ...EMPLOYEE, employeeId: 'E-2002', name: '李雷' };
    const first = await test.caller.evaluation.evaluate({ policyKey: QUALIFICATIONS, facts: EMPLOYEE, asOf: AS_OF, trace: false });
    await test.caller.evaluation.evaluate({ policyKey: QUALIFICATIONS, facts: other, asOf: AS_OF, trace: false });
    const second = await test.caller.evaluation.evaluate({ policyKey: QUALIFICATIONS, facts: EMPLOYEE, asOf: AS_OF, trace: false });

    const auditor = test.server.createCaller(AUDITOR);
    const found = await auditor.decisions.list({ person: 'E-1001', limit: 10 });
    expect(found.items.map((d) => d.id)).toEqual([second.decisionId, first.decisionId]);
    expect((await auditor.decisions.list({ person: '张敏', limit: 10 })).items).toHaveLength(2);
    expect((await auditor.decisions.list({ person: 'nobody', limit: 10 })).items).toEqual([]);
    expect(await appCodeOf(test.server.createCaller(REVIEWER).decisions.list({ person: 'E-1001', limit: 10 }))).toBe(
      'FORBIDDEN',
    );
  });

  it('minimises a decision recorded before minimisation once, and the database allows no other change', async () => {
    test = await startTestServer(provider);
    const made = await test.caller.evaluation.evaluate({ policyKey: QUALIFICATIONS, facts: EMPLOYEE, asOf: AS_OF, trace: false, detail: 'full' });
    // A decision as the log held it before minimisation (and before compact outcomes): the same
    // decision, facts as sent, the full outcome and no outcome hash.
    const legacyId = '00000000-0000-4000-8000-00000000c0de';
    await rawQuery(
      test,
      `insert into decisions (id, policy_key, version, content_hash, engine_version, as_of, facts, outcome, verdict,
                              pseudonymised, duration_ms, caller, source, created_at)
       select $1, policy_key, version, content_hash, engine_version, as_of, $2::json, $4::json, verdict,
              null, duration_ms, caller, source, created_at
         from decisions where id = $3`,
      [legacyId, JSON.stringify(EMPLOYEE), made.decisionId, JSON.stringify(made.outcome)],
    );
    const minimiseDirectly = (set: string) =>
      rawQuery(
        test,
        `do $$ begin
           perform set_config('precept.minimise', 'legacy', true);
           update decisions set ${set}, pseudonymised = '[]' where id = '${legacyId}';
         end $$`,
      );
    // The minimisation switch does not open the log to other changes: a fact, the outcome, the time.
    await expect(minimiseDirectly(`facts = '${JSON.stringify({ ...EMPLOYEE, post: 'teller' })}'`)).rejects.toThrow(/append-only/);
    await expect(minimiseDirectly(`outcome = '{"kind":"qualification","qualified":true}'`)).rejects.toThrow(/append-only/);
    await expect(minimiseDirectly(`created_at = created_at - interval '1 day'`)).rejects.toThrow(/append-only/);
    await expect(minimiseDirectly(`outcome_hash = '${'a'.repeat(64)}'`)).rejects.toThrow(/append-only/);

    const { decisions, policies } = test.server.services;
    const readsOf = async (key: string, version: number) => {
      const source = await policies.getCompilable(key, version);
      return readFieldsOf(compile(source.document, source.subject).document);
    };
    expect(await decisions.minimiseRecorded(AUDITOR, readsOf)).toBe(1);
    const [legacy, recorded] = await Promise.all(
      [legacyId, made.decisionId].map(
        async (id) =>
          (await rawQuery<{ facts: string; pseudonymised: string; pseudonyms: string[] }>(
            test,
            `select facts::text as facts, pseudonymised::text as pseudonymised, pseudonyms from decisions where id = $1`,
            [id],
          ))[0]!,
      ),
    );
    for (const secret of ['张敏', 'E-1001', '"age":28']) expect(legacy!.facts).not.toContain(secret);
    // Minimised exactly as the log minimises a decision now, so a person's decisions are found alike.
    expect(JSON.parse(legacy!.facts)).toEqual(JSON.parse(recorded!.facts));
    expect(JSON.parse(legacy!.pseudonymised)).toEqual(['$.age', '$.employeeId', '$.name']);
    expect([...legacy!.pseudonyms].sort()).toEqual([...recorded!.pseudonyms].sort());
    const auditor = test.server.createCaller(AUDITOR);
    expect((await auditor.decisions.list({ person: 'E-1001', limit: 10 })).items.map((d) => d.id).sort()).toEqual(
      [legacyId, made.decisionId].sort(),
    );
    expect((await auditor.decisions.replay({ id: legacyId })).identical).toBe(true);
    expect((await test.caller.decisions.get({ id: legacyId })).outcome).toEqual(made.outcome);
    const [entry] = (await auditor.audit.list({ action: 'decisions.minimised', limit: 5 })).items;
    expect(entry).toMatchObject({ actor: AUDITOR.id, details: { count: 1, byPolicy: { [QUALIFICATIONS]: 1 } } });

    // Once minimised, a row changes no more, not even by pseudonyms; a second run finds nothing.
    await expect(minimiseDirectly(`pseudonyms = '{}'`)).rejects.toThrow(/append-only/);
    expect(await decisions.minimiseRecorded(AUDITOR, readsOf)).toBe(0);
  });

  it('applies a new personal field at once, and refuses unmarking one', async () => {
    test = await startTestServer(provider);
    const employee = await test.caller.subjects.get({ key: 'employee' });
    const marked: Subject = {
      ...employee.subject,
      fields: employee.subject.fields.map((f) => (f.name === 'outletId' ? { ...f, personal: true } : f)),
    };
    await test.server.createCaller(AUTHOR).subjects.save({ subject: marked, changeNote: 'the outlet identifies a small team' });
    const decision = await test.caller.evaluation.evaluate({ policyKey: QUALIFICATIONS, facts: EMPLOYEE, asOf: AS_OF, trace: false });
    const recorded = await test.server.createCaller(AUDITOR).decisions.get({ id: decision.decisionId });
    expect(isPseudonym(recorded.facts.outletId)).toBe(true);
    expect(recorded.pseudonymised).toContain('$.outletId');

    const unmarked: Subject = {
      ...marked,
      fields: marked.fields.map((f) => (f.name === 'name' ? { ...f, personal: false } : f)),
    };
    const refused = test.server.createCaller(AUTHOR).subjects.save({ subject: unmarked, changeNote: 'no longer' });
    await expect(refused).rejects.toThrow(/"name" was marked personal|name is personal data/);
    expect(await appCodeOf(test.server.createCaller(AUTHOR).subjects.save({ subject: unmarked, changeNote: 'no' }))).toBe(
      'VALIDATION',
    );
  });

  it('minimises decisions reported by local evaluators the same way', async () => {
    test = await startTestServer(provider);
    const version = await test.caller.policies.getVersion({ policyKey: QUALIFICATIONS, version: 1 });
    const simulated = await test.caller.evaluation.simulate({ policyKey: QUALIFICATIONS, version: 1, facts: EMPLOYEE, asOf: AS_OF, trace: false });
    const service = test.server.createCaller({ id: 'key-1', kind: 'key', credential: 'key:key-1', roles: ['service'] });
    const decisionId = '0b7c5f1e-3f0e-4a7e-9f6d-2d1f8a2b9c11';
    await service.decisions.report({
      decisions: [
        {
          decisionId,
          policyKey: QUALIFICATIONS,
          version: 1,
          contentHash: version.contentHash,
          engineVersion: simulated.engineVersion,
          asOf: AS_OF,
          facts: EMPLOYEE,
          outcome: simulated.outcome,
          durationMs: 0.1,
          createdAt: new Date().toISOString(),
        },
      ],
    });
    const [stored] = await rawQuery<{ facts: string }>(test, `select facts::text as facts from decisions where id = $1`, [decisionId]);
    expect(stored!.facts).not.toContain('张敏');
    expect((await test.server.createCaller(AUDITOR).decisions.replay({ id: decisionId })).identical).toBe(true);
    // A decision "made" in the future, or long ago, is refused with the path.
    const late = service.decisions.report({
      decisions: [
        {
          decisionId: '0b7c5f1e-3f0e-4a7e-9f6d-2d1f8a2b9c12',
          policyKey: QUALIFICATIONS,
          version: 1,
          contentHash: version.contentHash,
          engineVersion: simulated.engineVersion,
          asOf: AS_OF,
          facts: EMPLOYEE,
          outcome: simulated.outcome,
          durationMs: 0.1,
          createdAt: '2001-01-01T00:00:00.000Z',
        },
      ],
    });
    expect(await issuesOf(late)).toEqual([
      { path: '$.decisions[0].createdAt', code: 'out_of_range', message: expect.stringMatching(/within 400 days/) as string },
    ]);
  });
});

describe('the migration to the partitioned, guarded decision log', () => {
  it('moves every decision into its month with its verdict and keeps the sequence going', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const { Kysely, Migrator } = await import('kysely');
    const { PGliteDialect } = await import('kysely-pglite-dialect');
    const { migrationProvider } = await import('../../db/migrations/migration-provider.js');
    const pglite = new PGlite();
    const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      expect((await migrator.migrateTo('20261204130000_versioned_test_cases')).error).toBeUndefined();
      await pglite.exec(`
        insert into decisions (id, policy_key, version, content_hash, engine_version, as_of, facts, outcome, duration_ms, caller, source, created_at)
        values
          ('00000000-0000-4000-8000-000000000001', 'a', 1, 'h', 'e', '2026-01-01', '{"x":1}', '{"kind":"scorecard","grade":"B"}', 1, 'c', 'server', '2026-01-31T23:59:59Z'),
          ('00000000-0000-4000-8000-000000000002', 'a', 1, 'h', 'e', '2026-01-01', '{"x":2}', '{"kind":"standard","met":false}', 1, 'c', 'local', '2026-02-01T00:00:00Z'),
          ('00000000-0000-4000-8000-000000000003', 'b', 2, 'h', 'e', '2026-01-01', '{}', '{"kind":"escalation","level":null}', 1, null, 'server', '2025-07-04T12:00:00Z');
      `);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const rows = await pglite.query<{ seq: number; id: string; verdict: string; part: string; facts: unknown }>(
        `select seq, id, verdict, tableoid::regclass::text as part, facts from decisions order by seq`,
      );
      expect(rows.rows.map((r) => [Number(r.seq), r.verdict, r.part])).toEqual([
        [1, 'B', 'decisions_p202601'],
        [2, 'not-met', 'decisions_p202602'],
        [3, 'none', 'decisions_p202507'],
      ]);
      expect(rows.rows[0]!.facts).toEqual({ x: 1 });
      // Not minimised yet (the migration holds no key): the server minimises them once it starts.
      const unminimised = await pglite.query<{ n: number }>(`select count(*)::int as n from decisions where pseudonymised is null`);
      expect(unminimised.rows[0]!.n).toBe(3);
      await pglite.query(`select decisions_ensure_partition('decisions_p202612', '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z')`);
      const next = await pglite.query<{ seq: number }>(
        `insert into decisions (id, policy_key, version, content_hash, engine_version, as_of, facts, outcome, verdict, duration_ms, source, created_at)
         values (gen_random_uuid(), 'a', 1, 'h', 'e', 'x', '{}', '{}', 'none', 0, 'server', '2026-12-06T00:00:00Z') returning seq`,
      );
      expect(Number(next.rows[0]!.seq)).toBe(4);
      await expect(pglite.query(`delete from decisions`)).rejects.toThrow(/append-only/);
    } finally {
      await db.destroy();
    }
  });
});
