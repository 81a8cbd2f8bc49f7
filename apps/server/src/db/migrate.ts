import { Migrator, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { LATEST_MIGRATION, migrationProvider } from './migrations/migration-provider.js';

/**
 * Runs every pending migration (Kysely's migrator takes its own lock, so several instances starting
 * together run each migration once). Returns the names it ran; throws when one fails.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed`, { cause: error });
  }
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}

/** True when the newest migration this build knows has been applied. */
export async function isMigrated(db: Kysely<Database>): Promise<boolean> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const migrations = await migrator.getMigrations();
  return migrations.some(
    (migration) => migration.name === LATEST_MIGRATION && migration.executedAt !== undefined,
  );
}
