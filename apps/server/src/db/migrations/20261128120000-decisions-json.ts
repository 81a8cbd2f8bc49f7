// The decision log's facts and outcome become `json`: the server inserts one JSON text per batch,
// and `json` keeps each value's text as sent (no parse into jsonb's binary form on every insert,
// key order as written). Nothing reads inside these columns in SQL; they are read back whole.
import { sql, type Kysely } from 'kysely';

const UP = [
  'alter table decisions alter column facts type json using facts::json',
  'alter table decisions alter column outcome type json using outcome::json',
];

const DOWN = [
  'alter table decisions alter column facts type jsonb using facts::jsonb',
  'alter table decisions alter column outcome type jsonb using outcome::jsonb',
];

/** Turns `decisions.facts` and `decisions.outcome` into `json`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

/** Turns them back into `jsonb`. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
