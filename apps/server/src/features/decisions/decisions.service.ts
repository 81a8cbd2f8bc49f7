import type { Decision } from '@precept/schema';
import type { Db } from '../../db/database.js';
import { decisionNotFound } from './decisions.errors.js';
import {
  findDecision,
  insertDecisions,
  listDecisions,
  type DecisionFilter,
  type NewDecision,
} from './decisions.store.js';
import { createDecisionWriter } from './decisions.writer.js';

/** Dependencies of {@link createDecisionsService}. */
export interface DecisionsServiceDeps {
  db: Db;
  /** Decision-log INSERTs in flight at once (default 1; keep it below the connection pool's size). */
  writesInFlight?: number | undefined;
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
  /** Waits for queued writes (shutdown). */
  drain(): Promise<void>;
}

/** Creates the {@link DecisionsService}. */
export function createDecisionsService({ db, writesInFlight }: DecisionsServiceDeps): DecisionsService {
  const writer = createDecisionWriter({ db, maxInFlight: writesInFlight ?? 1 });
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
    drain: () => writer.drain(),
  };
}
