// Retention of the decision log: an expired month is dropped and audited, a held one is kept (and
// says why), a policy with a shorter period is purged from a month others still need, and every
// hold or period takes an auditor and an administrator.
import type { Actor } from '@precept/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { appCodeOf } from '../../test/errors.js';
import { SCORECARD } from '../../test/fixtures.js';
import { PROVIDERS, rawQuery, startTestServer, type TestServer } from '../../test/test-server.js';

const person = (id: string, ...roles: Actor['roles']): Actor => ({ id, kind: 'user', credential: 'test', roles });
const ADA = person('ada', 'auditor');
const BEA = person('bea', 'auditor');
const ROOT = person('root', 'admin');
const QUALIFICATIONS = 'post-qualifications';

/** Puts `count` decisions of a policy into a month of 2010 (created as the log would). */
async function seedMonth(test: TestServer, month: number, policyKey: string, count: number): Promise<string> {
  const name = `decisions_p2010${String(month).padStart(2, '0')}`;
  const from = `2010-${String(month).padStart(2, '0')}-01T00:00:00Z`;
  const to = month === 12 ? '2011-01-01T00:00:00Z' : `2010-${String(month + 1).padStart(2, '0')}-01T00:00:00Z`;
  await rawQuery(test, `select decisions_ensure_partition($1, $2, $3)`, [name, from, to]);
  await rawQuery(
    test,
    `insert into decisions (id, policy_key, version, content_hash, engine_version, as_of, facts, outcome,
                            verdict, duration_ms, caller, source, created_at)
     select gen_random_uuid(), $1, 1, repeat('0', 64), 'x', '2010-01-01', '{}', '{"kind":"ruleset","events":[]}',
            'none', 0, 'seed', 'server', $2::timestamptz + g * interval '1 minute'
     from generate_series(1, $3::int) as g`,
    [policyKey, from, count],
  );
  return name;
}

const exists = async (test: TestServer, name: string): Promise<boolean> =>
  (await rawQuery<{ present: boolean }>(test, `select to_regclass($1) is not null as present`, [name]))[0]!.present;

const count = async (test: TestServer, name: string, policyKey: string): Promise<number> =>
  Number((await rawQuery<{ n: string | number }>(test, `select count(*) as n from ${name} where policy_key = $1`, [policyKey]))[0]!.n);

describe.each(PROVIDERS)('retention of the decision log on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());
  const as = (actor: Actor) => test.server.createCaller(actor);

  it('drops an expired month and audits it, keeps a held one and says why, until the hold is lifted', async () => {
    test = await startTestServer(provider);
    const january = await seedMonth(test, 1, SCORECARD, 5);
    const february = await seedMonth(test, 2, SCORECARD, 3);

    // An auditor's hold on February is in force at once, before anyone approves it.
    const hold = await as(ADA).retention.requestHold({
      from: '2010-02-10T00:00:00Z',
      to: '2010-02-11T00:00:00Z',
      reason: 'investigation 2026-17',
    });
    expect(hold).toMatchObject({ status: 'requested', blocking: true, requestedAs: 'auditor' });
    // The database refuses the drop itself, naming the hold.
    await expect(rawQuery(test, `drop table ${february}`)).rejects.toThrow(new RegExp(`legal hold ${hold.id}`));

    const run = await as(ROOT).retention.run();
    const steps = Object.fromEntries(run.steps.map((step) => [step.partition, step]));
    expect(steps[january]).toMatchObject({ action: 'dropped', deleted: [{ policyKey: SCORECARD, rows: 5 }] });
    expect(steps[february]).toMatchObject({ action: 'kept', deleted: [] });
    expect(steps[february]!.reasons.join(' ')).toContain(`legal hold ${hold.id}`);
    expect(await exists(test, january)).toBe(false);
    expect(await count(test, february, SCORECARD)).toBe(3);

    const dropped = (await as(ADA).audit.list({ action: 'decisions.partitionDropped', limit: 5 })).items;
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({
      actor: 'root',
      entityId: january,
      details: { rows: 5, from: '2010-01-01T00:00:00.000Z', to: '2010-02-01T00:00:00.000Z' },
    });
    // A dropped month takes no decisions again.
    await expect(
      rawQuery(test, `select decisions_ensure_partition($1, '2010-01-01T00:00:00Z', '2010-02-01T00:00:00Z')`, [january]),
    ).rejects.toThrow(/dropped by retention/);

    // Approval by an administrator; the lift takes the pair again, and only then does February go.
    await as(ROOT).retention.approveHold({ id: hold.id, comment: 'confirmed with legal' });
    const lifting = await as(ROOT).retention.requestLift({ id: hold.id, reason: 'case closed' });
    expect(lifting).toMatchObject({ status: 'active', blocking: true, liftRequestedBy: 'root', liftRequestedAs: 'admin' });
    expect((await as(ROOT).retention.run()).steps.find((s) => s.partition === february)?.action).toBe('kept');
    expect((await as(ADA).retention.approveLift({ id: hold.id, comment: 'closed, see memo 12' })).status).toBe('lifted');
    expect((await as(ADA).retention.run()).steps.find((s) => s.partition === february)?.action).toBe('dropped');
    expect(await exists(test, february)).toBe(false);

    const trail = (await as(ADA).audit.list({ entityType: 'legalHold', limit: 10 })).items.map((e) => [e.action, e.actor]);
    expect(trail.reverse()).toEqual([
      ['legalHold.requested', 'ada'],
      ['legalHold.approved', 'root'],
      ['legalHold.liftRequested', 'root'],
      ['legalHold.lifted', 'ada'],
    ]);
  });

  it('purges a policy whose period ended from a month a longer period still keeps', async () => {
    test = await startTestServer(provider);
    const march = await seedMonth(test, 3, SCORECARD, 4);
    await seedMonth(test, 3, QUALIFICATIONS, 6);

    // The scorecard's decisions are kept fifty years: an administrator asks, an auditor approves.
    const change = await as(ROOT).retention.requestPeriod({ policyKey: SCORECARD, months: 600, reason: 'kept with the annual reports' });
    expect(change).toMatchObject({ status: 'pending', requestedAs: 'admin' });
    await as(ADA).retention.approvePeriod({ id: change.id, comment: 'agreed' });

    const step = (await as(ADA).retention.run()).steps.find((s) => s.partition === march)!;
    expect(step).toMatchObject({ action: 'purged', deleted: [{ policyKey: QUALIFICATIONS, rows: 6 }] });
    expect(step.reasons.join(' ')).toMatch(new RegExp(`${SCORECARD}: within its retention period \\(600 months`));
    expect(await count(test, march, SCORECARD)).toBe(4);
    expect(await count(test, march, QUALIFICATIONS)).toBe(0);
    const purged = (await as(ADA).audit.list({ action: 'decisions.purged', limit: 5 })).items;
    expect(purged[0]).toMatchObject({ entityId: `${march}/${QUALIFICATIONS}`, details: { rows: 6 } });

    const overview = await as(ADA).retention.overview();
    expect(overview.defaultMonths).toBe(120);
    expect(overview.periods).toEqual([{ policyKey: SCORECARD, months: 600 }]);
    expect(overview.partitions.find((p) => p.name === march)).toMatchObject({ rows: 4, expiresAt: '2060-04-01T00:00:00.000Z' });
  });

  it('takes an auditor and an administrator for every hold and period, and audits refusals', async () => {
    test = await startTestServer(provider);
    const hold = await as(ADA).retention.requestHold({ policyKey: SCORECARD, reason: 'regulator request' });
    expect(await appCodeOf(as(ADA).retention.approveHold({ id: hold.id, comment: 'self' }))).toBe('FORBIDDEN');
    expect(await appCodeOf(as(BEA).retention.approveHold({ id: hold.id, comment: 'another auditor' }))).toBe('FORBIDDEN');
    await expect(as(BEA).retention.approveHold({ id: hold.id, comment: 'approve' })).rejects.toThrow(
      /asked by an auditor: an administrator decides it/,
    );
    const refused = (await as(ROOT).audit.list({ action: 'legalHold.approved.refused', limit: 5 })).items;
    expect(refused.map((e) => e.actor).sort()).toEqual(['ada', 'bea', 'bea']);

    // A rejected hold stops blocking; a decided hold is not decided twice.
    const rejected = await as(ROOT).retention.rejectHold({ id: hold.id, comment: 'no legal basis' });
    expect(rejected).toMatchObject({ status: 'rejected', blocking: false, decidedBy: 'root' });
    expect(await appCodeOf(as(ROOT).retention.approveHold({ id: hold.id, comment: 'again' }))).toBe('CONFLICT');
    expect(await appCodeOf(as(ROOT).retention.requestLift({ id: hold.id, reason: 'lift it' }))).toBe('CONFLICT');

    const change = await as(ADA).retention.requestPeriod({ policyKey: SCORECARD, months: 12, reason: 'shorter' });
    expect(await appCodeOf(as(ADA).retention.requestPeriod({ policyKey: SCORECARD, months: 24, reason: 'again' }))).toBe(
      'CONFLICT',
    );
    expect(await appCodeOf(as(BEA).retention.approvePeriod({ id: change.id, comment: 'ok' }))).toBe('FORBIDDEN');
    await as(ROOT).retention.rejectPeriod({ id: change.id, comment: 'not below the legal minimum' });
    expect((await as(ADA).retention.overview()).periods).toEqual([]);

    // Unknown things are NOT_FOUND, bad input names its field, other roles are refused.
    expect(await appCodeOf(as(ROOT).retention.approveHold({ id: 'hold-nope', comment: 'x' }))).toBe('NOT_FOUND');
    expect(await appCodeOf(as(ADA).retention.requestHold({ policyKey: 'no-such-policy', reason: 'x y z' }))).toBe('NOT_FOUND');
    expect(
      await appCodeOf(as(ADA).retention.requestHold({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z', reason: 'backwards' })),
    ).toBe('trpc:BAD_REQUEST');
    expect(await appCodeOf(as(ADA).retention.requestPeriod({ policyKey: SCORECARD, months: 0, reason: 'zero' }))).toBe(
      'trpc:BAD_REQUEST',
    );
    expect(await appCodeOf(as(person('carol', 'author')).retention.overview())).toBe('FORBIDDEN');
    // Nor can anyone delete a hold behind the service's back.
    await expect(rawQuery(test, `delete from legal_holds`)).rejects.toThrow(/keeps every hold/);
    await expect(rawQuery(test, `update legal_holds set status = 'lifted', lifted_by = 'x', lift_requested_by = 'y'`)).rejects.toThrow(
      /not a step of its lifecycle/,
    );
  });

  it('records a change of the configured default in the audit log', async () => {
    test = await startTestServer(provider, { env: { PRECEPT_RETENTION_MONTHS: '180' } });
    expect((await as(ADA).retention.overview()).defaultMonths).toBe(180);
    const changed = (await as(ADA).audit.list({ action: 'retention.defaultChanged', limit: 5 })).items;
    expect(changed[0]).toMatchObject({ actor: 'system', details: { monthsBefore: 120, months: 180 } });
  });
});
