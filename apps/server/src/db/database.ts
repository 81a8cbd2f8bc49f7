// The database as Kysely sees it: every table of every feature, by its SQL name.
import type { Kysely, Transaction } from 'kysely';
import type { AuditLogTable } from '../features/audit/audit.table.js';
import type { DecisionPartitionsTable, DecisionsTable } from '../features/decisions/decisions.table.js';
import type {
  ApiKeysTable,
  GrantRequestsTable,
  SessionsTable,
  UsersTable,
} from '../features/identity/identity.table.js';
import type { ImpactCasesTable, ImpactReportsTable } from '../features/impact/impact.table.js';
import type { PoliciesTable, PolicyVersionsTable } from '../features/policies/policies.table.js';
import type {
  DecisionRetentionDefaultTable,
  LegalHoldsTable,
  RetentionChangesTable,
} from '../features/retention/retention.table.js';
import type { SubjectsTable } from '../features/subjects/subjects.table.js';
import type { TestCasesTable } from '../features/test-cases/test-cases.table.js';

/** All tables, keyed by SQL name. */
export interface Database {
  subjects: SubjectsTable;
  policies: PoliciesTable;
  policy_versions: PolicyVersionsTable;
  test_cases: TestCasesTable;
  decisions: DecisionsTable;
  decision_partitions: DecisionPartitionsTable;
  decision_retention_default: DecisionRetentionDefaultTable;
  retention_changes: RetentionChangesTable;
  legal_holds: LegalHoldsTable;
  impact_reports: ImpactReportsTable;
  impact_cases: ImpactCasesTable;
  audit_log: AuditLogTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  grant_requests: GrantRequestsTable;
}

/** The Kysely handle of {@link Database}. */
export type Db = Kysely<Database>;
/** A transaction on {@link Database}: what functions needing atomicity or a lock take. */
export type Trx = Transaction<Database>;
/** Either a plain handle or a transaction: what read-only store functions take. */
export type DbOrTrx = Kysely<Database> | Transaction<Database>;
