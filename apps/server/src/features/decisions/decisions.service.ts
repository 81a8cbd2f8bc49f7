import { canonicalJson } from '@precept/rules';
import { contentHash } from '../../crypto/content-hash.js';
import {
  EXPORT_MAX_ROWS,
  type Actor,
  type Decision,
  type DecisionExport,
  type DecisionExportInput,
} from '@precept/schema';
import type { Db } from '../../db/database.js';
import { exportTooLarge } from '../audit/audit.errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { decisionNotFound } from './decisions.errors.js';
import {
  findDecision,
  insertDecisions,
  listDecisionRange,
  listDecisions,
  type DecisionFilter,
  type NewDecision,
} from './decisions.store.js';
import { createDecisionWriter, type DecisionWriterObserver } from './decisions.writer.js';

/** Dependencies of {@link createDecisionsService}. */
export interface DecisionsServiceDeps {
  db: Db;
  /** Decision-log INSERTs in flight at once (default 1; keep it below the connection pool's size). */
  writesInFlight?: number | undefined;
  /** Records evidence exports. */
  audit: AuditService;
  /** The clock (tests may pin it). */
  now: () => Date;
  /** Told about the decision log's queue and INSERTs (metrics). */
  writerObserver?: DecisionWriterObserver | undefined;
}

/** The decision log: durable writes (group commit), listing and lookup. */
export interface DecisionsService {
  /** Records decisions; resolves once committed (batched with concurrent writers). */
  record(decisions: readonly NewDecision[]): Promise<void>;
  /** Records reported decisions, skipping ids already recorded; returns how many were new. */
  recordReported(decisions: readonly NewDecision[]): Promise<number>;
  list(
    filter: Omit<DecisionFilter, 'beforeSeq'> & { cursor?: string | undefined },
  ): Promise<{ items: Decision[]; nextCursor: string | null }>;
  get(id: string): Promise<Decision>;
  /**
   * The evidence package of the decisions recorded in `[from, to)` that match the filters (oldest
   * first, `LIMIT` beyond {@link EXPORT_MAX_ROWS}); the export is itself audited
   * (`decisions.exported`, the filters as reason, the rows' hash as `afterHash`).
   */
  exportEvidence(actor: Actor, input: DecisionExportInput): Promise<DecisionExport>;
  /** Waits for queued writes (shutdown). */
  drain(): Promise<void>;
}

/** Creates the {@link DecisionsService}. */
export function createDecisionsService({
  db,
  audit,
  now,
  writesInFlight,
  writerObserver,
}: DecisionsServiceDeps): DecisionsService {
  const writer = createDecisionWriter({ db, maxInFlight: writesInFlight ?? 1, observer: writerObserver });
  return {
    record: (decisions) => writer.write(decisions),
    recordReported: (decisions) => insertDecisions(db, decisions, { ignoreDuplicates: true }),
    async list({ cursor, ...filter }) {
      const beforeSeq = cursor === undefined ? undefined : Number.parseInt(cursor, 10);
      const rows = await listDecisions(db, {
        ...filter,
        beforeSeq: beforeSeq !== undefined && Number.isSafeInteger(beforeSeq) ? beforeSeq : undefined,
        limit: filter.limit + 1,
      });
      const page = rows.slice(0, filter.limit);
      return {
        items: page.map(({ seq: _seq, ...decision }) => decision),
        nextCursor: rows.length > filter.limit ? String(page.at(-1)!.seq) : null,
      };
    },
    async get(id) {
      const found = await findDecision(db, id);
      if (found === undefined) throw decisionNotFound(id);
      return found;
    },
    async exportEvidence(actor, input) {
      const { from, to, ...filters } = input;
      const rows = await listDecisionRange(db, {
        ...filters,
        from: new Date(from),
        to: new Date(to),
        limit: EXPORT_MAX_ROWS + 1,
      });
      if (rows.length > EXPORT_MAX_ROWS) throw exportTooLarge('decision log');
      const sha256 = contentHash(rows);
      const generatedAt = now().toISOString();
      await audit.recordAlone(actor, {
        action: 'decisions.exported',
        entityType: 'decisions',
        entityId: `${from}/${to}`,
        reason: canonicalJson(input),
        afterHash: sha256,
        details: { count: rows.length },
      });
      return {
        generatedAt,
        generatedBy: { actor: actor.id, actorKind: actor.kind, credential: actor.credential },
        filters: input,
        count: rows.length,
        rows,
        sha256,
      };
    },
    drain: () => writer.drain(),
  };
}
