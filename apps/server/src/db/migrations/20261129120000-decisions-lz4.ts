// The decision log's facts and outcome are compressed with lz4 where the database has it. A
// decision is ~5 KB (the outcome carries both languages' titles and every line's reason), so
// PostgreSQL compresses each row it inserts; with the default pglz that costs more CPU than the
// rest of the insert (measured with 4.7 KB outcomes, three writers, batches of 5–15: ~190 µs of
// PostgreSQL CPU per decision with pglz, ~145 µs with lz4, same size on disk). lz4 is there when
// PostgreSQL was built with it (Debian's and most distributions' are); PGlite is not, and keeps
// pglz. Existing rows keep their compression; only new values use lz4.
import { sql, type Kysely } from 'kysely';

/** Whether this database can compress with lz4. */
async function hasLz4(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ available: boolean }>`
    select coalesce('lz4' = any(enumvals), false) as available
    from pg_settings where name = 'default_toast_compression'`.execute(db);
  return rows[0]?.available === true;
}

/** lz4 for `decisions.facts` and `decisions.outcome`, where available. */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(await hasLz4(db))) return;
  await sql`alter table decisions alter column facts set compression lz4, alter column outcome set compression lz4`.execute(
    db,
  );
}

/** Back to the database's default compression. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table decisions alter column facts set compression default, alter column outcome set compression default`.execute(
    db,
  );
}
