// Opens the database the configuration names — an embedded PGlite data folder by default, or
// PostgreSQL through a `pg` pool — behind one Kysely handle, plus the LISTEN side channel that tells
// instances about publishes.
import { mkdir } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import type { Logger } from '../log/logger.js';
import type { Database } from './database.js';

/** A notification handler: the payload of `pg_notify(channel, payload)`. */
export type NotificationHandler = (payload: string) => void;

/** The `pg` pool's connections at a moment (PostgreSQL only). */
export interface PoolStats {
  /** The pool's size limit. */
  max: number;
  /** Connections open, busy or idle. */
  total: number;
  /** Open connections waiting for a query. */
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

/** What the database side reports as it works, for metrics (optional). */
export interface DatabaseEvents {
  /** A LISTEN connection is up: at subscription, or `reconnected` after a loss. */
  listenUp?(channel: string, reconnected: boolean): void;
  /** A LISTEN connection was lost (a reconnect with backoff follows). */
  listenLost?(channel: string): void;
}

/** An open database: the Kysely handle, LISTEN, a liveness check and close. */
export interface DatabaseHandle {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<Database>;
  /**
   * Subscribes to a notification channel. `onReconnect` runs after the listening connection was
   * lost and re-established: notifications may have been missed in between.
   */
  listen(
    channel: string,
    handler: NotificationHandler,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** The connection pool's use now; undefined for PGlite (one in-process connection). */
  poolStats(): PoolStats | undefined;
  close(): Promise<void>;
}

/** What {@link openDatabase} may be given instead of a configuration: an open PGlite (tests). */
export interface OpenDatabaseOptions {
  config: DatabaseConfig;
  log: Logger;
  /** Use this PGlite instead of opening `config.dataDir` (tests clone one migrated template). */
  pglite?: PGlite | undefined;
  /** Leave `pglite` open on close (it belongs to the caller). */
  keepPgliteOpen?: boolean | undefined;
  /** Told when a LISTEN connection is lost and restored (metrics). */
  events?: DatabaseEvents | undefined;
}

/** Channel names are identifiers we choose; quote them anyway so LISTEN never sees raw input. */
function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function openPglite(options: OpenDatabaseOptions, dataDir: string): Promise<DatabaseHandle> {
  let pglite = options.pglite;
  if (pglite === undefined) {
    if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
    pglite = new PGlite(dataDir);
  }
  await pglite.waitReady;
  const client = pglite;
  const owned = options.pglite === undefined || options.keepPgliteOpen !== true;
  // The dialect closes its client on destroy; hand it a wrapper whose close is ours to decide.
  const db = new Kysely<Database>({
    dialect: new PGliteDialect(
      new Proxy(client, {
        get(target, property, receiver) {
          if (property === 'close') return () => Promise.resolve();
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function'
            ? (value as (...args: unknown[]) => unknown).bind(target)
            : value;
        },
      }),
    ),
  });
  return {
    kind: 'pglite',
    db,
    async listen(channel, handler) {
      const unlisten = await client.listen(channel, handler);
      return async () => {
        if (!client.closed) await unlisten();
      };
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    poolStats: () => undefined,
    async close() {
      await db.destroy();
      if (owned && !client.closed) await client.close();
    },
  };
}

function openPostgres(options: OpenDatabaseOptions, url: string, poolMax: number): DatabaseHandle {
  const { log, events } = options;
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  // Without this listener an idle client's error (a database restart, pg_terminate_backend) is an
  // unhandled 'error' event and kills the process. The pool drops that client; the next request
  // gets a fresh connection.
  pool.on('error', (error) => log.warn('database connection lost (idle client)', { error: error.message }));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const listeners: { stop: () => Promise<void> }[] = [];

  return {
    kind: 'postgres',
    db,
    async listen(channel, handler, onReconnect) {
      let client: pg.Client | undefined;
      let stopped = false;
      let reconnecting = false;

      const connect = async (isReconnect: boolean): Promise<void> => {
        const next = new pg.Client({ connectionString: url });
        next.on('error', (error) => {
          log.warn('notification connection lost', { channel, error: error.message });
          lost(next);
        });
        next.on('end', () => lost(next));
        next.on('notification', (message) => {
          if (message.channel === channel) handler(message.payload ?? '');
        });
        try {
          await next.connect();
          await next.query(`listen ${quoteIdent(channel)}`);
        } catch (error) {
          next.removeAllListeners();
          next.on('error', () => undefined);
          await next.end().catch(() => undefined);
          throw error;
        }
        if (stopped) {
          await next.end().catch(() => undefined);
          return;
        }
        client = next;
        events?.listenUp?.(channel, isReconnect);
        if (isReconnect) {
          log.info('notification connection restored', { channel });
          onReconnect?.();
        }
      };

      const lost = (failed: pg.Client): void => {
        if (stopped || client !== failed) return;
        client = undefined;
        events?.listenLost?.(channel);
        failed.removeAllListeners('notification');
        failed.end().catch(() => undefined);
        if (!reconnecting) void reconnect();
      };

      // Retries with exponential backoff (100 ms doubling to 5 s) until connected or stopped.
      const reconnect = async (): Promise<void> => {
        reconnecting = true;
        for (let attempt = 0; !stopped; attempt += 1) {
          await delay(Math.min(5000, 100 * 2 ** attempt), undefined, { ref: false });
          if (stopped) break;
          try {
            await connect(true);
            break;
          } catch (error) {
            log.warn('notification reconnect failed', { channel, error: (error as Error).message });
          }
        }
        reconnecting = false;
      };

      await connect(false);
      const stop = async (): Promise<void> => {
        stopped = true;
        const current = client;
        client = undefined;
        if (current !== undefined) await current.end().catch(() => undefined);
      };
      listeners.push({ stop });
      return stop;
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    poolStats: () => ({
      max: poolMax,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
    async close() {
      await Promise.all(listeners.map((listener) => listener.stop()));
      await db.destroy();
    },
  };
}

/**
 * Opens the configured database: PGlite at `config.dataDir` (created if missing), or PostgreSQL at
 * `config.url` through a `pg` pool with an `error` listener.
 *
 * @example
 * const handle = await openDatabase({ config: { kind: 'pglite', dataDir: '.precept/data' }, log });
 * await handle.ping();
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const { config } = options;
  return config.kind === 'pglite'
    ? openPglite(options, config.dataDir)
    : Promise.resolve(openPostgres(options, config.url, config.poolMax));
}
