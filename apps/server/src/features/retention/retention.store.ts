import type { LegalHold, RetentionChange } from '@precept/schema';
import { sql } from 'kysely';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { LegalHoldsTable, RetentionChangesTable } from './retention.table.js';

type HoldRow = LegalHoldsTable;
type ChangeRow = RetentionChangesTable;

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

function toHold(row: HoldRow): LegalHold {
  return {
    id: row.id,
    policyKey: row.policy_key,
    from: iso(row.from_at),
    to: iso(row.to_at),
    reason: row.reason,
    status: row.status,
    blocking: row.status === 'requested' || row.status === 'active',
    requestedBy: row.requested_by,
    requestedAs: row.requested_as,
    requestedAt: row.requested_at.toISOString(),
    decidedBy: row.decided_by,
    decidedAt: iso(row.decided_at),
    decisionComment: row.decision_comment,
    liftRequestedBy: row.lift_requested_by,
    liftRequestedAs: row.lift_requested_as,
    liftRequestedAt: iso(row.lift_requested_at),
    liftReason: row.lift_reason,
    liftedBy: row.lifted_by,
    liftedAt: iso(row.lifted_at),
  };
}

function toChange(row: ChangeRow): RetentionChange {
  return {
    id: row.id,
    policyKey: row.policy_key,
    months: row.months,
    reason: row.reason,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAs: row.requested_as,
    requestedAt: row.requested_at.toISOString(),
    decidedBy: row.decided_by,
    decidedAt: iso(row.decided_at),
    decisionComment: row.decision_comment,
  };
}

/** The configured default period, as the database last recorded it. */
export async function findDefaultMonths(db: DbOrTrx): Promise<number> {
  const row = await db.selectFrom('decision_retention_default').select('months').executeTakeFirstOrThrow();
  return row.months;
}

/** Records a new default period. */
export async function updateDefaultMonths(trx: Trx, months: number, at: Date): Promise<void> {
  await trx.updateTable('decision_retention_default').set({ months, set_at: at }).execute();
}

/** The period in force for a policy's decisions (its own, else the default), as the database computes it. */
export async function retentionMonthsOf(db: DbOrTrx, policyKey: string): Promise<number> {
  const { rows } = await sql<{ months: number }>`select decision_retention_months(${policyKey}) as months`.execute(db);
  return rows[0]!.months;
}

/** The longest period in force for any policy. */
export async function maxRetentionMonths(db: DbOrTrx): Promise<number> {
  const { rows } = await sql<{ months: number }>`select decision_retention_max_months() as months`.execute(db);
  return rows[0]!.months;
}

/** The first hold stopping deletion of a policy's decisions (null: any policy) in `[from, to)`. */
export async function holdFor(db: DbOrTrx, policyKey: string | null, from: Date, to: Date): Promise<string | null> {
  const { rows } = await sql<{ id: string | null }>`select decision_hold_for(${policyKey}, ${from}, ${to}) as id`.execute(db);
  return rows[0]?.id ?? null;
}

/** The policies with a period of their own (their latest approved change, when it names months). */
export async function listPolicyPeriods(db: DbOrTrx): Promise<{ policyKey: string; months: number }[]> {
  const { rows } = await sql<{ policy_key: string; months: number | null }>`
    select distinct on (policy_key) policy_key, months from retention_changes
     where status = 'approved' order by policy_key, decided_at desc, id desc`.execute(db);
  return rows.flatMap((row) => (row.months === null ? [] : [{ policyKey: row.policy_key, months: row.months }]));
}

/** Every hold, newest first. */
export async function listHolds(db: DbOrTrx): Promise<LegalHold[]> {
  const rows = await db.selectFrom('legal_holds').selectAll().orderBy('requested_at', 'desc').orderBy('id').execute();
  return rows.map(toHold);
}

/** One hold, locked for the rest of `trx`. */
export async function lockHold(trx: Trx, id: string): Promise<LegalHold | undefined> {
  const row = await trx.selectFrom('legal_holds').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row === undefined ? undefined : toHold(row);
}

/** A new hold, as requested. */
export interface NewHold {
  id: string;
  policyKey: string | null;
  from: Date | null;
  to: Date | null;
  reason: string;
  requestedBy: string;
  requestedAs: 'auditor' | 'admin';
  requestedAt: Date;
}

/** Inserts a requested hold (it blocks deletion at once). */
export async function insertHold(trx: Trx, hold: NewHold): Promise<void> {
  await trx
    .insertInto('legal_holds')
    .values({
      id: hold.id,
      policy_key: hold.policyKey,
      from_at: hold.from,
      to_at: hold.to,
      reason: hold.reason,
      status: 'requested',
      requested_by: hold.requestedBy,
      requested_as: hold.requestedAs,
      requested_at: hold.requestedAt,
      decided_by: null,
      decided_at: null,
      decision_comment: null,
      lift_requested_by: null,
      lift_requested_as: null,
      lift_requested_at: null,
      lift_reason: null,
      lifted_by: null,
      lifted_at: null,
    })
    .execute();
}

/** Records a step of a hold's lifecycle (the database refuses any other change). */
export async function updateHold(trx: Trx, id: string, changes: Partial<HoldRow>): Promise<LegalHold> {
  const row = await trx.updateTable('legal_holds').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return toHold(row);
}

/** The latest changes of retention periods, newest first. */
export async function listChanges(db: DbOrTrx, limit: number): Promise<RetentionChange[]> {
  const rows = await db.selectFrom('retention_changes').selectAll().orderBy('requested_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map(toChange);
}

/** One change, locked for the rest of `trx`. */
export async function lockChange(trx: Trx, id: string): Promise<RetentionChange | undefined> {
  const row = await trx.selectFrom('retention_changes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row === undefined ? undefined : toChange(row);
}

/** Inserts a pending change (one per policy: the unique index refuses a second). */
export async function insertChange(
  trx: Trx,
  change: { id: string; policyKey: string; months: number | null; reason: string; requestedBy: string; requestedAs: 'auditor' | 'admin'; requestedAt: Date },
): Promise<void> {
  await trx
    .insertInto('retention_changes')
    .values({
      id: change.id,
      policy_key: change.policyKey,
      months: change.months,
      reason: change.reason,
      status: 'pending',
      requested_by: change.requestedBy,
      requested_as: change.requestedAs,
      requested_at: change.requestedAt,
      decided_by: null,
      decided_at: null,
      decision_comment: null,
    })
    .execute();
}

/** Decides a pending change. */
export async function decideChange(
  trx: Trx,
  id: string,
  decision: { status: 'approved' | 'rejected'; by: string; at: Date; comment: string },
): Promise<RetentionChange> {
  const row = await trx
    .updateTable('retention_changes')
    .set({ status: decision.status, decided_by: decision.by, decided_at: decision.at, decision_comment: decision.comment })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toChange(row);
}

/** Whether the database has the DDL guard (its event triggers). */
export async function hasDdlGuard(db: DbOrTrx): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`
    select count(*) = 2 as present from pg_event_trigger where evtname in ('precept_guard_drops', 'precept_guard_ddl')`.execute(db);
  return rows[0]?.present === true;
}

/** Serialises retention runs across instances for the rest of `trx`. */
export async function lockRetention(trx: Trx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('precept.retention'))`.execute(trx);
}
