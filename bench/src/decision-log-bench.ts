// `pnpm bench:decision-log`: the decision log at the volume of a year of every business line.
// Loads 10,000,000 decisions across 12 months into a scratch PostgreSQL database (rows copied from
// real evaluations of the guideline's demo facts, so their size, personal-data pseudonyms and
// verdicts are the log's own), then times the console's decision-log queries through the server's
// own service, as an auditor: by day range, by policy, by version, by outcome, by person, one
// decision by id, and the evidence export of one day of one policy. Prints p50/p95/p99 and the
// query plans, and writes bench/results/decision-log.json.
//
//   node --max-semi-space-size=64 dist/decision-log-bench.js [--rows=10000000] [--months=12] [--samples=200]
//                                                               [--policies=KEY,…] [--database=NAME] [--keep] [--out=FILE]
//                                                               [--only=exportDay,…]
//
// --database=NAME reuses (or creates and keeps) that database: load once, measure many times.
// --policies=post-qualifications loads only that policy's decisions: `--rows=75000 --months=1`
// gives a day of it the density it has at ten million rows (~2,500), for measuring the one-day
// export without the 22 GB table (an export's cost is per row exported, its query an index range).
// --only=exportDay,exportHour times those queries alone (ids as in the JSON it writes).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createLogger, createServer, loadConfig, SERVER_NODE_FLAGS } from '@precept/server';
import type { Actor } from '@precept/schema';
import pg from 'pg';
import { readMachineInfo } from './machine-info.js';
import { loadDecisions, PEOPLE, personId } from './decision-loader.js';
import { BENCH_KEYS, createScratchDatabase, databaseUrlOf, dropDatabase } from './scratch-database.js';
import { createRandom } from './seeded-random.js';

interface Flags {
  rows: number;
  months: number;
  samples: number;
  policies: string[] | undefined;
  database: string | undefined;
  /** The queries to time (ids, e.g. `exportDay`); all when absent. */
  only: string[] | undefined;
  keep: boolean;
  out: string;
}

const BENCH_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DAY = 86_400_000;
/** The target of issue 12: each query's p95 at 10,000,000 rows. */
const TARGET_P95_MS = 200;

function parseFlags(argv: readonly string[]): Flags {
  const value = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  return {
    rows: Number(value('rows') ?? 10_000_000),
    months: Number(value('months') ?? 12),
    samples: Number(value('samples') ?? 200),
    policies: value('policies')?.split(','),
    database: value('database'),
    only: value('only')?.split(','),
    keep: argv.includes('--keep') || value('database') !== undefined,
    out: value('out') ?? path.join(BENCH_ROOT, 'results', 'decision-log.json'),
  };
}

const log = (message: string): void => {
  process.stderr.write(`[decision-log] ${message}\n`);
};

const AUDITOR: Actor = { id: 'bench-auditor', kind: 'user', credential: 'bench', roles: ['auditor'] };
const REVIEWER: Actor = { id: 'bench-reviewer', kind: 'user', credential: 'bench', roles: ['reviewer'] };

/** Latency statistics of one query, in milliseconds. */
interface QueryStats {
  id: string;
  label: string;
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Rows the answers held, on average. */
  rows: number;
  meetsTarget: boolean;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (value: number): number => Math.round(value * 10) / 10;

async function time(
  id: string,
  label: string,
  samples: number,
  run: (i: number) => Promise<number>,
): Promise<QueryStats> {
  for (let i = 0; i < Math.min(10, samples); i += 1) await run(samples + i);
  const latencies: number[] = [];
  let rows = 0;
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    rows += await run(i);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  const stats = {
    id,
    label,
    samples,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? 0),
    rows: Math.round(rows / samples),
    meetsTarget: percentile(latencies, 95) <= TARGET_P95_MS,
  };
  log(`${label}: p50 ${stats.p50} ms, p95 ${stats.p95} ms, p99 ${stats.p99} ms (${stats.rows} rows)`);
  return stats;
}

/** The SQL each console query sends (as decisions.store builds it), for EXPLAIN. */
const PLANNED: { id: string; sql: string; params: (p: PlanParams) => unknown[] }[] = [
  {
    id: 'dayRange',
    sql: `select * from decisions where created_at >= $1 and created_at < $2 order by created_at desc, seq desc limit 51`,
    params: (p) => [p.dayFrom, p.dayTo],
  },
  {
    id: 'byPolicy',
    sql: `select * from decisions where policy_key = $1 order by created_at desc, seq desc limit 51`,
    params: (p) => [p.policyKey],
  },
  {
    id: 'byVersion',
    sql: `select * from decisions where policy_key = $1 and version = $2 order by created_at desc, seq desc limit 51`,
    params: (p) => [p.policyKey, 1],
  },
  {
    id: 'byVerdict',
    sql: `select * from decisions where policy_key = $1 and verdict = $2 order by created_at desc, seq desc limit 51`,
    params: (p) => [p.verdictPolicy, p.verdict],
  },
  {
    id: 'byPerson',
    sql: `select * from decisions where pseudonyms @> array[$1]::text[] and cardinality(pseudonyms) > 0 order by created_at desc, seq desc limit 51`,
    params: (p) => [p.pseudonym],
  },
  { id: 'byId', sql: `select * from decisions where id = $1`, params: (p) => [p.id] },
  {
    id: 'exportDay',
    sql: `select * from decisions where created_at >= $1 and created_at < $2 and policy_key = $3 order by created_at asc, seq asc limit 10001`,
    params: (p) => [p.dayFrom, p.dayTo, 'post-qualifications'],
  },
];

interface PlanParams {
  dayFrom: Date;
  dayTo: Date;
  policyKey: string;
  verdictPolicy: string;
  verdict: string;
  pseudonym: string;
  id: string;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  // The queries run in this process, through the server's own service: with the server's runtime.
  const missing = SERVER_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length > 0) {
    throw new Error(
      `run with the server's Node.js flags (${missing.join(' ')}): node ${SERVER_NODE_FLAGS.join(' ')} dist/decision-log-bench.js, as pnpm bench:decision-log does`,
    );
  }
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let url: string;
  let reuse = false;
  if (flags.database !== undefined) {
    url = databaseUrlOf(serverUrl, flags.database);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    reuse =
      (await admin.query(`select 1 from pg_database where datname = $1`, [flags.database])).rowCount === 1;
    await admin.end();
    if (!reuse) await createScratchDatabase(serverUrl, flags.database);
  } else {
    url = (await createScratchDatabase(serverUrl)).url;
  }
  const database = new URL(url).pathname.slice(1);
  const server = await createServer(
    loadConfig({
      DATABASE_URL: url,
      NODE_ENV: 'production',
      PRECEPT_SEED: '1',
      PRECEPT_DEMO: '0',
      PRECEPT_SWEEP_INTERVAL_MS: '0',
      PRECEPT_RETENTION_INTERVAL_MS: '0',
      PRECEPT_ADMIN_PASSWORD: 'bench-admin-password',
      PRECEPT_ADMIN_USERNAME: 'bench-admin,bench-admin2',
      LOG_LEVEL: 'warn',
      ...BENCH_KEYS,
    }),
    { log: createLogger('warn') },
  );
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const existing = Number(
      (await client.query<{ n: string }>(`select count(*) as n from decisions`)).rows[0]!.n,
    );
    let loadedIn: number | null = null;
    if (!reuse || existing < flags.rows) {
      const started = performance.now();
      await loadDecisions(client, server, {
        rows: flags.rows - existing,
        months: flags.months,
        policyKeys: flags.policies,
        log,
      });
      loadedIn = Math.round((performance.now() - started) / 1000);
      log(`loaded in ${loadedIn} s`);
    }
    const total = Number(
      (await client.query<{ n: string }>(`select count(*) as n from decisions`)).rows[0]!.n,
    );
    const bounds = (
      await client.query<{ first: Date; last: Date }>(
        `select min(created_at) as first, max(created_at) as last from decisions`,
      )
    ).rows[0]!;
    const size = (
      await client.query<{ table: string; indexes: string }>(
        `select pg_size_pretty(sum(pg_table_size(inhrelid))) as table, pg_size_pretty(sum(pg_indexes_size(inhrelid))) as indexes
         from pg_inherits where inhparent = 'decisions'::regclass`,
      )
    ).rows[0]!;
    log(
      `${total.toLocaleString('en')} decisions from ${bounds.first.toISOString()} to ${bounds.last.toISOString()}; table ${size.table}, indexes ${size.indexes}`,
    );

    // Parameters drawn from the data itself.
    const random = createRandom(20261206);
    const pick = <T>(values: readonly T[]): T => random.pick(values);
    const policies = (
      await client.query<{ policy_key: string }>(
        `select distinct policy_key from decisions_p${bounds.last.getUTCFullYear()}${String(bounds.last.getUTCMonth() + 1).padStart(2, '0')}`,
      )
    ).rows.map((r) => r.policy_key);
    const verdicts = (
      await client.query<{ policy_key: string; verdict: string }>(
        `select distinct policy_key, verdict from decisions where created_at >= $1`,
        [new Date(bounds.last.getTime() - 7 * DAY)],
      )
    ).rows;
    const ids = (
      await client.query<{ id: string }>(`select id from decisions tablesample system (0.05) limit 2000`)
    ).rows.map((r) => r.id);
    const people = Array.from({ length: 1000 }, (_, i) => personId((i * 7) % PEOPLE));
    const firstDay = Math.ceil(bounds.first.getTime() / DAY) * DAY;
    const days = Math.floor((bounds.last.getTime() - firstDay) / DAY);
    const dayOf = (i: number): { from: string; to: string } => {
      const start = firstDay + ((i * 7919) % days) * DAY;
      return { from: new Date(start).toISOString(), to: new Date(start + DAY).toISOString() };
    };

    const auditor = server.createCaller(AUDITOR);
    const reviewer = server.createCaller(REVIEWER);
    const n = flags.samples;
    // --only=ID,… times those queries alone (the others are left out of the report).
    const timed = (
      id: string,
      label: string,
      samples: number,
      run: (i: number) => Promise<number>,
    ): Promise<QueryStats | null> =>
      flags.only === undefined || flags.only.includes(id)
        ? time(id, label, samples, run)
        : Promise.resolve(null);
    const timings: (QueryStats | null)[] = [
      await timed(
        'dayRange',
        'one day, newest first (first page of 50)',
        n,
        async (i) => (await auditor.decisions.list({ ...dayOf(i), limit: 50 })).items.length,
      ),
      await timed(
        'byPolicy',
        'one policy, newest first',
        n,
        async () => (await auditor.decisions.list({ policyKey: pick(policies), limit: 50 })).items.length,
      ),
      await timed(
        'byPolicyDay',
        'one policy on one day',
        n,
        async (i) =>
          (await auditor.decisions.list({ policyKey: pick(policies), ...dayOf(i), limit: 50 })).items.length,
      ),
      await timed('byPolicyPage2', 'one policy, second page (cursor)', n, async () => {
        const first = await auditor.decisions.list({ policyKey: pick(policies), limit: 50 });
        return (
          await auditor.decisions.list({
            policyKey: first.items[0]!.policyKey,
            cursor: first.nextCursor!,
            limit: 50,
          })
        ).items.length;
      }),
      await timed(
        'byVersion',
        'one version of a policy',
        n,
        async () =>
          (await auditor.decisions.list({ policyKey: pick(policies), version: 1, limit: 50 })).items.length,
      ),
      await timed('byVerdict', 'one outcome (verdict) of a policy', n, async () => {
        const { policy_key: policyKey, verdict } = pick(verdicts);
        return (await auditor.decisions.list({ policyKey, verdict, limit: 50 })).items.length;
      }),
      await timed(
        'byPerson',
        'the decisions about one person (pseudonym index)',
        n,
        async () => (await auditor.decisions.list({ person: pick(people), limit: 50 })).items.length,
      ),
      await timed(
        'maskedPolicy',
        'one policy, masked for a reviewer',
        n,
        async () =>
          (await reviewer.decisions.list({ policyKey: 'post-qualifications', limit: 50 })).items.length,
      ),
      await timed('byId', 'one decision by id', n, async () =>
        (await auditor.decisions.get({ id: pick(ids) })) ? 1 : 0,
      ),
      // One package holds at most 10,000 rows: a day of the scorecard (~20,000 at this volume) is
      // exported per hour or per outlet; a day of the qualifications (~2,500) is one package.
      await timed(
        'exportDay',
        'evidence export: one day of post-qualifications, signed',
        Math.min(n, 50),
        async (i) =>
          (await auditor.decisions.export({ ...dayOf(i), policyKey: 'post-qualifications' })).count,
      ),
      await timed(
        'exportHour',
        'evidence export: one hour of every policy, signed',
        Math.min(n, 50),
        async (i) => {
          const day = dayOf(i);
          const from = new Date(Date.parse(day.from) + (i % 24) * 3_600_000);
          return (
            await auditor.decisions.export({
              from: from.toISOString(),
              to: new Date(from.getTime() + 3_600_000).toISOString(),
            })
          ).count;
        },
      ),
    ];
    const results = timings.filter((stats): stats is QueryStats => stats !== null);

    // The plans, as PostgreSQL runs the store's queries.
    const day = dayOf(1);
    const params: PlanParams = {
      dayFrom: new Date(day.from),
      dayTo: new Date(day.to),
      policyKey: policies[0]!,
      verdictPolicy: verdicts[0]!.policy_key,
      verdict: verdicts[0]!.verdict,
      pseudonym:
        (
          await client.query<{ p: string }>(
            `select pseudonyms[1] as p from decisions where cardinality(pseudonyms) > 0 limit 1`,
          )
        ).rows[0]?.p ?? '',
      id: ids[0]!,
    };
    const plans: Record<string, string> = {};
    for (const planned of PLANNED) {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers, costs off, summary on) ${planned.sql}`,
        planned.params(params),
      );
      plans[planned.id] = rows.map((r) => r['QUERY PLAN']).join('\n');
    }
    const indexes = (
      await client.query<{ indexdef: string }>(
        `select indexdef from pg_indexes where tablename = 'decisions' order by indexname`,
      )
    ).rows.map((r) => r.indexdef);

    const report = {
      ranAt: new Date().toISOString(),
      machine: readMachineInfo(),
      database,
      rows: total,
      months: flags.months,
      loadedInSeconds: loadedIn,
      size,
      targetP95Ms: TARGET_P95_MS,
      queries: results,
      indexes,
      plans,
    };
    writeFileSync(flags.out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(
      `\nDecision log at ${total.toLocaleString('en')} rows (${flags.months} months; table ${size.table}, indexes ${size.indexes})\n\n`,
    );
    process.stdout.write(
      '| query | p50 ms | p95 ms | p99 ms | rows | p95 ≤ 200 ms |\n|---|---:|---:|---:|---:|---|\n',
    );
    for (const r of results)
      process.stdout.write(
        `| ${r.label} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.rows} | ${r.meetsTarget ? 'yes' : 'NO'} |\n`,
      );
    process.stdout.write(`\nwritten to ${flags.out}\n`);
    if (results.some((r) => !r.meetsTarget)) process.exitCode = 1;
  } finally {
    await client.end();
    await server.close();
    if (!flags.keep) await dropDatabase(serverUrl, database);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
