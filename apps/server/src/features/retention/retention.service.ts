// Retention of the decision log: how long each policy's decisions are kept, the legal holds that
// stop deletion, and the job that drops expired months (or purges a policy's expired rows from a
// month others still need). Holds and retention periods change only by dual control: what an
// auditor asks an administrator decides, and the other way round; every step is audited, and the
// database itself refuses any deletion a period or a hold forbids.
import { randomUUID } from 'node:crypto';
import type {
  Actor,
  LegalHold,
  RetentionChange,
  RetentionOverview,
  RetentionRun,
} from '@precept/schema';
import type { Db, Trx } from '../../db/database.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import type { Logger } from '../../log/logger.js';
import type { AuditService } from '../audit/audit.service.js';
import type { DecisionMonths } from '../decisions/decisions.service.js';
import { changeNotFound, changePending, DualControlError, holdNotFound, wrongState } from './retention.errors.js';
import {
  decideChange,
  findDefaultMonths,
  hasDdlGuard,
  holdFor,
  insertChange,
  insertHold,
  listChanges,
  listHolds,
  listPolicyPeriods,
  lockChange,
  lockHold,
  lockRetention,
  maxRetentionMonths,
  retentionMonthsOf,
  updateDefaultMonths,
  updateHold,
} from './retention.store.js';

/** Dependencies of {@link createRetentionService}. */
export interface RetentionServiceDeps {
  db: Db;
  audit: AuditService;
  months: DecisionMonths;
  now: () => Date;
  log: Logger;
  /** Throws `NOT_FOUND` unless the policy exists. */
  assertPolicy: (policyKey: string) => Promise<void>;
}

/** Retention periods, legal holds and the retention job. */
export interface RetentionService {
  overview(): Promise<RetentionOverview>;
  requestHold(actor: Actor, input: { policyKey?: string | undefined; from?: string | undefined; to?: string | undefined; reason: string }): Promise<LegalHold>;
  approveHold(actor: Actor, id: string, comment: string): Promise<LegalHold>;
  rejectHold(actor: Actor, id: string, comment: string): Promise<LegalHold>;
  requestLift(actor: Actor, id: string, reason: string): Promise<LegalHold>;
  approveLift(actor: Actor, id: string, comment: string): Promise<LegalHold>;
  rejectLift(actor: Actor, id: string, comment: string): Promise<LegalHold>;
  requestPeriod(actor: Actor, input: { policyKey: string; months: number | null; reason: string }): Promise<RetentionChange>;
  approvePeriod(actor: Actor, id: string, comment: string): Promise<RetentionChange>;
  rejectPeriod(actor: Actor, id: string, comment: string): Promise<RetentionChange>;
  /** Drops the months every period has passed and no hold covers; purges a policy's expired rows where others still need the month. */
  run(actor: Actor): Promise<RetentionRun>;
  /** Records the configured default period when it differs from the last one (audited). */
  applyDefault(actor: Actor, months: number): Promise<void>;
}

type DualRole = 'auditor' | 'admin';

/** The role a person acts in for dual control (an administrator holds no other role). */
function dualRoleOf(actor: Actor): DualRole {
  if (actor.roles.includes('admin')) return 'admin';
  if (actor.roles.includes('auditor')) return 'auditor';
  throw new DualControlError('only an auditor or an administrator takes part in retention decisions');
}

const OTHER: Record<DualRole, DualRole> = { auditor: 'admin', admin: 'auditor' };
const ROLE_NAME: Record<DualRole, string> = { auditor: 'an auditor', admin: 'an administrator' };

/** Refuses a decision by the requester, or by someone without the other role. */
function assertDecider(actor: Actor, requestedBy: string, requestedAs: DualRole, what: string): void {
  if (actor.id === requestedBy) throw new DualControlError(`you asked for ${what}; someone else decides it`);
  if (!actor.roles.includes(OTHER[requestedAs])) {
    throw new DualControlError(`${what} was asked by ${ROLE_NAME[requestedAs]}: ${ROLE_NAME[OTHER[requestedAs]]} decides it`);
  }
}

const addMonths = (date: Date, months: number): Date =>
  new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()));

/** Creates the {@link RetentionService}. */
export function createRetentionService({ db, audit, months, now, log, assertPolicy }: RetentionServiceDeps): RetentionService {
  /** One step in a transaction; a dual-control refusal is audited on its own after the rollback. */
  const step = async <T>(actor: Actor, action: string, entityType: string, entityId: string, work: (trx: Trx) => Promise<T>): Promise<T> => {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (error instanceof DualControlError) {
        await audit.recordAlone(actor, { action: `${action}.refused`, entityType, entityId, reason: error.message });
      }
      throw error;
    }
  };

  const holdStep = (
    actor: Actor,
    action: string,
    id: string,
    work: (trx: Trx, hold: LegalHold) => Promise<{ hold: LegalHold; reason: string }>,
  ): Promise<LegalHold> =>
    step(actor, action, 'legalHold', id, async (trx) => {
      const hold = await lockHold(trx, id);
      if (hold === undefined) throw holdNotFound(id);
      const result = await work(trx, hold);
      await audit.record(trx, actor, {
        action,
        entityType: 'legalHold',
        entityId: id,
        reason: result.reason,
        details: { status: result.hold.status, policyKey: hold.policyKey, from: hold.from, to: hold.to },
      });
      return result.hold;
    });

  const changeStep = (actor: Actor, action: string, id: string, status: 'approved' | 'rejected', comment: string): Promise<RetentionChange> =>
    step(actor, action, 'retentionChange', id, async (trx) => {
      const change = await lockChange(trx, id);
      if (change === undefined) throw changeNotFound(id);
      if (change.status !== 'pending') throw wrongState(`retention change ${id}`, change.status, 'pending');
      assertDecider(actor, change.requestedBy, change.requestedAs, `retention change ${id}`);
      const decided = await decideChange(trx, id, { status, by: actor.id, at: now(), comment });
      await audit.record(trx, actor, {
        action,
        entityType: 'retentionChange',
        entityId: id,
        reason: comment,
        details: { policyKey: change.policyKey, months: change.months, requestedBy: change.requestedBy },
      });
      return decided;
    });

  return {
    async overview() {
      const [defaultMonths, periods, holds, changes, maxMonths, guard, partitions] = await Promise.all([
        findDefaultMonths(db),
        listPolicyPeriods(db),
        listHolds(db),
        listChanges(db, 100),
        maxRetentionMonths(db),
        hasDdlGuard(db),
        months.list(),
      ]);
      const at = now();
      const present = partitions.filter((p) => p.exists);
      return {
        defaultMonths,
        periods,
        holds,
        changes,
        guard: guard ? 'full' : 'rows',
        partitions: await Promise.all(
          present.map(async (p) => ({
            name: p.name,
            from: p.from.toISOString(),
            to: p.to.toISOString(),
            rows: (await months.countByPolicy(p.name)).reduce((sum, c) => sum + c.rows, 0),
            expiresAt: p.to.getTime() > at.getTime() ? null : addMonths(p.to, maxMonths).toISOString(),
            heldBy: holds
              .filter(
                (h) =>
                  h.blocking &&
                  (h.from === null || Date.parse(h.from) < p.to.getTime()) &&
                  (h.to === null || Date.parse(h.to) > p.from.getTime()),
              )
              .map((h) => h.id),
          })),
        ),
      };
    },

    async requestHold(actor, input) {
      const id = `hold-${randomUUID()}`;
      // Outside the transaction: PGlite has one connection.
      if (input.policyKey !== undefined) await assertPolicy(input.policyKey);
      return step(actor, 'legalHold.requested', 'legalHold', id, async (trx) => {
        const role = dualRoleOf(actor);
        await insertHold(trx, {
          id,
          policyKey: input.policyKey ?? null,
          from: input.from === undefined ? null : new Date(input.from),
          to: input.to === undefined ? null : new Date(input.to),
          reason: input.reason,
          requestedBy: actor.id,
          requestedAs: role,
          requestedAt: now(),
        });
        const hold = (await lockHold(trx, id))!;
        await audit.record(trx, actor, {
          action: 'legalHold.requested',
          entityType: 'legalHold',
          entityId: id,
          reason: input.reason,
          details: { policyKey: hold.policyKey, from: hold.from, to: hold.to, requestedAs: role },
        });
        return hold;
      });
    },

    approveHold: (actor, id, comment) =>
      holdStep(actor, 'legalHold.approved', id, async (trx, hold) => {
        if (hold.status !== 'requested') throw wrongState(`legal hold ${id}`, hold.status, 'requested');
        assertDecider(actor, hold.requestedBy, hold.requestedAs, `legal hold ${id}`);
        const updated = await updateHold(trx, id, { status: 'active', decided_by: actor.id, decided_at: now(), decision_comment: comment });
        return { hold: updated, reason: comment };
      }),

    rejectHold: (actor, id, comment) =>
      holdStep(actor, 'legalHold.rejected', id, async (trx, hold) => {
        if (hold.status !== 'requested') throw wrongState(`legal hold ${id}`, hold.status, 'requested');
        assertDecider(actor, hold.requestedBy, hold.requestedAs, `legal hold ${id}`);
        const updated = await updateHold(trx, id, { status: 'rejected', decided_by: actor.id, decided_at: now(), decision_comment: comment });
        return { hold: updated, reason: comment };
      }),

    requestLift: (actor, id, reason) =>
      holdStep(actor, 'legalHold.liftRequested', id, async (trx, hold) => {
        const role = dualRoleOf(actor);
        if (hold.status !== 'active') throw wrongState(`legal hold ${id}`, hold.status, 'active');
        if (hold.liftRequestedBy !== null) throw wrongState(`legal hold ${id}`, 'waiting for a lift to be decided', 'without a pending lift');
        const updated = await updateHold(trx, id, {
          lift_requested_by: actor.id,
          lift_requested_as: role,
          lift_requested_at: now(),
          lift_reason: reason,
        });
        return { hold: updated, reason };
      }),

    approveLift: (actor, id, comment) =>
      holdStep(actor, 'legalHold.lifted', id, async (trx, hold) => {
        if (hold.status !== 'active' || hold.liftRequestedBy === null || hold.liftRequestedAs === null) {
          throw wrongState(`legal hold ${id}`, hold.status === 'active' ? 'active without a lift request' : hold.status, 'active with a lift request');
        }
        assertDecider(actor, hold.liftRequestedBy, hold.liftRequestedAs, `the lift of legal hold ${id}`);
        const updated = await updateHold(trx, id, { status: 'lifted', lifted_by: actor.id, lifted_at: now() });
        return { hold: updated, reason: comment };
      }),

    rejectLift: (actor, id, comment) =>
      holdStep(actor, 'legalHold.liftRejected', id, async (trx, hold) => {
        if (hold.status !== 'active' || hold.liftRequestedBy === null || hold.liftRequestedAs === null) {
          throw wrongState(`legal hold ${id}`, hold.status === 'active' ? 'active without a lift request' : hold.status, 'active with a lift request');
        }
        assertDecider(actor, hold.liftRequestedBy, hold.liftRequestedAs, `the lift of legal hold ${id}`);
        const updated = await updateHold(trx, id, {
          lift_requested_by: null,
          lift_requested_as: null,
          lift_requested_at: null,
          lift_reason: null,
        });
        return { hold: updated, reason: comment };
      }),

    async requestPeriod(actor, input) {
      const id = `retention-${randomUUID()}`;
      await assertPolicy(input.policyKey);
      try {
        return await step(actor, 'retention.changeRequested', 'retentionChange', id, async (trx) => {
          const role = dualRoleOf(actor);
          const before = await retentionMonthsOf(trx, input.policyKey);
          await insertChange(trx, { id, ...input, requestedBy: actor.id, requestedAs: role, requestedAt: now() });
          const change = (await lockChange(trx, id))!;
          await audit.record(trx, actor, {
            action: 'retention.changeRequested',
            entityType: 'retentionChange',
            entityId: id,
            reason: input.reason,
            details: { policyKey: input.policyKey, months: input.months, monthsBefore: before, requestedAs: role },
          });
          return change;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw changePending(input.policyKey);
        throw error;
      }
    },

    approvePeriod: (actor, id, comment) => changeStep(actor, 'retention.changeApproved', id, 'approved', comment),
    rejectPeriod: (actor, id, comment) => changeStep(actor, 'retention.changeRejected', id, 'rejected', comment),

    async run(actor) {
      const ranAt = now();
      await months.prepareAround(ranAt);
      const steps: RetentionRun['steps'] = [];
      for (const partition of await months.list()) {
        if (!partition.exists || partition.to.getTime() > ranAt.getTime()) continue;
        const counts = await months.countByPolicy(partition.name);
        const base = { partition: partition.name, from: partition.from.toISOString(), to: partition.to.toISOString() };
        const keep = await months.keepReason(partition.name);
        if (keep === null) {
          await db.transaction().execute(async (trx) => {
            await lockRetention(trx);
            await months.drop(trx, partition.name);
            await audit.record(trx, actor, {
              action: 'decisions.partitionDropped',
              entityType: 'decisions',
              entityId: partition.name,
              reason: 'every retention period has passed for the month and no legal hold covers it',
              details: { from: base.from, to: base.to, rows: counts.reduce((sum, c) => sum + c.rows, 0), byPolicy: counts },
            });
          });
          steps.push({ ...base, action: 'dropped', deleted: counts, reasons: [] });
          continue;
        }
        const deleted: { policyKey: string; rows: number }[] = [];
        const reasons: string[] = [keep];
        for (const { policyKey } of counts) {
          const periodMonths = await retentionMonthsOf(db, policyKey);
          const until = addMonths(partition.to, periodMonths);
          if (until.getTime() > ranAt.getTime()) {
            reasons.push(`${policyKey}: within its retention period (${periodMonths} months, until ${until.toISOString()})`);
            continue;
          }
          const hold = await holdFor(db, policyKey, partition.from, partition.to);
          if (hold !== null) {
            reasons.push(`${policyKey}: legal hold ${hold}`);
            continue;
          }
          const rows = await db.transaction().execute(async (trx) => {
            await lockRetention(trx);
            const purged = await months.purge(trx, partition.name, policyKey);
            await audit.record(trx, actor, {
              action: 'decisions.purged',
              entityType: 'decisions',
              entityId: `${partition.name}/${policyKey}`,
              reason: `the retention period of ${policyKey} (${periodMonths} months) has passed for the month`,
              details: { from: base.from, to: base.to, policyKey, rows: purged },
            });
            return purged;
          });
          deleted.push({ policyKey, rows });
        }
        steps.push({ ...base, action: deleted.length > 0 ? 'purged' : 'kept', deleted, reasons });
      }
      const done = steps.filter((s) => s.action !== 'kept');
      if (done.length > 0) log.info('retention run', { dropped: done.filter((s) => s.action === 'dropped').length, purged: done.filter((s) => s.action === 'purged').length });
      return { ranAt: ranAt.toISOString(), steps };
    },

    async applyDefault(actor, monthsConfigured) {
      await db.transaction().execute(async (trx) => {
        const before = await findDefaultMonths(trx);
        if (before === monthsConfigured) return;
        await updateDefaultMonths(trx, monthsConfigured, now());
        await audit.record(trx, actor, {
          action: 'retention.defaultChanged',
          entityType: 'retention',
          entityId: 'default',
          reason: 'PRECEPT_RETENTION_MONTHS',
          details: { monthsBefore: before, months: monthsConfigured },
        });
      });
    },
  };
}
