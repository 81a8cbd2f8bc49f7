import type { ColumnType } from 'kysely';
import type { JsonObject } from '@precept/schema';

/**
 * `audit_log`: a hash chain of every mutation. Triggers refuse UPDATE, DELETE and TRUNCATE; appends
 * are serialised with an advisory lock so `seq` and `prev_hash` form one chain.
 */
export interface AuditLogTable {
  seq: ColumnType<string | number | bigint, number, never>;
  at: ColumnType<Date, Date, never>;
  actor: ColumnType<string, string, never>;
  actor_kind: ColumnType<string, string, never>;
  credential: ColumnType<string | null, string | null, never>;
  action: ColumnType<string, string, never>;
  entity_type: ColumnType<string, string, never>;
  entity_id: ColumnType<string, string, never>;
  reason: ColumnType<string | null, string | null, never>;
  before_hash: ColumnType<string | null, string | null, never>;
  after_hash: ColumnType<string | null, string | null, never>;
  details: ColumnType<JsonObject | null, string | null, never>;
  prev_hash: ColumnType<string, string, never>;
  hash: ColumnType<string, string, never>;
}
