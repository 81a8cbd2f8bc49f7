import { randomUUID } from 'node:crypto';
import { contentHash } from '../../crypto/content-hash.js';
import { AppError, type Actor, type JsonObject, type StoredTestCase, type TestCase } from '@precept/schema';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { testCaseNotFound } from './test-cases.errors.js';
import {
  copyTestCases,
  deleteTestCase,
  findTestCase,
  insertTestCase,
  listTestCases,
  updateTestCase,
} from './test-cases.store.js';

/** What opening a version for a test edit did: a version in review or approved goes back to draft. */
export interface OpenedForEdit {
  reopenedFrom: string | null;
  revokedApprovals: string[];
}

/** Dependencies of {@link createTestCasesService}. */
export interface TestCasesServiceDeps {
  db: Db;
  audit: AuditService;
  now: () => Date;
  /** The version number `version` names, or the policy's newest; `NOT_FOUND` for an unknown policy or version. */
  resolveVersion: (handle: DbOrTrx, policyKey: string, version: number | undefined) => Promise<number>;
  /**
   * Locks a version for an edit of its tests by `actor` (who becomes one of its editors); a
   * version in review or approved goes back to draft, any other status is `CONFLICT`.
   */
  openForEdit: (trx: Trx, actor: Actor, policyKey: string, version: number) => Promise<OpenedForEdit>;
}

/** Names one test case of one version. */
export interface TestCaseRef {
  policyKey: string;
  version: number;
  id: string;
}

/** The test cases of policy versions: stored, edited and listed here; run by the policies service. */
export interface TestCasesService {
  /** The test cases of `version` (default: the newest); `NOT_FOUND` for an unknown policy or version. */
  list(policyKey: string, version?: number, db?: DbOrTrx): Promise<StoredTestCase[]>;
  create(
    actor: Actor,
    input: { policyKey: string; version: number; testCase: TestCase },
  ): Promise<StoredTestCase>;
  update(actor: Actor, input: TestCaseRef & { testCase: TestCase }): Promise<StoredTestCase>;
  remove(actor: Actor, ref: TestCaseRef): Promise<TestCaseRef>;
  /** Fills a version created in `trx` (seeding) with `cases`. */
  seedIn(
    trx: Trx,
    actor: Actor,
    policyKey: string,
    version: number,
    cases: readonly TestCase[],
  ): Promise<void>;
  /** Copies the tests of `from` into the new version `to` (a draft, a rollback); returns how many. */
  copyIn(trx: Trx, policyKey: string, from: number, to: number): Promise<number>;
}

/** sha256 of a version's test cases in order, without the policy key and version they are stored under. */
export function testsHashOf(cases: readonly StoredTestCase[]): string {
  return contentHash(cases.map(({ policyKey: _key, version: _version, ...testCase }) => testCase));
}

const entityOf = (ref: TestCaseRef): string => `${ref.policyKey}@${ref.version}/${ref.id}`;

/** Creates the {@link TestCasesService}. */
export function createTestCasesService({
  db,
  audit,
  now,
  resolveVersion,
  openForEdit,
}: TestCasesServiceDeps): TestCasesService {
  const insert = async (trx: Trx, actor: Actor, stored: StoredTestCase): Promise<void> => {
    try {
      await insertTestCase(trx, stored, actor.id, now());
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(
          'CONFLICT',
          `${stored.policyKey} v${stored.version} already has a test case "${stored.id}"`,
          { issues: [{ path: '$.testCase.id', code: 'duplicate', message: `"${stored.id}" is taken` }] },
        );
      }
      throw error;
    }
  };

  const opened = (reopen: OpenedForEdit): { details?: JsonObject } =>
    reopen.reopenedFrom === null
      ? {}
      : { details: { reopenedFrom: reopen.reopenedFrom, revokedApprovals: reopen.revokedApprovals } };

  return {
    async list(policyKey, version, handle = db) {
      return listTestCases(handle, policyKey, await resolveVersion(handle, policyKey, version));
    },

    create: (actor, { policyKey, version, testCase }) =>
      db.transaction().execute(async (trx) => {
        const reopen = await openForEdit(trx, actor, policyKey, version);
        const stored: StoredTestCase = { ...testCase, id: testCase.id ?? randomUUID(), policyKey, version };
        await insert(trx, actor, stored);
        await audit.record(trx, actor, {
          action: 'testCase.create',
          entityType: 'testCase',
          entityId: entityOf(stored),
          afterHash: contentHash(stored),
          ...opened(reopen),
        });
        return stored;
      }),

    update: (actor, { policyKey, version, id, testCase }) =>
      db.transaction().execute(async (trx) => {
        const reopen = await openForEdit(trx, actor, policyKey, version);
        const ref = { policyKey, version, id };
        const before = await findTestCase(trx, ref, { forUpdate: true });
        if (before === undefined) throw testCaseNotFound(policyKey, version, id);
        const after: StoredTestCase = { ...testCase, ...ref };
        await updateTestCase(trx, after, now());
        await audit.record(trx, actor, {
          action: 'testCase.update',
          entityType: 'testCase',
          entityId: entityOf(ref),
          beforeHash: contentHash(before),
          afterHash: contentHash(after),
          ...opened(reopen),
        });
        return after;
      }),

    remove: (actor, ref) =>
      db.transaction().execute(async (trx) => {
        const reopen = await openForEdit(trx, actor, ref.policyKey, ref.version);
        const before = await findTestCase(trx, ref, { forUpdate: true });
        if (before === undefined || !(await deleteTestCase(trx, ref)))
          throw testCaseNotFound(ref.policyKey, ref.version, ref.id);
        await audit.record(trx, actor, {
          action: 'testCase.delete',
          entityType: 'testCase',
          entityId: entityOf(ref),
          beforeHash: contentHash(before),
          ...opened(reopen),
        });
        return { policyKey: ref.policyKey, version: ref.version, id: ref.id };
      }),

    async seedIn(trx, actor, policyKey, version, cases) {
      for (const testCase of cases) {
        const stored: StoredTestCase = { ...testCase, id: testCase.id ?? randomUUID(), policyKey, version };
        await insert(trx, actor, stored);
        await audit.record(trx, actor, {
          action: 'testCase.create',
          entityType: 'testCase',
          entityId: entityOf(stored),
          afterHash: contentHash(stored),
        });
      }
    },

    copyIn: (trx, policyKey, from, to) => copyTestCases(trx, policyKey, from, to),
  };
}
