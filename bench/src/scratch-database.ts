// Scratch PostgreSQL databases for the benchmarks, and the keys a production-mode server needs.
import { createHash, createPrivateKey, randomBytes } from 'node:crypto';
import pg from 'pg';

/** 32 bytes derived from a label: the bench's keys are the same in every run. */
const benchSecret = (label: string): Buffer => createHash('sha256').update(`precept-bench:${label}`).digest();

/** PKCS#8 DER of an Ed25519 private key: this fixed prefix, then the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The compliance keys of the bench's servers (production mode takes them from the environment).
 * Fixed, not random: a database kept with `--database=NAME` holds pseudonyms made with the key of
 * the run that loaded it, and a later run must make the same ones to find a person's decisions.
 * They protect nothing but synthetic bench data.
 */
export const BENCH_KEYS = {
  PRECEPT_PII_KEY: benchSecret('pii').toString('hex'),
  PRECEPT_SIGNING_KEY: createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, benchSecret('signing')]),
    format: 'der',
    type: 'pkcs8',
  }).export({ format: 'pem', type: 'pkcs8' }) as string,
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
