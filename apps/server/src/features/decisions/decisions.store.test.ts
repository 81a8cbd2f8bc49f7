import { randomUUID } from 'node:crypto';
import type { Outcome } from '@precept/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDERS, rawQuery, startTestServer, type TestServer } from '../../test/test-server.js';
import {
  findDecision,
  insertDecisionsInMonths as insertDecisions,
  listDecisionRange,
  type StoredDecision,
} from './decisions.store.js';

const AT = new Date('2026-11-26T10:00:00.123Z');

const decision = (
  overrides: Partial<Omit<StoredDecision, 'outcome' | 'outcomeHash'>> & { outcome?: Outcome } = {},
): StoredDecision => ({
  id: randomUUID(),
  policyKey: 'store-test',
  version: 1,
  contentHash: 'f'.repeat(64),
  engineVersion: 'test',
  asOf: '2026-03-31',
  facts: { i: 0 },
  outcome: { kind: 'ruleset', events: [] },
  outcomeHash: null,
  verdict: 'none',
  pseudonymised: [],
  pseudonyms: [],
  durationMs: 0.01,
  caller: 'test',
  source: 'server',
  createdAt: AT,
  ...overrides,
});

/** What reading `row` back must give (the pseudonyms are an index, not read back). */
const stored = ({ createdAt, pseudonyms: _pseudonyms, ...row }: StoredDecision) => ({
  ...row,
  seq: expect.any(Number) as number,
  createdAt: createdAt.toISOString(),
});

describe.each(PROVIDERS)('decision store on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  it('reads back facts and outcome as inserted: unicode, nesting, key order, numbers', async () => {
    test = await startTestServer(provider);
    const { db } = test.server.database;
    const row = decision({
      // Keys deliberately out of jsonb's order (shorter first, then bytewise): `json` keeps them.
      facts: {
        zeta: 1,
        a: '服务绩效评分卡 — “引号” \\ 反斜杠\n换行 \t 🚀',
        客户名称: '上海某某科技有限公司',
        nested: { z: [1, 2.5, -3, { deep: true, none: null }], b: { c: { d: '深' } } },
        numbers: [0, -0.5, 0.1, 1e21, 1.7976931348623157e308, 5e-324, Number.MAX_SAFE_INTEGER, -12345.6789],
        empty: {},
        list: [],
        flag: false,
      },
      outcome: {
        kind: 'ruleset',
        events: [{ ruleId: 'r-1', type: '升级', params: { 理由: '逾期 3 天', level: 2, ok: true } }],
      },
      durationMs: 0.123456789012345,
      createdAt: new Date('2026-11-26T23:59:59.999Z'),
    });
    expect(await insertDecisions(db, [row])).toBe(1);
    const found = await findDecision(db, row.id);
    expect(found).toEqual(stored(row));
    expect(JSON.stringify(found!.facts)).toBe(JSON.stringify(row.facts));
    expect(JSON.stringify(found!.outcome)).toBe(JSON.stringify(row.outcome));
    // The instant survives to the millisecond, whatever the session's time zone.
    const [time] = await rawQuery<{ at: string }>(
      test,
      `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as at from decisions where id = $1`,
      [row.id],
    );
    expect(time?.at).toBe('2026-11-26T23:59:59.999');
  });

  it('keeps a null caller and every source', async () => {
    test = await startTestServer(provider);
    const { db } = test.server.database;
    const rows = [
      decision({ caller: null, source: 'local' }),
      decision({ caller: '调用方', source: 'simulation' }),
    ];
    await insertDecisions(db, rows);
    for (const row of rows) expect(await findDecision(db, row.id)).toEqual(stored(row));
  });

  it('keeps a compact outcome with the hash of its full outcome, and refuses a malformed hash', async () => {
    test = await startTestServer(provider);
    const { db } = test.server.database;
    const row: StoredDecision = {
      ...decision(),
      outcome: { kind: 'ruleset', fired: ['r-1', 'r-2'] },
      outcomeHash: 'a'.repeat(64),
    };
    await insertDecisions(db, [row]);
    expect(await findDecision(db, row.id)).toEqual(stored(row));
    await expect(insertDecisions(db, [{ ...row, id: randomUUID(), outcomeHash: 'not a hash' }])).rejects.toThrow();
  });

  it('gives the rows of one insert sequence numbers in array order (the tie-breaker of equal times)', async () => {
    test = await startTestServer(provider);
    const { db } = test.server.database;
    // Ids sorted the other way round and one time for all, so neither id nor time order could pass
    // for array order.
    const ids = Array.from({ length: 1000 }, () => randomUUID())
      .sort()
      .reverse();
    const rows = ids.map((id, i) => decision({ id, facts: { i } }));
    expect(await insertDecisions(db, rows)).toBe(1000);
    const read = await listDecisionRange(db, {
      policyKey: 'store-test',
      from: new Date(AT.getTime() - 1000),
      to: new Date(AT.getTime() + 1),
      limit: 2000,
    });
    expect(read.map((d) => d.id)).toEqual(ids);
    expect(read.map((d) => d.facts)).toEqual(rows.map((d) => d.facts));
    const seqs = read.map((d) => d.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('skips ids already recorded (and repeated in one batch) with ignoreDuplicates, else fails whole', async () => {
    test = await startTestServer(provider);
    const { db } = test.server.database;
    const a = decision();
    const b = decision();
    const c = decision();
    expect(await insertDecisions(db, [a, b], { ignoreDuplicates: true })).toBe(2);
    expect(await insertDecisions(db, [b, c, c], { ignoreDuplicates: true })).toBe(1);
    expect(await insertDecisions(db, [a, b, c], { ignoreDuplicates: true })).toBe(0);

    const d = decision();
    await expect(insertDecisions(db, [d, a])).rejects.toThrow();
    expect(await findDecision(db, d.id)).toBeUndefined();
    const count = await db
      .selectFrom('decisions')
      .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
      .where('policy_key', '=', 'store-test')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });

  it('inserts nothing for no rows', async () => {
    test = await startTestServer(provider);
    expect(await insertDecisions(test.server.database.db, [])).toBe(0);
  });

  it('compresses large facts and outcomes with lz4 where the database has it, and reads them back', async () => {
    test = await startTestServer(provider);
    const [setting] = await rawQuery<{ available: boolean }>(
      test,
      `select coalesce('lz4' = any(enumvals), false) as available from pg_settings where name = 'default_toast_compression'`,
    );
    const columns = await rawQuery<{ attname: string; attcompression: string }>(
      test,
      `select attname, attcompression::text as attcompression from pg_attribute
       where attrelid = 'decisions'::regclass and attname in ('facts', 'outcome') order by attname`,
    );
    const available = setting!.available;
    const method = available ? 'l' : '';
    expect(columns).toEqual([
      { attname: 'facts', attcompression: method },
      { attname: 'outcome', attcompression: method },
    ]);
    // PostgreSQL (Debian's is built with lz4) must take it; PGlite has none.
    expect(available).toBe(provider === 'postgres');

    const { db } = test.server.database;
    // A decision as large as a scorecard's (~4 KB): PostgreSQL compresses values over ~2 KB.
    const events = Array.from({ length: 40 }, (_, i) => ({
      ruleId: `rule-${i}`,
      type: 'escalate',
      params: { 理由: '客户投诉逾期未处理', level: i },
    }));
    const row = decision({ outcome: { kind: 'ruleset', events } });
    await insertDecisions(db, [row]);
    expect(await findDecision(db, row.id)).toEqual(stored(row));
    const [compressed] = await rawQuery<{ compression: string | null }>(
      test,
      `select pg_column_compression(outcome) as compression from decisions where id = $1`,
      [row.id],
    );
    expect(compressed?.compression).toBe(available ? 'lz4' : 'pglz');
  });
});
