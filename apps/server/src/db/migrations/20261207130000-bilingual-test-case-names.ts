// A test case's name is read in the console's language: both languages (`{ zh, en }`) or, as
// before, one text as written. The column becomes jsonb; a name written before stays the JSON
// string it was, so the tests hash of a version submitted before this migration is unchanged.
import { sql, type Kysely } from 'kysely';

/** Turns `test_cases.name` into jsonb, keeping every name as written. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table test_cases alter column name type jsonb using to_jsonb(name)`.execute(db);
}

/** Back to text: a bilingual name keeps its Chinese text. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table test_cases alter column name type text
    using case jsonb_typeof(name) when 'string' then name #>> '{}' else name ->> 'zh' end`.execute(db);
}
