import type { Decision } from '@precept/schema';
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';

/** A decision to insert. */
export type NewDecision = Omit<Decision, 'trace' | 'createdAt'> & { createdAt: Date };

/** Filters of {@link listDecisions}. */
export interface DecisionFilter {
  policyKey?: string | undefined;
  version?: number | undefined;
  source?: Decision['source'] | undefined;
  caller?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only decisions inserted before this sequence number (the page cursor). */
  beforeSeq?: number | undefined;
  limit: number;
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
  outcome: Decision['outcome'];
  duration_ms: number;
  caller: string | null;
  source: Decision['source'];
  created_at: Date;
};

function toDecision(row: DecisionRow): Decision & { seq: number } {
  return {
    seq: Number(row.seq),
    id: row.id,
    policyKey: row.policy_key,
    version: row.version,
    contentHash: row.content_hash,
    engineVersion: row.engine_version,
    asOf: row.as_of,
    facts: row.facts,
    outcome: row.outcome,
    durationMs: row.duration_ms,
    caller: row.caller,
    source: row.source,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * The columns of an inserted row, in the JSON objects {@link insertDecisions} sends and in the
 * record type `json_to_recordset` reads them as (the SQL types of the table; `facts` and `outcome`
 * are `json`, so their text is stored as it was sent).
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
  'duration_ms',
  'caller',
  'source',
  'created_at',
] as const;
const RECORD_TYPE = sql.raw(
  'id uuid, policy_key text, version integer, content_hash text, engine_version text, as_of text, ' +
    'facts json, outcome json, duration_ms double precision, caller text, source text, created_at timestamptz',
);
const RECORD_COLUMNS = sql.raw(INSERTED_COLUMNS.join(', '));

/**
 * Inserts decisions in one statement (atomic on its own), in array order (their `seq` follows it).
 * With `ignoreDuplicates`, ids already recorded are skipped; returns the number of rows inserted.
 *
 * The rows travel as ONE parameter, a JSON array that PostgreSQL unpacks with `json_to_recordset`:
 * one JSON.stringify in Node instead of twelve serialised parameters per row, and one pass of the
 * JSON parser in PostgreSQL (facts and outcome, most of the bytes, are stored as `json` text, never
 * rebuilt into jsonb). The function scan returns the elements in array order and the insert takes
 * them in that order, so `seq` keeps the order of `decisions`.
 */
export async function insertDecisions(
  db: DbOrTrx,
  decisions: readonly NewDecision[],
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
  if (options.ignoreDuplicates === true) query = query.onConflict((oc) => oc.column('id').doNothing());
  if (options.ignoreDuplicates !== true) {
    await query.execute();
    return decisions.length;
  }
  // rowCount is not reported alike by every driver; the returned ids are.
  const inserted = await query.returning('id').execute();
  return inserted.length;
}

/** Decisions newest first, filtered, each with its sequence number (the cursor). */
export async function listDecisions(
  db: DbOrTrx,
  filter: DecisionFilter,
): Promise<(Decision & { seq: number })[]> {
  let query = db.selectFrom('decisions').selectAll();
  if (filter.policyKey !== undefined) query = query.where('policy_key', '=', filter.policyKey);
  if (filter.version !== undefined) query = query.where('version', '=', filter.version);
  if (filter.source !== undefined) query = query.where('source', '=', filter.source);
  if (filter.caller !== undefined) query = query.where('caller', '=', filter.caller);
  if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('created_at', '<', filter.to);
  if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq as never);
  const rows = await query.orderBy('seq', 'desc').limit(filter.limit).execute();
  return rows.map(toDecision);
}

/** One decision, or undefined. */
export async function findDecision(db: DbOrTrx, id: string): Promise<Decision | undefined> {
  const row = await db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  const { seq: _seq, ...decision } = toDecision(row);
  return decision;
}

/** Filters of {@link listDecisionRange}: those of {@link DecisionFilter} with a required range. */
export interface DecisionRangeFilter extends Omit<DecisionFilter, 'beforeSeq' | 'from' | 'to'> {
  /** Recorded at or after. */
  from: Date;
  /** Recorded before. */
  to: Date;
}

/** Decisions recorded in `[from, to)`, filtered, oldest first (insertion order), at most `limit`. */
export async function listDecisionRange(db: DbOrTrx, filter: DecisionRangeFilter): Promise<Decision[]> {
  let query = db
    .selectFrom('decisions')
    .selectAll()
    .where('created_at', '>=', filter.from)
    .where('created_at', '<', filter.to);
  if (filter.policyKey !== undefined) query = query.where('policy_key', '=', filter.policyKey);
  if (filter.version !== undefined) query = query.where('version', '=', filter.version);
  if (filter.source !== undefined) query = query.where('source', '=', filter.source);
  if (filter.caller !== undefined) query = query.where('caller', '=', filter.caller);
  const rows = await query.orderBy('seq', 'asc').limit(filter.limit).execute();
  return rows.map((row) => {
    const { seq: _seq, ...decision } = toDecision(row);
    return decision;
  });
}
