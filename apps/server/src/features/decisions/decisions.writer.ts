// Group commit for the decision log. Each evaluation waits until its row is committed (durable
// before the response), but concurrent evaluations share one multi-row INSERT: while one insert is
// in flight, new rows queue up and go together in the next. Under no load a row is written at once;
// under load the number of round trips stays near the number of in-flight inserts, not of requests.
import type { Db } from '../../db/database.js';
import { insertDecisions, type NewDecision } from './decisions.store.js';

interface Pending {
  rows: readonly NewDecision[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Writes decisions in batches; `write` resolves once the rows are committed. */
export interface DecisionWriter {
  write(rows: readonly NewDecision[]): Promise<void>;
  /** Resolves when everything queued so far is written (or failed). */
  drain(): Promise<void>;
}

/** Creates a {@link DecisionWriter}; one insert in flight at a time, at most `maxRows` rows each. */
export function createDecisionWriter({ db, maxRows = 1000 }: { db: Db; maxRows?: number }): DecisionWriter {
  const queue: Pending[] = [];
  let running: Promise<void> | undefined;

  const takeBatch = (): Pending[] => {
    const batch: Pending[] = [];
    let rows = 0;
    while (queue.length > 0 && (batch.length === 0 || rows + queue[0]!.rows.length <= maxRows)) {
      const next = queue.shift()!;
      batch.push(next);
      rows += next.rows.length;
    }
    return batch;
  };

  const run = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = takeBatch();
      try {
        await insertDecisions(
          db,
          batch.flatMap((pending) => pending.rows),
        );
        for (const pending of batch) pending.resolve();
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    running = undefined;
  };

  return {
    write(rows) {
      if (rows.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ rows, resolve, reject });
        running ??= run();
      });
    },
    async drain() {
      while (running !== undefined) await running;
    },
  };
}
