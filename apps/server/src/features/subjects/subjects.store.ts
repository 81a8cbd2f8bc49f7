import type { SubjectVersion, Subject } from '@precept/schema';
import { sql } from 'kysely';
import type { DbOrTrx, Trx } from '../../db/database.js';

type SubjectRow = {
  key: string;
  version: number;
  definition: Subject;
  content_hash: string;
  change_note: string | null;
  created_by: string;
  created_at: Date;
};

function toSubjectVersion(row: SubjectRow): SubjectVersion {
  return {
    key: row.key,
    version: row.version,
    subject: row.definition,
    contentHash: row.content_hash,
    changeNote: row.change_note,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}

/** The latest version of every subject, by key. */
export async function listLatestSubjects(db: DbOrTrx): Promise<SubjectVersion[]> {
  const rows = await db
    .selectFrom('subjects as s')
    .selectAll('s')
    .where((eb) =>
      eb(
        's.version',
        '=',
        eb
          .selectFrom('subjects as l')
          .select(({ fn }) => fn.max('l.version').as('v'))
          .whereRef('l.key', '=', 's.key'),
      ),
    )
    .orderBy('s.key')
    .execute();
  return rows.map(toSubjectVersion);
}

/** One version of a subject (the latest when `version` is undefined), or undefined. */
export async function findSubject(
  db: DbOrTrx,
  key: string,
  version?: number,
): Promise<SubjectVersion | undefined> {
  let query = db.selectFrom('subjects').selectAll().where('key', '=', key);
  query =
    version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : toSubjectVersion(row);
}

/** Every version of a subject, oldest first. */
export async function listSubjectVersions(db: DbOrTrx, key: string): Promise<SubjectVersion[]> {
  const rows = await db.selectFrom('subjects').selectAll().where('key', '=', key).orderBy('version').execute();
  return rows.map(toSubjectVersion);
}

/** Tells every instance, when `trx` commits, that a subject has a new version. */
export async function notifySubjectChanged(trx: Trx, channel: string, key: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${key})`.execute(trx);
}

/** Inserts a subject version (the primary key refuses a duplicate version). */
export async function insertSubjectVersion(
  trx: Trx,
  entry: Omit<SubjectVersion, 'createdAt'> & { createdAt: Date },
): Promise<void> {
  await trx
    .insertInto('subjects')
    .values({
      key: entry.key,
      version: entry.version,
      definition: JSON.stringify(entry.subject),
      content_hash: entry.contentHash,
      change_note: entry.changeNote,
      created_by: entry.createdBy,
      created_at: entry.createdAt,
    })
    .execute();
}
