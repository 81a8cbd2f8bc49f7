import { randomUUID } from 'node:crypto';
import { contentHash } from '@precept/rules';
import { AppError, type Actor, type StoredTestCase, type TestCase } from '@precept/schema';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { testCaseNotFound } from './test-cases.errors.js';
import {
  deleteTestCase,
  findTestCase,
  insertTestCase,
  listTestCases,
  updateTestCase,
} from './test-cases.store.js';

/** Dependencies of {@link createTestCasesService}. */
export interface TestCasesServiceDeps {
  db: Db;
  audit: AuditService;
  now: () => Date;
  /** Throws `NOT_FOUND` unless the policy exists (inside `trx`). */
  assertPolicyExists: (trx: DbOrTrx, policyKey: string) => Promise<void>;
}

/** Test cases of a policy: stored, edited and listed here; run by the policies service. */
export interface TestCasesService {
  /** The policy's test cases (`NOT_FOUND` for an unknown policy). */
  list(policyKey: string, db?: DbOrTrx): Promise<StoredTestCase[]>;
  create(actor: Actor, policyKey: string, testCase: TestCase): Promise<StoredTestCase>;
  /** Creates inside `trx` (seeding and policy creation). */
  createIn(trx: Trx, actor: Actor, policyKey: string, testCase: TestCase): Promise<StoredTestCase>;
  update(actor: Actor, policyKey: string, id: string, testCase: TestCase): Promise<StoredTestCase>;
  remove(actor: Actor, policyKey: string, id: string): Promise<{ policyKey: string; id: string }>;
}

/** Creates the {@link TestCasesService}. */
export function createTestCasesService({
  db,
  audit,
  now,
  assertPolicyExists,
}: TestCasesServiceDeps): TestCasesService {
  const createIn = async (
    trx: Trx,
    actor: Actor,
    policyKey: string,
    testCase: TestCase,
  ): Promise<StoredTestCase> => {
    await assertPolicyExists(trx, policyKey);
    const stored: StoredTestCase = { ...testCase, id: testCase.id ?? randomUUID(), policyKey };
    try {
      await insertTestCase(trx, stored, actor.id, now());
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('CONFLICT', `policy "${policyKey}" already has a test case "${stored.id}"`, {
          issues: [{ path: '$.testCase.id', code: 'duplicate', message: `"${stored.id}" is taken` }],
        });
      }
      throw error;
    }
    await audit.record(trx, actor, {
      action: 'testCase.create',
      entityType: 'testCase',
      entityId: `${policyKey}/${stored.id}`,
      afterHash: contentHash(stored),
    });
    return stored;
  };

  return {
    async list(policyKey, handle = db) {
      await assertPolicyExists(handle, policyKey);
      return listTestCases(handle, policyKey);
    },
    create: (actor, policyKey, testCase) =>
      db.transaction().execute((trx) => createIn(trx, actor, policyKey, testCase)),
    createIn,
    update: (actor, policyKey, id, testCase) =>
      db.transaction().execute(async (trx) => {
        const before = await findTestCase(trx, policyKey, id, { forUpdate: true });
        if (before === undefined) throw testCaseNotFound(policyKey, id);
        const after: StoredTestCase = { ...testCase, id, policyKey };
        await updateTestCase(trx, after, now());
        await audit.record(trx, actor, {
          action: 'testCase.update',
          entityType: 'testCase',
          entityId: `${policyKey}/${id}`,
          beforeHash: contentHash(before),
          afterHash: contentHash(after),
        });
        return after;
      }),
    remove: (actor, policyKey, id) =>
      db.transaction().execute(async (trx) => {
        const before = await findTestCase(trx, policyKey, id, { forUpdate: true });
        if (before === undefined || !(await deleteTestCase(trx, policyKey, id)))
          throw testCaseNotFound(policyKey, id);
        await audit.record(trx, actor, {
          action: 'testCase.delete',
          entityType: 'testCase',
          entityId: `${policyKey}/${id}`,
          beforeHash: contentHash(before),
        });
        return { policyKey, id };
      }),
  };
}
