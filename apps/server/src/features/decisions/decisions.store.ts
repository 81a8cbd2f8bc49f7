import type { CompactOutcome, Decision, Outcome } from '@precept/schema';
import { sql, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Database, DbOrTrx, Trx } from '../../db/database.js';
import type { DecisionsTable } from './decisions.table.js';

/** A decision to insert, before the log minimises its personal data. */
export type NewDecision = Omit<Decision, 'trace' | 'createdAt' | 'verdict' | 'pseudonymised' | 'masked'> & {
  createdAt: Date;
};

/**
 * An outcome as the log stores it: the compact outcome and the hash of the full one it rebuilds
 * (`hash` null: `outcome` is the full outcome — a decision recorded before compact outcomes, or a
 * reported one its version does not rebuild).
 */
export type StoredOutcome = { outcome: CompactOutcome; outcomeHash: string } | { outcome: Outcome; outcomeHash: null };

/** A decision as the log stores it: minimised facts, verdict, the pseudonyms of its personal values, its stored outcome. */
export type StoredDecision = Omit<NewDecision, 'outcome'> &
  StoredOutcome & {
    verdict: string;
    pseudonymised: string[];
    pseudonyms: string[];
  };

/** A stored decision as read back, with its listing position (the outcome as stored). */
export type RecordedDecision = Omit<Decision, 'masked' | 'outcome'> & StoredOutcome & { seq: number };

/** Filters of {@link listDecisions}. */
export interface DecisionFilter {
  policyKey?: string | undefined;
  version?: number | undefined;
  verdict?: string | undefined;
  source?: Decision['source'] | undefined;
  caller?: string | undefined;
  /** Decisions holding this pseudonym (of a personal value). */
  pseudonym?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only decisions listed after this position (the page cursor), newest first. */
  before?: DecisionPosition | undefined;
  limit: number;
}

/** Where a decision sits in the log's order: recorded time, then insertion order. */
export interface DecisionPosition {
  createdAt: Date;
  seq: number;
}

type DecisionRow = {
  seq: string | number | bigint;
  id: string;
  policy_key: string;
  version: number;
  content_hash: string;
  engine_version: string;
  as_of: string;
  facts: Decision['facts'];
  outcome: Outcome | CompactOutcome;
  outcome_hash: string | null;
  verdict: string;
  pseudonymised: string[] | null;
  duration_ms: number;
  caller: string | null;
  source: Decision['source'];
  created_at: Date;
};

/** Every column but `pseudonyms` (an index, never shown). */
const SELECTED = [
  'seq',
  'id',
  'policy_key',
  'version',
  'content_hash',
  'engine_version',
  'as_of',
  'facts',
  'outcome',
  'outcome_hash',
  'verdict',
  'pseudonymised',
  'duration_ms',
  'caller',
  'source',
  'created_at',
] as const;

function toDecision(row: DecisionRow): RecordedDecision {
  return {
    seq: Number(row.seq),
    id: row.id,
    policyKey: row.policy_key,
    version: row.version,
    contentHash: row.content_hash,
    engineVersion: row.engine_version,
    asOf: row.as_of,
    facts: row.facts,
    ...({ outcome: row.outcome, outcomeHash: row.outcome_hash } as StoredOutcome),
    verdict: row.verdict,
    pseudonymised: row.pseudonymised ?? [],
    durationMs: row.duration_ms,
    caller: row.caller,
    source: row.source,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * The columns of an inserted row, in the JSON objects {@link insertDecisions} sends and in the
 * record type `json_to_recordset` reads them as (the SQL types of the table; `facts`, `outcome`
 * and `pseudonymised` are `json`, so their text is stored as it was sent).
 */
const INSERTED_COLUMNS = [
  'id',
  'policy_key',
  'version',
  'content_hash',
  'engine_version',
  'as_of',
  'facts',
  'outcome',
  'outcome_hash',
  'verdict',
  'pseudonymised',
  'pseudonyms',
  'duration_ms',
  'caller',
  'source',
  'created_at',
] as const;
const RECORD_TYPE = sql.raw(
  'id uuid, policy_key text, version integer, content_hash text, engine_version text, as_of text, ' +
    'facts json, outcome json, outcome_hash text, verdict text, pseudonymised json, pseudonyms text[], ' +
    'duration_ms double precision, caller text, source text, created_at timestamptz',
);
const RECORD_COLUMNS = sql.raw(INSERTED_COLUMNS.join(', '));

/**
 * Inserts decisions in one statement (atomic on its own), in array order (their `seq` follows it).
 * With `ignoreDuplicates`, a decision already recorded (same id and time) is skipped; returns the
 * number of rows inserted.
 *
 * The rows travel as ONE parameter, a JSON array that PostgreSQL unpacks with `json_to_recordset`:
 * one JSON.stringify in Node instead of fifteen serialised parameters per row, and one pass of the
 * JSON parser in PostgreSQL (facts and outcome, most of the bytes, are stored as `json` text, never
 * rebuilt into jsonb). The function scan returns the elements in array order and the insert takes
 * them in that order, so `seq` keeps the order of `decisions`.
 */
export async function insertDecisions(
  db: DbOrTrx,
  decisions: readonly StoredDecision[],
  options: { ignoreDuplicates?: boolean } = {},
): Promise<number> {
  if (decisions.length === 0) return 0;
  const rows = JSON.stringify(
    decisions.map((d) => ({
      id: d.id,
      policy_key: d.policyKey,
      version: d.version,
      content_hash: d.contentHash,
      engine_version: d.engineVersion,
      as_of: d.asOf,
      facts: d.facts,
      outcome: d.outcome,
      outcome_hash: d.outcomeHash,
      verdict: d.verdict,
      pseudonymised: d.pseudonymised,
      pseudonyms: d.pseudonyms,
      duration_ms: d.durationMs,
      caller: d.caller,
      source: d.source,
      // ISO 8601 in UTC with milliseconds: timestamptz reads back the same instant.
      created_at: d.createdAt.toISOString(),
    })),
  );
  let query = db
    .insertInto('decisions')
    .columns(INSERTED_COLUMNS)
    .expression(sql`select ${RECORD_COLUMNS} from json_to_recordset(${rows}::json) as r(${RECORD_TYPE})`);
  if (options.ignoreDuplicates === true) {
    query = query.onConflict((oc) => oc.columns(['id', 'created_at']).doNothing());
  }
  if (options.ignoreDuplicates !== true) {
    await query.execute();
    return decisions.length;
  }
  // rowCount is not reported alike by every driver; the returned ids are.
  const inserted = await query.returning('id').execute();
  return inserted.length;
}

/** True for PostgreSQL's refusal of a row no partition takes (SQLSTATE 23514 on a partitioned insert). */
function isMissingPartition(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '23514' && typeof message === 'string' && message.includes('no partition of relation');
}

/**
 * {@link insertDecisions}, creating the month partitions the rows need when one is missing (a
 * decision reported long after it was made, a server that ran past the months prepared ahead).
 */
export async function insertDecisionsInMonths(
  db: DbOrTrx,
  decisions: readonly StoredDecision[],
  options: { ignoreDuplicates?: boolean } = {},
): Promise<number> {
  try {
    return await insertDecisions(db, decisions, options);
  } catch (error) {
    if (!isMissingPartition(error)) throw error;
    const months = new Map(decisions.map((d) => [monthPartitionOf(d.createdAt).name, monthPartitionOf(d.createdAt)]));
    for (const month of months.values()) await ensurePartition(db, month);
    return insertDecisions(db, decisions, options);
  }
}

/** The ids among `ids` already in the log (any month). */
export async function findRecordedIds(db: DbOrTrx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('decisions').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((row) => row.id));
}

type DecisionQuery = SelectQueryBuilder<Database, 'decisions', Pick<Selectable<DecisionsTable>, (typeof SELECTED)[number]>>;

/** The filters every listing shares (the time range and paging are each listing's own). */
function whereFilters(query: DecisionQuery, filter: Omit<DecisionFilter, 'from' | 'to' | 'before' | 'limit'>): DecisionQuery {
  let filtered = query;
  if (filter.policyKey !== undefined) filtered = filtered.where('policy_key', '=', filter.policyKey);
  if (filter.version !== undefined) filtered = filtered.where('version', '=', filter.version);
  if (filter.verdict !== undefined) filtered = filtered.where('verdict', '=', filter.verdict);
  if (filter.source !== undefined) filtered = filtered.where('source', '=', filter.source);
  if (filter.caller !== undefined) filtered = filtered.where('caller', '=', filter.caller);
  if (filter.pseudonym !== undefined) {
    // The second condition is the partial GIN index's own: without it the planner cannot use it.
    filtered = filtered
      .where(sql<boolean>`pseudonyms @> array[${filter.pseudonym}]::text[]`)
      .where(sql<boolean>`cardinality(pseudonyms) > 0`);
  }
  return filtered;
}

/**
 * Decisions newest first (recorded time, then insertion order), filtered. Each filter has an index
 * that delivers this order within a month partition: by time; by policy; by policy and version; by
 * policy and verdict; and the pseudonyms' GIN index for a person.
 */
export async function listDecisions(db: DbOrTrx, filter: DecisionFilter): Promise<RecordedDecision[]> {
  let query = whereFilters(db.selectFrom('decisions').select(SELECTED), filter);
  if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('created_at', '<', filter.to);
  if (filter.before !== undefined) {
    const { createdAt, seq } = filter.before;
    query = query.where(sql<boolean>`(created_at, seq) < (${createdAt}, ${seq})`);
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('seq', 'desc').limit(filter.limit).execute();
  return rows.map(toDecision);
}

/** One decision, or undefined. */
export async function findDecision(db: DbOrTrx, id: string): Promise<RecordedDecision | undefined> {
  const row = await db.selectFrom('decisions').select(SELECTED).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toDecision(row);
}

/** Filters of {@link listDecisionRange}: those of {@link DecisionFilter} with a required range. */
export interface DecisionRangeFilter extends Omit<DecisionFilter, 'before' | 'from' | 'to'> {
  /** Recorded at or after. */
  from: Date;
  /** Recorded before. */
  to: Date;
}

/** Decisions recorded in `[from, to)`, filtered, oldest first, at most `limit`. */
export async function listDecisionRange(db: DbOrTrx, filter: DecisionRangeFilter): Promise<RecordedDecision[]> {
  let query = db
    .selectFrom('decisions')
    .select(SELECTED)
    .where('created_at', '>=', filter.from)
    .where('created_at', '<', filter.to);
  query = whereFilters(query, filter);
  const rows = await query.orderBy('created_at', 'asc').orderBy('seq', 'asc').limit(filter.limit).execute();
  return rows.map(toDecision);
}

/** A decision as a re-evaluation reads it: what it decided on and where it sits. */
export interface ScannedDecision {
  id: string;
  seq: number;
  /** The version that made it. */
  version: number;
  createdAt: Date;
  asOf: string;
  facts: Decision['facts'];
  pseudonymised: string[];
}

/** A policy's decisions recorded in `[from, to)` after `after`, oldest first, at most `limit`. */
export async function scanDecisions(
  db: DbOrTrx,
  filter: { policyKey: string; from: Date; to: Date; after?: DecisionPosition | undefined; limit: number },
): Promise<ScannedDecision[]> {
  let query = db
    .selectFrom('decisions')
    .select(['id', 'seq', 'version', 'created_at', 'as_of', 'facts', 'pseudonymised'])
    .where('policy_key', '=', filter.policyKey)
    .where('created_at', '>=', filter.from)
    .where('created_at', '<', filter.to);
  if (filter.after !== undefined) {
    query = query.where(sql<boolean>`(created_at, seq) > (${filter.after.createdAt}, ${filter.after.seq})`);
  }
  const rows = await query.orderBy('created_at', 'asc').orderBy('seq', 'asc').limit(filter.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    seq: Number(row.seq),
    version: row.version,
    createdAt: row.created_at,
    asOf: row.as_of,
    facts: row.facts,
    pseudonymised: row.pseudonymised ?? [],
  }));
}

/** A decision recorded before minimisation: where it sits, who decided it, its facts as sent. */
export interface UnminimisedDecision extends DecisionPosition {
  policyKey: string;
  version: number;
  facts: Decision['facts'];
}

/** The oldest decisions recorded before minimisation, at most `limit`. */
export async function listUnminimised(db: DbOrTrx, limit: number): Promise<UnminimisedDecision[]> {
  const rows = await db
    .selectFrom('decisions')
    .select(['created_at', 'seq', 'policy_key', 'version', 'facts'])
    .where('pseudonymised', 'is', null)
    .orderBy('created_at', 'asc')
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ createdAt: row.created_at, seq: Number(row.seq), policyKey: row.policy_key, version: row.version, facts: row.facts }));
}

/**
 * Stores a decision's minimised facts in place of the facts it was recorded with: the one UPDATE
 * the database allows on the log (`precept.minimise = 'legacy'`, a row not yet minimised, only
 * personal values replaced by pseudonyms). False when the row was minimised meanwhile.
 */
export async function storeMinimised(
  trx: Trx,
  at: DecisionPosition,
  minimised: { facts: Decision['facts']; pseudonymised: readonly string[]; pseudonyms: readonly string[] },
): Promise<boolean> {
  await sql`select set_config('precept.minimise', 'legacy', true)`.execute(trx);
  const { rows } = await sql<{ seq: string }>`
    update decisions
       set facts = ${JSON.stringify(minimised.facts)}::json,
           pseudonymised = ${JSON.stringify(minimised.pseudonymised)}::json,
           pseudonyms = ${[...minimised.pseudonyms]}::text[]
     where created_at = ${at.createdAt} and seq = ${at.seq} and pseudonymised is null
    returning seq`.execute(trx);
  await sql`select set_config('precept.minimise', '', true)`.execute(trx);
  return rows.length === 1;
}

/** How many decisions of a policy were recorded in `[from, to)`. */
export async function countDecisions(db: DbOrTrx, filter: { policyKey: string; from: Date; to: Date }): Promise<number> {
  const row = await db
    .selectFrom('decisions')
    .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
    .where('policy_key', '=', filter.policyKey)
    .where('created_at', '>=', filter.from)
    .where('created_at', '<', filter.to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------- month partitions

/** The partition of the decisions of one month (UTC): its name and bounds. */
export interface MonthPartition {
  name: string;
  from: Date;
  to: Date;
}

/** The month partition that holds decisions recorded at `at`. */
export function monthPartitionOf(at: Date): MonthPartition {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  return {
    name: `decisions_p${String(year).padStart(4, '0')}${String(month + 1).padStart(2, '0')}`,
    from: new Date(Date.UTC(year, month, 1)),
    to: new Date(Date.UTC(year, month + 1, 1)),
  };
}

/** Creates the month's partition unless it exists (the database registers and guards it). */
export async function ensurePartition(db: DbOrTrx, partition: MonthPartition): Promise<void> {
  await sql`select decisions_ensure_partition(${partition.name}, ${partition.from}, ${partition.to})`.execute(db);
}

/** A registered month, whether its partition still exists, and its rows. */
export interface PartitionState extends MonthPartition {
  exists: boolean;
}

/** Every month ever registered, oldest first, and whether it still exists. */
export async function listPartitions(db: DbOrTrx): Promise<PartitionState[]> {
  const rows = await db
    .selectFrom('decision_partitions')
    .select(['name', 'from_at', 'to_at', sql<boolean>`to_regclass(name) is not null`.as('exists')])
    .orderBy('from_at')
    .execute();
  return rows.map((row) => ({ name: row.name, from: row.from_at, to: row.to_at, exists: row.exists }));
}

/** The decisions of one month by policy (a registered, existing partition). */
export async function countByPolicy(db: DbOrTrx, partition: string): Promise<{ policyKey: string; rows: number }[]> {
  const { rows } = await sql<{ policy_key: string; rows: string | number }>`
    select policy_key, count(*) as rows from ${sql.table(partition)} group by policy_key order by policy_key`.execute(db);
  return rows.map((row) => ({ policyKey: row.policy_key, rows: Number(row.rows) }));
}

/** Why the database would keep a month now (a hold, a retention period), or null when it may go. */
export async function partitionKeepReason(db: DbOrTrx, partition: string): Promise<string | null> {
  const { rows } = await sql<{ reason: string | null }>`select decision_partition_keep_reason(${partition}) as reason`.execute(db);
  return rows[0]?.reason ?? null;
}

/** Deletes a policy's rows from a month through the retention procedure; the database checks each row. */
export async function purgePolicyRows(trx: Trx, partition: string, policyKey: string): Promise<number> {
  const { rows } = await sql<{ deleted: string | number }>`select decisions_purge(${partition}, ${policyKey}) as deleted`.execute(trx);
  return Number(rows[0]?.deleted ?? 0);
}

/** Drops a whole month through the retention procedure; the database checks holds and retention. */
export async function dropPartition(trx: Trx, partition: string): Promise<void> {
  await sql`select decisions_drop_partition(${partition})`.execute(trx);
}
