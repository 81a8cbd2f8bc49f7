import type { ColumnType } from 'kysely';
import type { CompactOutcome, JsonObject, Outcome } from '@precept/schema';

/**
 * `decisions`: the decision log, partitioned by month of `created_at` (UTC). The database refuses
 * TRUNCATE, UPDATE (but the one-time minimisation of a decision recorded before minimisation) and
 * DELETE outside the retention procedure (see the migration
 * `20261206120000-decision-log-compliance`).
 */
export interface DecisionsTable {
  /** Insertion order, the tie-breaker of listings. int8 arrives as a string or bigint depending on the driver. */
  seq: ColumnType<string | number | bigint, never, never>;
  id: string;
  policy_key: string;
  version: number;
  content_hash: string;
  engine_version: string;
  as_of: string;
  /** `json` (the text as inserted, key order kept); nothing reads inside it in SQL. */
  facts: ColumnType<JsonObject, string, never>;
  /**
   * `json`, like `facts`: the compact outcome when `outcome_hash` is set, else (a decision recorded
   * before compact outcomes, or a reported one that its version does not rebuild) the full outcome.
   */
  outcome: ColumnType<Outcome | CompactOutcome, string, never>;
  /** sha256 of the full outcome's canonical JSON, which the compact one rebuilds with the version's document. */
  outcome_hash: string | null;
  /** The outcome in a word (`verdictOf`): the log's outcome filter. */
  verdict: string;
  /** `json`: paths of the personal values stored as pseudonyms; null for a decision recorded before minimisation (until the server minimises it). */
  pseudonymised: ColumnType<string[] | null, string, never>;
  /** The pseudonyms of every personal value of the facts (GIN-indexed: the decisions about a person). */
  pseudonyms: ColumnType<string[], string[], never>;
  duration_ms: number;
  caller: string | null;
  source: 'server' | 'local' | 'simulation';
  created_at: ColumnType<Date, Date, never>;
}

/** `decision_partitions`: every month partition ever created, with its bounds (insert-only). */
export interface DecisionPartitionsTable {
  name: string;
  from_at: Date;
  to_at: Date;
  created_at: ColumnType<Date, never, never>;
}
