// A policy's owner is a name people read in the console's language: both languages (`{ zh, en }`)
// or, as before, one text as written. The column becomes jsonb; an owner written before stays the
// JSON string it was.
import { sql, type Kysely } from 'kysely';

/** Turns `policies.owner` into jsonb, keeping every owner as written. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table policies alter column owner type jsonb using to_jsonb(owner)`.execute(db);
}

/** Back to text: a bilingual owner keeps its Chinese name. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table policies alter column owner type text
    using case jsonb_typeof(owner) when 'string' then owner #>> '{}' else owner ->> 'zh' end`.execute(db);
}
