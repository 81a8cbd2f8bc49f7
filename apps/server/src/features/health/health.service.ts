import type { DatabaseHandle } from '../../db/connection.js';
import { isMigrated } from '../../db/migrate.js';

/** Dependencies of {@link createHealthService}. */
export interface HealthServiceDeps {
  database: DatabaseHandle;
}

/** Readiness: the database answers and has every migration this build knows. */
export interface HealthService {
  check(): Promise<{ status: 'ok' | 'unavailable'; database: 'pglite' | 'postgres'; migrated: boolean }>;
}

/** Creates the {@link HealthService}. */
export function createHealthService({ database }: HealthServiceDeps): HealthService {
  let migrated = false;
  return {
    async check() {
      try {
        await database.ping();
        // Once migrated, always migrated for this process: skip the lookup on every probe.
        if (!migrated) migrated = await isMigrated(database.db);
        return { status: migrated ? 'ok' : 'unavailable', database: database.kind, migrated };
      } catch {
        return { status: 'unavailable', database: database.kind, migrated };
      }
    },
  };
}
