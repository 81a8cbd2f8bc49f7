// Migrations are registered here, statically, so the built server needs no directory scan and a
// bundler sees every file. A merged migration is never edited: add a new timestamped file instead.
// A migration that alters, drops or replaces part of the compliance record (the decision log, its
// partitions, retention and holds, the audit chain, their triggers and guard functions) first runs
// `set local precept.migrating = 'on'`: the DDL guard refuses such changes otherwise.
import type { Migration, MigrationProvider } from 'kysely';
import * as initialSchema from './20261126120000-initial-schema.js';
import * as identities from './20261127120000-identities.js';
import * as decisionsJson from './20261128120000-decisions-json.js';
import * as decisionsLz4 from './20261129120000-decisions-lz4.js';
import * as grantRequests from './20261204120000-grant-requests.js';
import * as versionedTestCases from './20261204130000-versioned-test-cases.js';
import * as decisionLogCompliance from './20261206120000-decision-log-compliance.js';
import * as impactReports from './20261206130000-impact-reports.js';
import * as bilingualPolicyOwner from './20261207120000-bilingual-policy-owner.js';
import * as bilingualTestCaseNames from './20261207130000-bilingual-test-case-names.js';
import * as compactOutcomes from './20261207140000-compact-outcomes.js';

const MIGRATIONS: Record<string, Migration> = {
  '20261126120000_initial_schema': initialSchema,
  '20261127120000_identities': identities,
  '20261128120000_decisions_json': decisionsJson,
  '20261129120000_decisions_lz4': decisionsLz4,
  '20261204120000_grant_requests': grantRequests,
  '20261204130000_versioned_test_cases': versionedTestCases,
  '20261206120000_decision_log_compliance': decisionLogCompliance,
  '20261206130000_impact_reports': impactReports,
  '20261207120000_bilingual_policy_owner': bilingualPolicyOwner,
  '20261207130000_bilingual_test_case_names': bilingualTestCaseNames,
  '20261207140000_compact_outcomes': compactOutcomes,
};

/** The server's migrations, in name order (timestamps sort them). */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};

/** Name of the newest migration: `/readyz` is ready once the database has it. */
export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1)!;
