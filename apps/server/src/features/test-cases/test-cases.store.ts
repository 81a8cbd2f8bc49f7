import { sql } from 'kysely';
import type { StoredTestCase } from '@precept/schema';
import type { DbOrTrx, Trx } from '../../db/database.js';

type TestCaseRow = {
  policy_key: string;
  version: number;
  id: string;
  name: StoredTestCase['name'];
  facts: StoredTestCase['facts'];
  as_of: string | null;
  expect: StoredTestCase['expect'];
};

function toTestCase(row: TestCaseRow): StoredTestCase {
  return {
    policyKey: row.policy_key,
    version: row.version,
    id: row.id,
    name: row.name,
    facts: row.facts,
    ...(row.as_of === null ? {} : { asOf: row.as_of }),
    expect: row.expect,
  };
}

/** The test cases of one version, in the order they were added. */
export async function listTestCases(
  db: DbOrTrx,
  policyKey: string,
  version: number,
): Promise<StoredTestCase[]> {
  const rows = await db
    .selectFrom('test_cases')
    .selectAll()
    .where('policy_key', '=', policyKey)
    .where('version', '=', version)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(toTestCase);
}

/** One test case of a version, or undefined; `forUpdate` locks it. */
export async function findTestCase(
  db: DbOrTrx,
  ref: { policyKey: string; version: number; id: string },
  options: { forUpdate?: boolean } = {},
): Promise<StoredTestCase | undefined> {
  let query = db
    .selectFrom('test_cases')
    .selectAll()
    .where('policy_key', '=', ref.policyKey)
    .where('version', '=', ref.version)
    .where('id', '=', ref.id);
  if (options.forUpdate === true) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : toTestCase(row);
}

/** Inserts a test case after the version's last one. */
export async function insertTestCase(
  trx: Trx,
  testCase: StoredTestCase,
  createdBy: string,
  now: Date,
): Promise<void> {
  const last = await trx
    .selectFrom('test_cases')
    .select(({ fn }) => fn.max('position').as('position'))
    .where('policy_key', '=', testCase.policyKey)
    .where('version', '=', testCase.version)
    .executeTakeFirst();
  await trx
    .insertInto('test_cases')
    .values({
      policy_key: testCase.policyKey,
      version: testCase.version,
      id: testCase.id,
      position: (last?.position ?? 0) + 1,
      name: JSON.stringify(testCase.name),
      facts: JSON.stringify(testCase.facts),
      as_of: testCase.asOf ?? null,
      expect: JSON.stringify(testCase.expect),
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** Copies every test case of version `from` to version `to` of the same policy (a new draft, a rollback). */
export async function copyTestCases(trx: Trx, policyKey: string, from: number, to: number): Promise<number> {
  const result = await sql`
    insert into test_cases (policy_key, version, id, position, name, facts, as_of, expect, created_by, created_at, updated_at)
    select policy_key, ${to}, id, position, name, facts, as_of, expect, created_by, created_at, updated_at
      from test_cases where policy_key = ${policyKey} and version = ${from}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Replaces a test case's content; true when it existed. */
export async function updateTestCase(trx: Trx, testCase: StoredTestCase, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('test_cases')
    .set({
      name: JSON.stringify(testCase.name),
      facts: JSON.stringify(testCase.facts),
      as_of: testCase.asOf ?? null,
      expect: JSON.stringify(testCase.expect),
      updated_at: now,
    })
    .where('policy_key', '=', testCase.policyKey)
    .where('version', '=', testCase.version)
    .where('id', '=', testCase.id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes a test case; true when it existed. */
export async function deleteTestCase(
  trx: Trx,
  ref: { policyKey: string; version: number; id: string },
): Promise<boolean> {
  const result = await trx
    .deleteFrom('test_cases')
    .where('policy_key', '=', ref.policyKey)
    .where('version', '=', ref.version)
    .where('id', '=', ref.id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
