import type { ColumnType } from 'kysely';
import type { ImpactSummary, JsonValue, PolicyDocument } from '@precept/schema';

/** `impact_reports`: one re-evaluation of a version against the decisions already made. */
export interface ImpactReportsTable {
  id: string;
  policy_key: string;
  version: number;
  content_hash: string;
  document: ColumnType<PolicyDocument, string, string>;
  subject_version: number;
  baseline_version: number | null;
  baseline_hash: string | null;
  window_from: Date;
  window_to: Date;
  status: 'running' | 'done' | 'cancelled' | 'failed';
  progress_done: ColumnType<number, number, number>;
  progress_total: ColumnType<number, number, number>;
  started_by: string;
  started_at: Date;
  heartbeat_at: Date;
  finished_at: Date | null;
  error: string | null;
  summary: ColumnType<ImpactSummary | null, string | null, string | null>;
  report_hash: string | null;
  cases_stored: number;
}

/** `impact_cases`: the decisions a report's version would change. */
export interface ImpactCasesTable {
  report_id: string;
  position: number;
  decision_id: string;
  recorded_at: Date;
  as_of: string;
  verdict_before: string;
  verdict_after: string;
  numbers_before: ColumnType<Record<string, number>, string, never>;
  numbers_after: ColumnType<Record<string, number>, string, never>;
  changes: ColumnType<{ path: string; before?: JsonValue; after?: JsonValue }[], string, never>;
}
