import type { ColumnType } from 'kysely';
import type { JsonObject, Outcome } from '@precept/schema';

/** `decisions`: the decision log, append-only in practice (rows are inserted in batches). */
export interface DecisionsTable {
  /** Insertion order; the cursor of listings. int8 arrives as a string or bigint depending on the driver. */
  seq: ColumnType<string | number | bigint, never, never>;
  id: string;
  policy_key: string;
  version: number;
  content_hash: string;
  engine_version: string;
  as_of: string;
  /** `json` (the text as inserted, key order kept); nothing reads inside it in SQL. */
  facts: ColumnType<JsonObject, string, never>;
  /** `json`, like `facts`. */
  outcome: ColumnType<Outcome, string, never>;
  duration_ms: number;
  caller: string | null;
  source: 'server' | 'local' | 'simulation';
  created_at: ColumnType<Date, Date, never>;
}
