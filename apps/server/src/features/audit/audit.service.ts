import { canonicalJson } from '@precept/rules';
import { contentHash } from '../../crypto/content-hash.js';
import {
  EXPORT_MAX_ROWS,
  type Actor,
  type AuditChainRange,
  type AuditEntry,
  type AuditExport,
  type AuditExportInput,
  type AuditVerifyOutput,
  type JsonObject,
} from '@precept/schema';
import type { Db, Trx } from '../../db/database.js';
import { exportTooLarge } from './audit.errors.js';
import {
  auditSeqRange,
  findAuditEntry,
  insertAuditRow,
  listAuditEntries,
  listAuditRange,
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

/** Why `row` does not continue the chain after `previous`, or undefined when it does. */
function linkProblem(previous: { seq: number; hash: string }, row: AuditEntry): string | undefined {
  return row.seq !== previous.seq + 1
    ? `seq ${row.seq} follows ${previous.seq}: a row is missing`
    : row.prevHash !== previous.hash
      ? `prev_hash does not match the hash of row ${previous.seq}`
      : hashAuditEntry(row) !== row.hash
        ? 'hash does not match the row content'
        : undefined;
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
  /**
   * The evidence package of the rows recorded in `[from, to)` that match the filters (oldest first,
   * `LIMIT` beyond {@link EXPORT_MAX_ROWS}), with the chain verified over the range; the export is
   * itself audited (`audit.exported`, the filters as reason, the rows' hash as `afterHash`).
   */
  exportEvidence(actor: Actor, input: AuditExportInput): Promise<AuditExport>;
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
          const reason = linkProblem(previous, row);
          if (reason !== undefined) return { ok: false, checked, firstBad: { seq: row.seq, reason } };
          checked += 1;
          previous = { seq: row.seq, hash: row.hash };
        }
        if (rows.length < 1000) return { ok: true, checked, firstBad: null };
      }
    },

    async exportEvidence(actor, input) {
      const { from, to, ...filters } = input;
      const range = await auditSeqRange(db, new Date(from), new Date(to));
      const rows =
        range === null
          ? []
          : await listAuditRange(db, {
              ...filters,
              from: new Date(from),
              to: new Date(to),
              maxSeq: range.last,
              limit: EXPORT_MAX_ROWS + 1,
            });
      if (rows.length > EXPORT_MAX_ROWS) throw exportTooLarge('audit');
      const chain = range === null ? EMPTY_RANGE : await verifyRange(db, range.first, range.last);
      const sha256 = contentHash(rows);
      const generatedAt = now().toISOString();
      await service.recordAlone(actor, {
        action: 'audit.exported',
        entityType: 'audit_log',
        entityId: `${from}/${to}`,
        reason: canonicalJson(input),
        afterHash: sha256,
        details: { count: rows.length, chainOk: chain.ok },
      });
      return {
        generatedAt,
        generatedBy: { actor: actor.id, actorKind: actor.kind, credential: actor.credential },
        filters: input,
        count: rows.length,
        rows,
        sha256,
        chain,
      };
    },
  };
  return service;
}

const EMPTY_RANGE: AuditChainRange = {
  ok: true,
  checked: 0,
  firstSeq: null,
  lastSeq: null,
  anchorHash: null,
  firstHash: null,
  lastHash: null,
  firstBad: null,
};

/**
 * Verifies the rows `first..last` of the chain: each row's link and hash, and the first row's link
 * to its predecessor (or the genesis hash).
 */
async function verifyRange(db: Db, first: number, last: number): Promise<AuditChainRange> {
  const result: AuditChainRange = { ...EMPTY_RANGE, firstSeq: first, lastSeq: last };
  let previous: { seq: number; hash: string };
  if (first === 1) previous = { seq: 0, hash: GENESIS_HASH };
  else {
    const before = await findAuditEntry(db, first - 1);
    if (before === undefined) {
      result.ok = false;
      result.firstBad = { seq: first, reason: `the row before (seq ${first - 1}) is missing` };
    }
    previous = before ?? { seq: first - 1, hash: '' };
  }
  for (;;) {
    const rows = (await readAuditChain(db, previous.seq, 1000)).filter((row) => row.seq <= last);
    for (const row of rows) {
      if (row.seq === first) {
        result.anchorHash = row.prevHash;
        result.firstHash = row.hash;
      }
      if (row.seq === last) result.lastHash = row.hash;
      // Walk on past a bad row, so the range's first and last hashes are reported all the same.
      const reason = linkProblem(previous, row);
      if (reason !== undefined && result.firstBad === null) {
        result.ok = false;
        result.firstBad = { seq: row.seq, reason };
      }
      if (result.firstBad === null) result.checked += 1;
      previous = { seq: row.seq, hash: row.hash };
    }
    if (rows.length < 1000) return result;
  }
}
