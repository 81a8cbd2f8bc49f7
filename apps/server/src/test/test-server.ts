// Test servers on a real database: PGlite cloned from a migrated, seeded template (one template
// per test file, one clone per server), and — when DATABASE_URL is set — PostgreSQL databases
// created from this run's template database. Suites run against each with `describe.each(PROVIDERS)`.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../config.js';
import { createLogger, type Logger } from '../log/logger.js';
import { createServer, type PreceptServer } from '../server.js';
import { databaseUrl } from './global-setup.js';

/** A database provider the suites run against. */
export type Provider = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL when DATABASE_URL is set. */
export const PROVIDERS: Provider[] = inject('pgAdminUrl') === '' ? ['pglite'] : ['pglite', 'postgres'];

/** A server for one test, with the means to reach its database directly. */
export interface TestServer {
  provider: Provider;
  server: PreceptServer;
  /** The caller acting as the development actor `dev` (every role). */
  caller: ReturnType<PreceptServer['createCaller']>;
  config: Config;
  /** PostgreSQL: this test's database URL. */
  databaseUrl?: string | undefined;
  /** PGlite: this test's instance. */
  pglite?: PGlite | undefined;
  /** Closes the server (and drops the PostgreSQL database). */
  close(): Promise<void>;
}

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  now?: () => Date;
  log?: Logger;
  env?: Record<string, string>;
  /** PGlite: leave the database open when the server closes (until the test server's `close`), to look at it afterwards. */
  keepPgliteOpen?: boolean;
}

let template: Promise<PGlite> | undefined;

/** This file's migrated and seeded PGlite template. */
function pgliteTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const pglite = new PGlite();
    const server = await createServer(baseConfig({}), {
      pglite,
      keepPgliteOpen: true,
      log: createLogger('warn'),
    });
    await server.close();
    return pglite;
  })();
  return template;
}

/** This process's compliance keys: fixed for the run, so every server of it pseudonymises alike. */
const TEST_KEYS = {
  PRECEPT_PII_KEY: randomBytes(32).toString('hex'),
  PRECEPT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
};

function baseConfig(env: Record<string, string>): Config {
  return loadConfig({
    PRECEPT_DATA_DIR: 'memory://',
    PRECEPT_DEMO: '0',
    PRECEPT_SWEEP_INTERVAL_MS: '0',
    PRECEPT_PG_POOL_MAX: '4',
    PRECEPT_CONSOLE_DIR: '/nonexistent',
    // Tests name callers with the development header over HTTP; cheap password hashes keep them fast.
    PRECEPT_DEV_AUTH: '1',
    PRECEPT_SCRYPT_COST: '10',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    // No retention job in the background of a test: tests run it when they mean to.
    PRECEPT_RETENTION_INTERVAL_MS: '0',
    ...TEST_KEYS,
    ...env,
  });
}

let counter = 0;

/** A fresh PostgreSQL database cloned from this run's template; returns its URL. */
async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const prefix = inject('pgPrefix');
  counter += 1;
  const name = `${prefix}_${process.pid}_${counter}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // CREATE DATABASE … TEMPLATE needs the template to be idle; another worker may be copying it.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await admin.query(`create database "${name}" template "${prefix}_tpl"`);
        break;
      } catch (error) {
        if (attempt >= 50 || (error as { code?: string }).code !== '55006') throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrl(adminUrl, name),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

/** Starts a server on a fresh copy of the seeded database of `provider`. */
export async function startTestServer(
  provider: Provider,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const log = options.log ?? createLogger('silent');
  if (provider === 'pglite') {
    const pglite = (await (await pgliteTemplate()).clone()) as PGlite;
    const config = baseConfig(options.env ?? {});
    const keepPgliteOpen = options.keepPgliteOpen === true;
    const server = await createServer(config, { pglite, keepPgliteOpen, log, now: options.now });
    return {
      provider,
      server,
      caller: server.createCaller(),
      config,
      pglite,
      close: async () => {
        await server.close();
        if (keepPgliteOpen && !pglite.closed) await pglite.close();
      },
    };
  }
  const database = await createPostgresDatabase();
  const config = baseConfig({ DATABASE_URL: database.url, ...options.env });
  const server = await createServer(config, { log, now: options.now });
  return {
    provider,
    server,
    caller: server.createCaller(),
    config,
    databaseUrl: database.url,
    close: async () => {
      await server.close();
      await database.drop();
    },
  };
}

/**
 * A second server instance on the same database as `first` (another process in production):
 * PostgreSQL through its own pool and LISTEN connection; PGlite on the same instance, which
 * delivers NOTIFY to its listeners the same way. Use the two one call at a time on PGlite (one
 * connection underneath).
 */
export async function startSecondServer(
  first: TestServer,
  options: TestServerOptions = {},
): Promise<PreceptServer> {
  const log = options.log ?? createLogger('silent');
  if (first.provider === 'pglite') {
    return createServer(first.config, { pglite: first.pglite, keepPgliteOpen: true, log, now: options.now });
  }
  return createServer(first.config, { log, now: options.now });
}

/** Runs raw SQL on a test server's database (tamper tests, pool-error tests). */
/**
 * Runs statements as a superuser who switched triggers off for the session
 * (`session_replication_role = replica`): the one way past the guards of the compliance record,
 * and what tests of tamper detection simulate. No DDL is involved, so the DDL guard does not see it.
 */
export async function tamperAsSuperuser(test: TestServer, statements: readonly string[]): Promise<void> {
  const all = ['set session_replication_role = replica', ...statements, 'set session_replication_role = origin'];
  if (test.pglite !== undefined) {
    for (const statement of all) await test.pglite.query(statement);
    return;
  }
  const client = new pg.Client({ connectionString: test.databaseUrl });
  await client.connect();
  try {
    for (const statement of all) await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function rawQuery<T = Record<string, unknown>>(
  test: TestServer,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (test.pglite !== undefined) return (await test.pglite.query<T>(text, params)).rows;
  const client = new pg.Client({ connectionString: test.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
