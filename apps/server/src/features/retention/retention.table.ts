import type { ColumnType } from 'kysely';

/** `decision_retention_default`: one row, the configured default period (written at start). */
export interface DecisionRetentionDefaultTable {
  singleton: ColumnType<boolean, never, never>;
  months: number;
  set_at: Date;
}

/** `retention_changes`: requests to change a policy's retention period, decided by a second person. */
export interface RetentionChangesTable {
  id: string;
  policy_key: string;
  /** Null: back to the default. */
  months: number | null;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  requested_by: string;
  /** The role the request was made in: the other one decides it. */
  requested_as: 'auditor' | 'admin';
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
}

/** `legal_holds`: holds on decisions; never deleted, changed only by the steps of their lifecycle. */
export interface LegalHoldsTable {
  id: string;
  policy_key: string | null;
  from_at: Date | null;
  to_at: Date | null;
  reason: string;
  status: 'requested' | 'active' | 'rejected' | 'lifted';
  requested_by: string;
  requested_as: 'auditor' | 'admin';
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
  lift_requested_by: string | null;
  lift_requested_as: 'auditor' | 'admin' | null;
  lift_requested_at: Date | null;
  lift_reason: string | null;
  lifted_by: string | null;
  lifted_at: Date | null;
}
