// The one place that reads the environment: parsed once with zod into a frozen object that
// `createServer(config)` receives. Nothing else in the server touches `process.env`.
import { createPrivateKey } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isTimeZone } from '@precept/schema';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

const positiveInt = z.coerce.number().int().positive();

/** A secret given as hex or base64, when it decodes to at least 32 bytes. */
export function decodeSecret(value: string): Buffer | undefined {
  const trimmed = value.trim();
  const bytes = /^([0-9a-fA-F]{2})+$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : undefined;
  return bytes !== undefined && bytes.length >= 32 ? bytes : undefined;
}

/** The PEM of an Ed25519 private key given as PEM or as base64 DER, or undefined. */
export function ed25519PrivateKeyPem(value: string): string | undefined {
  try {
    const trimmed = value.trim();
    const key = trimmed.startsWith('-----BEGIN')
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
    return key.asymmetricKeyType === 'ed25519' ? (key.export({ format: 'pem', type: 'pkcs8' }) as string) : undefined;
  } catch {
    return undefined;
  }
}

function isEd25519PrivateKey(value: string): boolean {
  return ed25519PrivateKeyPem(value) !== undefined;
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  PRECEPT_DATA_DIR: z.string().min(1).default('.precept/data'),
  PRECEPT_DEMO: flag.optional(),
  PRECEPT_SEED: flag.default(true),
  PRECEPT_DECISION_LOG: flag.default(true),
  PRECEPT_CONSOLE_DIR: z.string().min(1).optional(),
  PRECEPT_MAX_BODY_BYTES: positiveInt.default(4 * 1024 * 1024),
  PRECEPT_MAX_BATCH_CALLS: positiveInt.default(50),
  PRECEPT_PG_POOL_MAX: positiveInt.default(10),
  PRECEPT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  PRECEPT_DEV_AUTH: flag.default(false),
  PRECEPT_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'an IANA time-zone name this runtime knows, such as Asia/Shanghai')
    .default(DEFAULT_TIME_ZONE),
  PRECEPT_SESSION_TTL_MS: positiveInt.default(12 * 60 * 60 * 1000),
  PRECEPT_SESSION_IDLE_MS: positiveInt.default(2 * 60 * 60 * 1000),
  PRECEPT_SECURE_COOKIES: flag.default(false),
  PRECEPT_SIGNIN_MAX_FAILURES: positiveInt.default(5),
  PRECEPT_SIGNIN_LOCKOUT_MS: positiveInt.default(15 * 60 * 1000),
  PRECEPT_SIGNIN_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  PRECEPT_SCRYPT_COST: z.coerce.number().int().min(10).max(20).default(16),
  PRECEPT_ADMIN_USERNAME: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9._-]{1,63}(,[a-z0-9][a-z0-9._-]{1,63}){0,4}$/,
      'one to five comma-separated usernames of lower-case letters, digits, ".", "_" or "-"',
    )
    .default('admin'),
  PRECEPT_ADMIN_PASSWORD: z.string().min(10).max(256).optional(),
  PRECEPT_DEMO_PASSWORD: z.string().min(8).max(256).optional(),
  PRECEPT_PII_KEY: z
    .string()
    .refine(
      (value) => decodeSecret(value) !== undefined,
      'at least 32 random bytes, as 64+ hex digits or base64 (openssl rand -hex 32)',
    )
    .optional(),
  PRECEPT_PII_ROLES: z
    .string()
    .regex(/^(author|reviewer|auditor|admin)(,(author|reviewer|auditor|admin))*$/, 'comma-separated roles: author, reviewer, auditor, admin')
    .default('auditor'),
  PRECEPT_SIGNING_KEY: z
    .string()
    .refine(isEd25519PrivateKey, 'an Ed25519 private key: PKCS#8 PEM, or its DER in base64')
    .optional(),
  PRECEPT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(1200).default(120),
  PRECEPT_RETENTION_INTERVAL_MS: z.coerce.number().int().min(0).default(6 * 60 * 60 * 1000),
  PRECEPT_METRICS_TOKEN: z
    .string()
    .regex(
      /^[\x21-\x2b\x2d-\x7e]{16,256}(,[\x21-\x2b\x2d-\x7e]{16,256})?$/,
      'a token of 16 to 256 printable characters without spaces or commas, or two such tokens separated by a comma (while rotating)',
    )
    .optional(),
  PRECEPT_ACCESS_LOG: flag.default(true),
  PRECEPT_SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  PRECEPT_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

/** Where the server's database lives: an embedded PGlite data folder, or a PostgreSQL URL. */
export type DatabaseConfig =
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolMax: number };

/** Sign-in, sessions and the first users (see `features/identity`). */
export interface IdentityConfig {
  /** Absolute lifetime of a session. */
  readonly sessionTtlMs: number;
  /** A session also ends after this much inactivity. */
  readonly sessionIdleMs: number;
  /** Mark the session cookie `Secure` (set it when the server is reached over HTTPS). */
  readonly secureCookies: boolean;
  /** Consecutive failed sign-ins that lock an account. */
  readonly maxFailedSignIns: number;
  /** How long a locked account stays locked. */
  readonly lockoutMs: number;
  /** Wait after the first failed sign-in; it doubles with each further failure (at most a minute). */
  readonly signInDelayMs: number;
  /** log2 of scrypt's N for new password hashes (16 = 64 MiB per hash; tests use less). */
  readonly scryptCost: number;
  /**
   * Usernames of the first administrators of a database without users (not the demo). Granting
   * roles takes two administrators, so a real deployment names two (`alice,bob`).
   */
  readonly adminUsernames: readonly string[];
  /** That administrator's password; when unset a random one is generated and printed once. */
  readonly adminPassword: string | undefined;
  /** One password for every demo user of the embedded demo; when unset each gets a printed random one. */
  readonly demoPassword: string | undefined;
}

/** Personal data, signing keys and the decision log's retention (see `features/decisions`, `features/retention`). */
export interface ComplianceConfig {
  /** The HMAC key of pseudonyms (`PRECEPT_PII_KEY`); when unset, see {@link ComplianceConfig.keysDir}. */
  readonly piiKey: Buffer | undefined;
  /** The Ed25519 key that signs evidence packages, as PKCS#8 PEM (`PRECEPT_SIGNING_KEY`). */
  readonly signingKeyPem: string | undefined;
  /**
   * Where keys not given in the environment are generated once and kept (beside the embedded
   * database's data folder: `.precept/data.keys`); null: generate keys for this process only (an
   * in-memory database, or PostgreSQL outside production, with a warning).
   */
  readonly keysDir: string | null;
  /** Roles that see personal values in clear (`PRECEPT_PII_ROLES`, default `auditor`). */
  readonly personalDataRoles: readonly string[];
  /** Retention of decisions, in months, for policies without a period of their own. */
  readonly retentionMonths: number;
  /** How often the retention job runs (0 = never; `retention.run` runs it on demand). */
  readonly retentionIntervalMs: number;
}

/** The server's configuration, parsed from the environment by {@link loadConfig}. */
export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  /** True when `NODE_ENV=production`: no stack traces to clients. */
  readonly isProduction: boolean;
  readonly host: string;
  readonly port: number;
  readonly database: DatabaseConfig;
  /** Load the default subjects and policies into an empty database. */
  readonly seed: boolean;
  /** Also evaluate the demo fact sets once after seeding (default on with PGlite). */
  readonly demo: boolean;
  /** Record server evaluations in the decision log (switch off only to measure its cost). */
  readonly decisionLog: boolean;
  /** The built console to serve, or null when it is not there. */
  readonly consoleDir: string;
  readonly maxBodyBytes: number;
  /** Most calls in one tRPC batch request. */
  readonly maxBatchCalls: number;
  /** How often to mark versions whose successor came into force as `superseded` (0 = never). */
  readonly sweepIntervalMs: number;
  /**
   * `PRECEPT_DEV_AUTH=1`: also accept the development actor header `x-precept-actor` (and, without
   * any credential, act as `dev` with every role). Off by default and refused in production: real
   * callers sign in (session) or send an API key.
   */
  readonly devAuth: boolean;
  /**
   * The business time zone (`PRECEPT_TIME_ZONE`, default Asia/Shanghai): a date — an effective
   * date, an as-of date, a day of the decision log — is a day there. Instants stay instants.
   */
  readonly timeZone: string;
  readonly identity: IdentityConfig;
  readonly compliance: ComplianceConfig;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** One `request` log line per HTTP request (info; probes and scrapes at debug). */
  readonly accessLog: boolean;
  /**
   * `PRECEPT_METRICS_TOKEN`: when set, `/metrics` answers only `Authorization: Bearer <token>` with
   * one of these (two while a token is being rotated); when empty it is open to whoever reaches the
   * port (keep it off the public side of the proxy).
   */
  readonly metricsTokens: readonly string[];
  /**
   * Shutdown: `/readyz` fails at once; the server keeps answering for `delayMs` (so a load balancer
   * sees the failing probe and stops sending), then stops accepting, gives in-flight requests
   * `graceMs`, flushes the decision log and closes the database.
   */
  readonly shutdown: { readonly delayMs: number; readonly graceMs: number };
}

/** The console build next to this package: `apps/console/dist`. */
const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));

/**
 * Parses the environment (default: `process.env`) into a frozen {@link Config}; throws a readable
 * error naming each bad variable. A variable set to the empty string counts as unset (what a compose
 * file's `${NAME:-}` passes when the operator gave nothing).
 *
 * @example
 * const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', PORT: '0' });
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.PRECEPT_DEV_AUTH && e.NODE_ENV === 'production') {
    throw new Error(
      'invalid environment:\n  PRECEPT_DEV_AUTH: the development header is refused in production',
    );
  }
  if (e.NODE_ENV === 'production' && e.DATABASE_URL !== undefined) {
    const missing = (['PRECEPT_PII_KEY', 'PRECEPT_SIGNING_KEY'] as const).filter((name) => e[name] === undefined);
    if (missing.length > 0) {
      throw new Error(
        `invalid environment:\n${missing.map((name) => `  ${name}: required in production (keys are never generated for a shared database)`).join('\n')}`,
      );
    }
  }
  const database: DatabaseConfig =
    e.DATABASE_URL === undefined
      ? { kind: 'pglite', dataDir: e.PRECEPT_DATA_DIR }
      : { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.PRECEPT_PG_POOL_MAX };
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    host: e.HOST,
    port: e.PORT,
    database: Object.freeze(database),
    seed: e.PRECEPT_SEED,
    demo: e.PRECEPT_DEMO ?? database.kind === 'pglite',
    decisionLog: e.PRECEPT_DECISION_LOG,
    consoleDir: e.PRECEPT_CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR,
    maxBodyBytes: e.PRECEPT_MAX_BODY_BYTES,
    maxBatchCalls: e.PRECEPT_MAX_BATCH_CALLS,
    sweepIntervalMs: e.PRECEPT_SWEEP_INTERVAL_MS,
    devAuth: e.PRECEPT_DEV_AUTH,
    timeZone: e.PRECEPT_TIME_ZONE,
    identity: Object.freeze({
      sessionTtlMs: e.PRECEPT_SESSION_TTL_MS,
      sessionIdleMs: e.PRECEPT_SESSION_IDLE_MS,
      secureCookies: e.PRECEPT_SECURE_COOKIES,
      maxFailedSignIns: e.PRECEPT_SIGNIN_MAX_FAILURES,
      lockoutMs: e.PRECEPT_SIGNIN_LOCKOUT_MS,
      signInDelayMs: e.PRECEPT_SIGNIN_DELAY_MS,
      scryptCost: e.PRECEPT_SCRYPT_COST,
      adminUsernames: [...new Set(e.PRECEPT_ADMIN_USERNAME.split(','))],
      adminPassword: e.PRECEPT_ADMIN_PASSWORD,
      demoPassword: e.PRECEPT_DEMO_PASSWORD,
    }),
    compliance: Object.freeze({
      piiKey: e.PRECEPT_PII_KEY === undefined ? undefined : decodeSecret(e.PRECEPT_PII_KEY),
      signingKeyPem: e.PRECEPT_SIGNING_KEY === undefined ? undefined : ed25519PrivateKeyPem(e.PRECEPT_SIGNING_KEY),
      keysDir:
        database.kind === 'pglite' && !database.dataDir.startsWith('memory://')
          ? join(dirname(database.dataDir), `${basename(database.dataDir)}.keys`)
          : null,
      personalDataRoles: Object.freeze([...new Set(e.PRECEPT_PII_ROLES.split(','))]),
      retentionMonths: e.PRECEPT_RETENTION_MONTHS,
      retentionIntervalMs: e.PRECEPT_RETENTION_INTERVAL_MS,
    }),
    logLevel: e.LOG_LEVEL,
    accessLog: e.PRECEPT_ACCESS_LOG,
    metricsTokens: Object.freeze(e.PRECEPT_METRICS_TOKEN?.split(',') ?? []),
    shutdown: Object.freeze({ delayMs: e.PRECEPT_SHUTDOWN_DELAY_MS, graceMs: e.PRECEPT_SHUTDOWN_GRACE_MS }),
  });
}
