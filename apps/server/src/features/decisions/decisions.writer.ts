// Group commit for the decision log. Each evaluation waits until its row is committed (durable
// before the response), but concurrent evaluations share multi-row INSERTs: while the allowed
// inserts (one on PGlite, a few on PostgreSQL) are in flight, new rows queue up and go together in
// the next free one. Under no load a row is written at once;
// under load the number of round trips stays near the number of in-flight inserts, not of requests.
import { performance } from 'node:perf_hooks';
import type { Db } from '../../db/database.js';
import { insertDecisionsInMonths, type StoredDecision } from './decisions.store.js';

interface Pending {
  rows: readonly StoredDecision[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * What a writer reports as it works, for metrics (optional): rows waiting, and each INSERT's size,
 * time and whether it committed.
 */
export interface DecisionWriterObserver {
  /** Rows queued and not yet taken into an INSERT, after every change. */
  queueDepth(rows: number): void;
  /** An INSERT of `rows` rows ended after `seconds`, committed or `failed`. */
  flushed(rows: number, seconds: number, failed: boolean): void;
}

/** Writes decisions in batches; `write` resolves once the rows are committed. */
export interface DecisionWriter {
  write(rows: readonly StoredDecision[]): Promise<void>;
  /** Resolves when everything queued so far is written (or failed). */
  drain(): Promise<void>;
}

/** Options of {@link createDecisionWriter}. */
export interface DecisionWriterOptions {
  db: Db;
  /** Most rows in one INSERT (default 1000). */
  maxRows?: number;
  /**
   * Most INSERTs in flight at once (default 1). More than one lets commits overlap in PostgreSQL's
   * WAL while the next batch builds; keep it below the pool size (PGlite has one connection: 1).
   */
  maxInFlight?: number;
  /** Told about the queue and every INSERT (metrics). */
  observer?: DecisionWriterObserver | undefined;
}

/**
 * Creates a {@link DecisionWriter}: at most `maxInFlight` inserts at a time, at most `maxRows` rows
 * each; a write queued while every slot is busy goes with the others queued in the next free slot.
 */
export function createDecisionWriter({
  db,
  maxRows = 1000,
  maxInFlight = 1,
  observer,
}: DecisionWriterOptions): DecisionWriter {
  const queue: Pending[] = [];
  let queuedRows = 0;
  const running = new Set<Promise<void>>();
  // Counted apart from `running`: a runner whose loop has ended frees its slot in the same tick
  // (its promise settles later), so a write arriving in between starts a new runner.
  let active = 0;

  const takeBatch = (): Pending[] => {
    const batch: Pending[] = [];
    let rows = 0;
    while (queue.length > 0 && (batch.length === 0 || rows + queue[0]!.rows.length <= maxRows)) {
      const next = queue.shift()!;
      batch.push(next);
      rows += next.rows.length;
    }
    queuedRows -= rows;
    observer?.queueDepth(queuedRows);
    return batch;
  };

  const run = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = takeBatch();
      const rows = batch.flatMap((pending) => pending.rows);
      const started = performance.now();
      try {
        await insertDecisionsInMonths(db, rows);
        observer?.flushed(rows.length, (performance.now() - started) / 1000, false);
        for (const pending of batch) pending.resolve();
      } catch (error) {
        observer?.flushed(rows.length, (performance.now() - started) / 1000, true);
        for (const pending of batch) pending.reject(error);
      }
    }
    active -= 1;
  };

  const startRunner = (): void => {
    active += 1;
    const runner = run().finally(() => running.delete(runner));
    running.add(runner);
  };

  return {
    write(rows) {
      if (rows.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ rows, resolve, reject });
        queuedRows += rows.length;
        observer?.queueDepth(queuedRows);
        if (active < maxInFlight) startRunner();
      });
    },
    async drain() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
