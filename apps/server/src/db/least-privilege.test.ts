// The deployment docs/operations.md recommends, tried for real: the schema migrated by its owner, the
// server running as a role that owns nothing, granted exactly what the documentation's SQL grants.
// That server must do all its work (record and read decisions, run retention through the owner's
// SECURITY DEFINER functions, export signed evidence, keep the audit chain), and a leaked
// DATABASE_URL of that role must not be enough to switch the compliance record's guards off.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Actor } from '@precept/schema';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { createServer, type PreceptServer } from '../server.js';
import { SCORECARD, SCORECARD_FACTS } from '../test/fixtures.js';
import { PROVIDERS, rawQuery, startTestServer, type TestServer } from '../test/test-server.js';

const postgresOnly = PROVIDERS.includes('postgres') ? describe : describe.skip;
const ADA: Actor = { id: 'ada', kind: 'user', credential: 'test', roles: ['auditor'] };
const ROOT: Actor = { id: 'root', kind: 'user', credential: 'test', roles: ['admin'] };

/** The SQL block of docs/operations.md that creates and grants the server's role. */
function documentedGrants(): string {
  const doc = readFileSync(new URL('../../../../docs/operations.md', import.meta.url), 'utf8');
  const block = /Run the servers as a role that owns nothing[\s\S]*?```sql\n([\s\S]*?)```/.exec(doc);
  if (block === null) throw new Error('docs/operations.md: the least-privilege SQL block is gone');
  return block[1]!;
}

/** The documented statements for role `role` on database `database` (password left out: trust auth here). */
function grantsFor(role: string, database: string): string[] {
  return documentedGrants()
    .split('\n')
    .map((line) => line.replace(/--.*$/, '').trim())
    .filter((line) => line !== '')
    .map((line) =>
      line
        .replace(/\bprecept_app\b/g, role)
        .replace(/ on database precept /, ` on database "${database}" `)
        .replace(/ password '…'/, '')
        .replace(/;$/, ''),
    );
}

/** Runs `statement` as the URL's role; the refusal's message, or 'accepted'. */
async function tryAs(url: string, statement: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end();
  }
}

postgresOnly('the server as a role that owns nothing (docs/operations.md)', () => {
  let owner: TestServer | undefined;
  let app: PreceptServer | undefined;
  let role = '';
  afterEach(async () => {
    await app?.close();
    const adminUrl = owner?.databaseUrl;
    await owner?.close();
    if (adminUrl !== undefined && role !== '') {
      // The role owns nothing and its grants went with the database; what is left is the role itself.
      const client = new pg.Client({ connectionString: new URL('/postgres', adminUrl).toString() });
      await client.connect();
      await client.query(`drop role if exists ${role}`);
      await client.end();
    }
  });

  it('does all its work with the documented grants, and cannot switch the guards off', async () => {
    owner = await startTestServer('postgres');
    const ownerUrl = owner.databaseUrl!;
    const database = new URL(ownerUrl).pathname.slice(1);
    role = `precept_app_${randomBytes(4).toString('hex')}`;
    for (const statement of grantsFor(role, database)) await rawQuery(owner, statement);
    // The owner's own server stops: from here on only the role's server touches the database.
    await owner.server.close();

    const appUrl = new URL(ownerUrl);
    appUrl.username = role;
    app = await createServer(
      { ...owner.config, database: { kind: 'postgres', url: appUrl.toString(), poolMax: 4 } },
      { log: createLogger('silent') },
    );
    const caller = app.createCaller();

    // Decisions are recorded and read back, replay is exact, evidence is signed.
    const decision = await caller.evaluation.evaluate({
      policyKey: SCORECARD,
      facts: SCORECARD_FACTS,
      trace: false,
      detail: 'full',
    });
    expect((await caller.decisions.get({ id: decision.decisionId })).outcome).toEqual(decision.outcome);
    expect((await caller.decisions.replay({ id: decision.decisionId })).identical).toBe(true);
    const day = {
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const evidence = await app.createCaller(ADA).decisions.export(day);
    expect(evidence.rows.map((row) => row.id)).toContain(decision.decisionId);
    expect(
      (
        await caller.evidence.verify({
          evidence: JSON.parse(JSON.stringify(evidence)) as Record<string, unknown>,
        })
      ).ok,
    ).toBe(true);

    // Retention creates and drops months through the owner's SECURITY DEFINER functions.
    const expired = 'decisions_p201001';
    await rawQuery(
      owner,
      `select decisions_ensure_partition($1, '2010-01-01T00:00:00Z', '2010-02-01T00:00:00Z')`,
      [expired],
    );
    const run = await app.createCaller(ROOT).retention.run();
    expect(run.steps.find((step) => step.partition === expired)?.action).toBe('dropped');
    const dropped = await app
      .createCaller(ADA)
      .audit.list({ action: 'decisions.partitionDropped', limit: 1 });
    expect(dropped.items[0]?.entityId).toBe(expired);
    expect((await app.createCaller(ADA).audit.verify()).ok).toBe(true);

    // The role's own URL, used directly: every way around the record is refused.
    const [row] = await rawQuery<{ partition: string }>(
      owner,
      `select tableoid::regclass::text as partition from decisions where id = $1`,
      [decision.decisionId],
    );
    const month = row!.partition;
    const refusals: [string, RegExp][] = [
      ['set session_replication_role = replica', /permission denied to set parameter/],
      [
        `update decisions set verdict = 'A' where id = '${decision.decisionId}'`,
        /append-only: UPDATE refused/,
      ],
      [`delete from decisions where id = '${decision.decisionId}'`, /append-only: DELETE refused/],
      ['truncate decisions', /permission denied|append-only: TRUNCATE refused/],
      ['alter table decisions disable trigger all', /must be owner/],
      [`alter table ${month} disable trigger all`, /must be owner/],
      ['drop trigger decisions_guard on decisions', /must be owner/],
      [`drop table ${month}`, /must be owner/],
      [`select decisions_drop_partition('${month}')`, /within the retention period/],
      [`select decisions_purge('${month}', '${SCORECARD}')`, /within its retention period/],
      [
        `create or replace function decisions_guard() returns trigger language plpgsql as $$ begin return old; end $$`,
        /permission denied for schema public|must be owner/,
      ],
      ['update audit_log set actor = $$mallory$$', /append-only|UPDATE refused/],
      ['delete from audit_log', /append-only|DELETE refused/],
      ['alter table audit_log disable trigger all', /must be owner/],
      ['create table kept_aside (id int)', /permission denied for schema public/],
      [`alter role ${role} superuser`, /permission denied|must be superuser/],
    ];
    const appDatabaseUrl = appUrl.toString();
    for (const [statement, refusal] of refusals) {
      expect(`${statement} → ${await tryAs(appDatabaseUrl, statement)}`).toMatch(refusal);
    }
    // Nothing moved.
    expect((await caller.decisions.replay({ id: decision.decisionId })).identical).toBe(true);
    expect((await app.createCaller(ADA).audit.verify()).ok).toBe(true);
  });
});
