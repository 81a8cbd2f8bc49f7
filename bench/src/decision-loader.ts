// Fills a decision log with synthetic decisions that are the log's own: copies of real evaluations
// of the guideline's demo facts, spread over months, for the decision-log and impact benchmarks.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { generateDemoFacts, type Actor } from '@precept/schema';
import { createPseudonymiser, type PreceptServer } from '@precept/server';
import type pg from 'pg';
import { BENCH_KEYS } from './scratch-database.js';

/** Who makes the template decisions (the copies are recorded as `bench-service`'s). */
const TEMPLATE_MAKER: Actor = { id: 'bench-template', kind: 'key', credential: 'key:bench', roles: ['service'] };

/** Employees of the synthetic year: each appears in about 45 decisions of ten million, as a staff member would. */
export const PEOPLE = 20_000;
/** The staff number of synthetic employee `i`. */
export const personId = (i: number): string => `E-${String(10_000 + i)}`;

/** The pseudonyms of the synthetic employees' staff numbers, as the server makes them. */
function peoplePseudonyms(): string[] {
  const key = Buffer.from(BENCH_KEYS.PRECEPT_PII_KEY, 'hex');
  const pseudonymiser = createPseudonymiser(key, createHash('sha256').update(key).digest('hex').slice(0, 8));
  return Array.from({ length: PEOPLE }, (_, i) => pseudonymiser.pseudonym(personId(i)));
}

/** The first instant of the UTC month `offset` months after the month of `at`. */
export const monthStart = (at: Date, offset: number): Date => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));

/** What {@link loadDecisions} loads. */
export interface LoadOptions {
  rows: number;
  months: number;
  /** Only the demo decisions of these policies are copied (default: all). */
  policyKeys?: readonly string[];
  log: (message: string) => void;
}

/**
 * Loads `rows` decisions spread evenly over the `months` whole months before this one: every demo
 * fact set is evaluated through the server first (so rows are minimised, with verdicts and
 * pseudonyms, as the log writes them), then those rows are copied in turn, each copy with a new id,
 * its own time, and one of {@link PEOPLE} synthetic employees.
 */
export async function loadDecisions(client: pg.Client, server: PreceptServer, options: LoadOptions): Promise<{ first: Date; last: Date }> {
  const { rows, months, log } = options;
  // Real decisions first: every demo fact set through the log (minimised, with verdicts and pseudonyms).
  const evaluator = server.createCaller(TEMPLATE_MAKER);
  for (const set of generateDemoFacts().filter((s) => options.policyKeys === undefined || options.policyKeys.includes(s.policyKey))) {
    await evaluator.evaluation.evaluate({ policyKey: set.policyKey, facts: set.facts, asOf: set.asOf, trace: false });
  }
  await client.query(`drop table if exists bench_templates`);
  await client.query(`create table bench_templates as
    select row_number() over (order by seq) as i, policy_key, version, content_hash, engine_version, as_of,
           facts, outcome, outcome_hash, verdict, pseudonymised, pseudonyms, duration_ms
      from decisions where caller = '${TEMPLATE_MAKER.id}'`);
  const templates = Number((await client.query<{ n: string }>(`select count(*) as n from bench_templates`)).rows[0]!.n);
  log(`${templates} template decisions from the demo facts`);
  // Staff numbers vary by row: a template's employee becomes one of PEOPLE synthetic employees.
  await client.query(`drop table if exists bench_people`);
  await client.query(`create table bench_people as select ordinality - 1 as i, token from unnest($1::text[]) with ordinality as token`, [
    peoplePseudonyms(),
  ]);
  await client.query(`set synchronous_commit = off`);
  const now = new Date();
  const first = monthStart(now, -months);
  const perMonth = Math.ceil(rows / months);
  const chunk = 250_000;
  const started = performance.now();
  let loaded = 0;
  for (let m = 0; m < months; m += 1) {
    const from = monthStart(now, m - months);
    const to = monthStart(now, m - months + 1);
    const name = `decisions_p${from.getUTCFullYear()}${String(from.getUTCMonth() + 1).padStart(2, '0')}`;
    await client.query(`select decisions_ensure_partition($1, $2, $3)`, [name, from, to]);
    const count = Math.min(perMonth, rows - loaded);
    for (let offset = 0; offset < count; offset += chunk) {
      const n = Math.min(chunk, count - offset);
      // Evenly spread over the month, in time order (as a log fills), a template per row in turn.
      await client.query(
        `insert into decisions (id, policy_key, version, content_hash, engine_version, as_of, facts, outcome, outcome_hash,
                                verdict, pseudonymised, pseudonyms, duration_ms, caller, source, created_at)
         select gen_random_uuid(), t.policy_key, t.version, t.content_hash, t.engine_version, t.as_of,
                case when p.token is null then t.facts else jsonb_set(t.facts::jsonb, '{employeeId}', to_jsonb(p.token))::json end,
                t.outcome, t.outcome_hash, t.verdict, t.pseudonymised,
                case when p.token is null then t.pseudonyms else array[p.token] || t.pseudonyms[2:] end,
                t.duration_ms, 'bench-service', 'server',
                $1::timestamptz + (($2::bigint + g)::double precision / $3) * ($4::timestamptz - $1::timestamptz)
           from generate_series(0, $5::int - 1) as g
           join bench_templates t on t.i = ((g + $2::bigint) % $6) + 1
           left join bench_people p on cardinality(t.pseudonyms) > 0 and p.i = (($2::bigint + g + $7::bigint * $8) % ${PEOPLE})`,
        [from, offset, count, to, n, templates, m, perMonth],
      );
      loaded += n;
      const seconds = (performance.now() - started) / 1000;
      log(`loaded ${loaded.toLocaleString('en')} rows (${Math.round(loaded / seconds).toLocaleString('en')} rows/s)`);
    }
  }
  log('vacuum analyze');
  await client.query(`vacuum (analyze) decisions`);
  await client.query(`drop table bench_templates`);
  await client.query(`drop table bench_people`);
  return { first, last: monthStart(now, 0) };
}

