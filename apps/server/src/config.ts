// The one place that reads the environment: parsed once with zod into a frozen object that
// `createServer(config)` receives. Nothing else in the server touches `process.env`.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

const positiveInt = z.coerce.number().int().positive();

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
  PRECEPT_DEV_ACTORS: flag.default(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

/** Where the server's database lives: an embedded PGlite data folder, or a PostgreSQL URL. */
export type DatabaseConfig =
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolMax: number };

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
   * Accept the development actor header `x-precept-actor` (until real identities exist). The
   * server binds to 127.0.0.1 by default for this reason.
   */
  readonly devActors: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

/** The console build next to this package: `apps/console/dist`. */
const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));

/**
 * Parses the environment (default: `process.env`) into a frozen {@link Config}; throws a readable
 * error naming each bad variable.
 *
 * @example
 * const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', PORT: '0' });
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
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
    devActors: e.PRECEPT_DEV_ACTORS,
    logLevel: e.LOG_LEVEL,
  });
}
