// Scratch PostgreSQL databases for the benchmarks, and the keys a production-mode server needs.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The compliance keys of the bench's servers (production mode takes them from the environment):
 * made once per run, never stored.
 */
export const BENCH_KEYS = {
  PRECEPT_PII_KEY: randomBytes(32).toString('hex'),
  PRECEPT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
} as const;

/** A database on the server of `serverUrl`: its URL, and how to drop it. */
export interface ScratchDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** Creates `precept_bench_<random>` (or `name`) on the server of `serverUrl`. */
export async function createScratchDatabase(serverUrl: string, name?: string): Promise<ScratchDatabase> {
  const database = name ?? `precept_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  return { url: databaseUrlOf(serverUrl, database), drop: () => dropDatabase(serverUrl, database) };
}

/** The URL of `database` on the server of `serverUrl`. */
export function databaseUrlOf(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Drops `database` (closing its connections). */
export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
