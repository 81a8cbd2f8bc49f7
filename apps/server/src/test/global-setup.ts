// Once per test run: when DATABASE_URL is set, create a fresh template database
// `precept_test_<random>_tpl` (migrated and seeded) from which every test clones its own database;
// drop every `precept_test_<random>*` database afterwards. The database DATABASE_URL names is only
// used to run CREATE / DROP DATABASE — never assumed disposable.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../config.js';
import { createLogger } from '../log/logger.js';
import { createServer } from '../server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL (DATABASE_URL), or empty when PostgreSQL tests are off. */
    pgAdminUrl: string;
    /** Prefix of this run's databases; the template is `${prefix}_tpl`. */
    pgPrefix: string;
  }
}

/** The URL of database `name` on the server of `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.DATABASE_URL ?? '';
  const prefix = `precept_test_${randomBytes(6).toString('hex')}`;
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgPrefix', prefix);
  if (adminUrl === '') return () => Promise.resolve();

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${prefix}_tpl`);
  await admin.end();
  const server = await createServer(
    loadConfig({
      DATABASE_URL: databaseUrl(adminUrl, `${prefix}_tpl`),
      PRECEPT_DEMO: '0',
      PRECEPT_SWEEP_INTERVAL_MS: '0',
      PRECEPT_PG_POOL_MAX: '2',
    }),
    { log: createLogger('warn') },
  );
  await server.close();

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
    await client.end();
  };
}
