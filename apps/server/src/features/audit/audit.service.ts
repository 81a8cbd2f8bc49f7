import { contentHash } from '@precept/rules';
import type { Actor, AuditEntry, AuditVerifyOutput, JsonObject } from '@precept/schema';
import type { Db, Trx } from '../../db/database.js';
import {
  insertAuditRow,
  listAuditEntries,
  lockAuditChain,
  readAuditChain,
  type AuditFilter,
} from './audit.store.js';

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a mutation records about itself. */
export interface AuditRecord {
  /** `policy.publish`, `testCase.update`, … */
  action: string;
  entityType: string;
  entityId: string;
  reason?: string | null | undefined;
  beforeHash?: string | null | undefined;
  afterHash?: string | null | undefined;
  details?: JsonObject | null | undefined;
}

/** The row content the hash covers: everything but the hash itself. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return contentHash({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    actorKind: entry.actorKind,
    credential: entry.credential,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    reason: entry.reason,
    beforeHash: entry.beforeHash,
    afterHash: entry.afterHash,
    details: entry.details,
    prevHash: entry.prevHash,
  });
}

/** Dependencies of {@link createAuditService}. */
export interface AuditServiceDeps {
  db: Db;
  /** The clock (tests may pin it). */
  now: () => Date;
}

/** The audit chain: appends in the caller's transaction, lists, and verifies. */
export interface AuditService {
  /** Appends one row for `actor` inside `trx` (serialised with every other append). */
  record(trx: Trx, actor: Actor, record: AuditRecord): Promise<AuditEntry>;
  /**
   * Appends one row in a transaction of its own: for refusals and failed sign-ins, whose own
   * operation rolls back. Call it outside any open transaction (PGlite has one connection).
   */
  recordAlone(actor: Actor, record: AuditRecord): Promise<AuditEntry>;
  list(filter: AuditFilter): Promise<AuditEntry[]>;
  /** Walks the chain from the start and names the first row whose link or hash does not hold. */
  verify(): Promise<AuditVerifyOutput>;
}

/** Creates the {@link AuditService}. */
export function createAuditService({ db, now }: AuditServiceDeps): AuditService {
  const service: AuditService = {
    async record(trx, actor, record) {
      const last = await lockAuditChain(trx);
      const entry: Omit<AuditEntry, 'hash'> = {
        seq: (last?.seq ?? 0) + 1,
        at: now().toISOString(),
        actor: actor.id,
        actorKind: actor.kind,
        credential: actor.credential,
        action: record.action,
        entityType: record.entityType,
        entityId: record.entityId,
        reason: record.reason ?? null,
        beforeHash: record.beforeHash ?? null,
        afterHash: record.afterHash ?? null,
        details: record.details ?? null,
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const full: AuditEntry = { ...entry, hash: hashAuditEntry(entry) };
      await insertAuditRow(trx, { ...full, at: new Date(full.at) });
      return full;
    },

    recordAlone: (actor, record) => db.transaction().execute((trx) => service.record(trx, actor, record)),

    list: (filter) => listAuditEntries(db, filter),

    async verify() {
      let previous: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH };
      let checked = 0;
      for (;;) {
        const rows = await readAuditChain(db, previous.seq, 1000);
        for (const row of rows) {
          const reason =
            row.seq !== previous.seq + 1
              ? `seq ${row.seq} follows ${previous.seq}: a row is missing`
              : row.prevHash !== previous.hash
                ? `prev_hash does not match the hash of row ${previous.seq}`
                : hashAuditEntry(row) !== row.hash
                  ? 'hash does not match the row content'
                  : undefined;
          if (reason !== undefined) return { ok: false, checked, firstBad: { seq: row.seq, reason } };
          checked += 1;
          previous = { seq: row.seq, hash: row.hash };
        }
        if (rows.length < 1000) return { ok: true, checked, firstBad: null };
      }
    },
  };
  return service;
}
