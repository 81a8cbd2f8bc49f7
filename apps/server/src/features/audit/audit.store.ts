import { sql } from 'kysely';
import type { AuditEntry, JsonObject } from '@precept/schema';
import type { DbOrTrx, Trx } from '../../db/database.js';

/** The advisory lock that serialises appends to the chain (one writer at a time, per database). */
const AUDIT_CHAIN_LOCK = sql`hashtext('precept.audit_log')`;

/** A row to append, its hash already computed. */
export type AuditRowInput = Omit<AuditEntry, 'at'> & { at: Date };

/** Filters of {@link listAuditEntries}. */
export interface AuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  /** Entries with a smaller `seq` only. */
  beforeSeq?: number | undefined;
  limit: number;
}

type AuditRow = {
  seq: string | number | bigint;
  at: Date;
  actor: string;
  actor_kind: string;
  credential: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  reason: string | null;
  before_hash: string | null;
  after_hash: string | null;
  details: JsonObject | null;
  prev_hash: string;
  hash: string;
};

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actor: row.actor,
    actorKind: row.actor_kind,
    credential: row.credential,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    reason: row.reason,
    beforeHash: row.before_hash,
    afterHash: row.after_hash,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Takes the chain lock for the rest of `trx` and returns the last link (seq and hash), or null on an
 * empty chain. Call before computing the next row's hash.
 */
export async function lockAuditChain(trx: Trx): Promise<{ seq: number; hash: string } | null> {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last === undefined ? null : { seq: Number(last.seq), hash: last.hash };
}

/** Inserts one row of the chain (the caller holds the chain lock). */
export async function insertAuditRow(trx: Trx, row: AuditRowInput): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      seq: row.seq,
      at: row.at,
      actor: row.actor,
      actor_kind: row.actorKind,
      credential: row.credential,
      action: row.action,
      entity_type: row.entityType,
      entity_id: row.entityId,
      reason: row.reason,
      before_hash: row.beforeHash,
      after_hash: row.afterHash,
      details: row.details === null ? null : JSON.stringify(row.details),
      prev_hash: row.prevHash,
      hash: row.hash,
    })
    .execute();
}

/** Entries newest first, filtered. */
export async function listAuditEntries(db: DbOrTrx, filter: AuditFilter): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.entityType !== undefined) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId !== undefined) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq as never);
  const rows = await query.orderBy('seq', 'desc').limit(filter.limit).execute();
  return rows.map(toEntry);
}

/** Entries in chain order with `seq` greater than `afterSeq`, at most `limit` of them. */
export async function readAuditChain(db: DbOrTrx, afterSeq: number, limit: number): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>', afterSeq as never)
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute();
  return rows.map(toEntry);
}

/** The first and last `seq` recorded in `[from, to)`, or null when none was. */
export async function auditSeqRange(
  db: DbOrTrx,
  from: Date,
  to: Date,
): Promise<{ first: number; last: number } | null> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => [eb.fn.min('seq').as('first'), eb.fn.max('seq').as('last')])
    .where('at', '>=', from)
    .where('at', '<', to)
    .executeTakeFirst();
  if (row?.first === null || row?.first === undefined || row.last === null) return null;
  return { first: Number(row.first), last: Number(row.last) };
}

/** The row with this `seq`, or undefined. */
export async function findAuditEntry(db: DbOrTrx, seq: number): Promise<AuditEntry | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '=', seq as never)
    .executeTakeFirst();
  return row === undefined ? undefined : toEntry(row);
}

/** Filters of {@link listAuditRange}. */
export interface AuditRangeFilter extends Omit<AuditFilter, 'beforeSeq'> {
  /** Recorded at or after. */
  from: Date;
  /** Recorded before. */
  to: Date;
  /** Entries with this `seq` or a smaller one only. */
  maxSeq: number;
}

/** Entries recorded in `[from, to)`, filtered, oldest first, at most `limit`. */
export async function listAuditRange(db: DbOrTrx, filter: AuditRangeFilter): Promise<AuditEntry[]> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where('at', '>=', filter.from)
    .where('at', '<', filter.to)
    .where('seq', '<=', filter.maxSeq as never);
  if (filter.entityType !== undefined) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId !== undefined) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  const rows = await query.orderBy('seq', 'asc').limit(filter.limit).execute();
  return rows.map(toEntry);
}
