import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';

/** Serialises seeding across instances starting together on one database. */
export async function lockSeeding(trx: Trx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('precept.seed'))`.execute(trx);
}

/** True when no subject and no policy exists yet. */
export async function isDatabaseEmpty(trx: Trx): Promise<boolean> {
  const policies = await trx.selectFrom('policies').select('key').limit(1).execute();
  const subjects = await trx.selectFrom('subjects').select('key').limit(1).execute();
  return policies.length === 0 && subjects.length === 0;
}
