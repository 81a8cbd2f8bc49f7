// The composition root: database → stores/services → tRPC context → HTTP. Nothing here is a
// module-level singleton; every server (several per test process, if need be) owns its own.
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';
import { compile, ENGINE_VERSION, readFieldsOf } from '@precept/rules';
import type { Actor } from '@precept/schema';
import type { Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/connection.js';
import { migrateToLatest } from './db/migrate.js';
import { createAuditService } from './features/audit/audit.service.js';
import { createBundlesService } from './features/bundles/bundles.service.js';
import { createPseudonymiser } from './features/decisions/decisions.personal.js';
import { createDecisionsService } from './features/decisions/decisions.service.js';
import { createEvaluationCache } from './features/evaluation/evaluation.cache.js';
import { createEvaluationService } from './features/evaluation/evaluation.service.js';
import { loadComplianceKeys, type ComplianceKeys } from './features/evidence/evidence.keys.js';
import { createHealthService } from './features/health/health.service.js';
import { createImpactService, type ImpactService } from './features/impact/impact.service.js';
import { readCredential } from './features/identity/identity.credentials.js';
import {
  createIdentityService,
  CREDENTIALS_CHANNEL,
  type Authentication,
  type FirstUsers,
} from './features/identity/identity.service.js';
import {
  createPoliciesService,
  POLICY_CHANNEL,
  type PoliciesService,
} from './features/policies/policies.service.js';
import { createRetentionService } from './features/retention/retention.service.js';
import { createSeedService, type SeedResult } from './features/seed/seed.service.js';
import { createSubjectsService, SUBJECT_CHANNEL } from './features/subjects/subjects.service.js';
import { createTestCasesService } from './features/test-cases/test-cases.service.js';
import {
  createHttpHandler,
  type HeaderReader,
  type IncomingExchange,
  type Readiness,
} from './http/http-handler.js';
import { createStaticHandler } from './http/static-files.js';
import { createLogger, type Logger } from './log/logger.js';
import { withDecisionMetrics } from './metrics/decision-metrics.js';
import { createMetrics, type ServerMetrics } from './metrics/metrics.js';
import {
  DEV_ACTOR_HEADER,
  devActorFromHeaders,
  SYSTEM_ACTOR,
  type Context,
  type Services,
} from './trpc/context.js';
import { createAppCaller } from './trpc/router.js';

/** The version reported in the OpenAPI document. */
export const SERVER_VERSION = '0.1.0';

/** Options for tests and embedding; production passes none. */
export interface CreateServerOptions {
  /** Defaults to a JSON-lines logger at `config.logLevel`. */
  log?: Logger | undefined;
  /** Use this open PGlite instead of `config.database` (tests clone a migrated template). */
  pglite?: PGlite | undefined;
  /** Leave `pglite` open when the server closes. */
  keepPgliteOpen?: boolean | undefined;
  /** The clock (tests pin it); default `() => new Date()`. */
  now?: (() => Date) | undefined;
}

/** A running (or ready to listen) server. */
export interface PreceptServer {
  readonly config: Config;
  readonly log: Logger;
  readonly database: DatabaseHandle;
  readonly services: Services;
  /** This server's Prometheus metrics (served at `/metrics`). */
  readonly metrics: ServerMetrics;
  /** `ready`, `unavailable` (database) or `shutting_down`: what `/readyz` answers. */
  readiness(): Promise<Readiness>;
  /** What seeding did at start. */
  readonly seeded: SeedResult | undefined;
  /** The users created at this start because none existed, with passwords to show once (`main` prints them). */
  readonly firstUsers: FirstUsers | undefined;
  /** The personal-data and evidence-signing keys in use, and where they came from (`main` prints a new public key). */
  readonly keys: Pick<ComplianceKeys, 'signingKeyId' | 'publicKeyPem' | 'piiKeyId' | 'origin'>;
  /**
   * A server-side caller acting as `actor` (default: the development actor `dev` with every role;
   * null: unauthenticated). No credential is checked: this is for tests and in-process use.
   */
  createCaller(actor?: Actor | null): ReturnType<typeof createAppCaller>;
  /** The HTTP request listener (mount it in another server if you like). */
  readonly handler: ReturnType<typeof createHttpHandler>;
  /** Starts listening (default `config.port` / `config.host`; port 0 picks a free one); resolves with the URL. */
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /** Marks superseded versions now (the periodic sweep does this too). */
  sweep(): Promise<string[]>;
  /** Runs the retention job now as the server (the periodic job does this too). */
  runRetention(): ReturnType<Services['retention']['run']>;
  /**
   * Shuts down: readiness fails at once; after `config.shutdown.delayMs` stops accepting
   * connections, finishes in-flight requests (cut after `graceMs`), flushes the decision log and
   * closes the database.
   */
  close(): Promise<void>;
}

/**
 * Builds a server from a configuration: opens the database, runs the migrations, wires the
 * services, subscribes to publish notifications, seeds an empty database and prepares the HTTP
 * handler. It does not listen until `listen()`.
 *
 * @example
 * const server = await createServer(loadConfig({ PORT: '0', PRECEPT_DATA_DIR: 'memory://' }));
 * const { url } = await server.listen();
 * await server.createCaller().policies.list();
 * await server.close();
 */
export async function createServer(
  config: Config,
  options: CreateServerOptions = {},
): Promise<PreceptServer> {
  const log = options.log ?? createLogger(config.logLevel);
  const now = options.now ?? (() => new Date());
  const metrics = createMetrics({
    serverVersion: SERVER_VERSION,
    engineVersion: ENGINE_VERSION,
    database: config.database.kind,
  });
  const database = await openDatabase({
    config: config.database,
    log,
    pglite: options.pglite,
    keepPgliteOpen: options.keepPgliteOpen,
    events: metrics.database,
  });
  metrics.watchPool(() => database.poolStats());
  const cleanups: (() => Promise<void>)[] = [() => database.close()];
  const closeAll = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: unknown) => log.warn('close step failed', { error }));
  };

  try {
    const migrated = await migrateToLatest(database.db);
    if (migrated.length > 0)
      log.info('migrated the database', { migrations: migrated, database: database.kind });

    const { db } = database;
    const keys = await loadComplianceKeys(config.compliance, log);
    const cache = createEvaluationCache();
    const audit = createAuditService({ db, now, signer: keys });
    // The decision log caches which subject fields are personal; a new subject version resets it.
    const lateDecisions: { forget?: (subjectKey: string) => void } = {};
    const subjects = createSubjectsService({ db, audit, now, onChanged: (key) => lateDecisions.forget?.(key) });
    // Test cases live in policy versions; policies need the test cases (and the impact gate). Bind late.
    const late: { policies?: PoliciesService; impact?: ImpactService } = {};
    const testCases = createTestCasesService({
      db,
      audit,
      now,
      resolveVersion: (handle, key, version) => late.policies!.resolveVersion(handle, key, version),
      openForEdit: (trx, actor, key, version) => late.policies!.openForTestEdit(trx, actor, key, version),
    });
    const policies = createPoliciesService({
      db,
      audit,
      subjects,
      testCases,
      now,
      onWindowsChanged: (key) => cache.invalidate(key),
      timeZone: config.timeZone,
      impact: () => late.impact!,
    });
    late.policies = policies;
    // PGlite has one connection; on PostgreSQL a few decision-log inserts overlap (a third of the
    // pool at most, so evaluations' reads always find a connection).
    const decisions = createDecisionsService({
      db,
      audit,
      now,
      writesInFlight:
        config.database.kind === 'postgres'
          ? Math.max(1, Math.min(4, Math.floor(config.database.poolMax / 3)))
          : 1,
      pseudonymiser: createPseudonymiser(keys.piiKey, keys.piiKeyId),
      signer: keys,
      personalDataRoles: config.compliance.personalDataRoles,
      subjectVersions: (key) => subjects.versions(key),
      subjectOfPolicy: async (key) => (await policies.get(key)).policy.subjectKey,
      // The document as the evaluator compiled it (validated, defaults applied): compact outcomes join it.
      versionDocument: async (key, version) => {
        const source = await policies.getCompilable(key, version);
        return compile(source.document, source.subject).document;
      },
      writerObserver: metrics.decisionLog,
    });
    lateDecisions.forget = (key) => decisions.forgetClassification(key);
    cleanups.push(() => decisions.drain());
    // The months the log writes into now and soon exist before the first evaluation.
    await decisions.months.prepareAround(now());
    const retention = createRetentionService({
      db,
      audit,
      months: decisions.months,
      now,
      log,
      assertPolicy: async (key) => {
        await policies.get(key);
      },
    });
    await retention.applyDefault(SYSTEM_ACTOR, config.compliance.retentionMonths);
    const impact = createImpactService({ db, decisions, policies, now, log, timeZone: config.timeZone });
    late.impact = impact;
    cleanups.push(() => impact.close());
    const evaluation = withDecisionMetrics(
      createEvaluationService({
        policies,
        decisions,
        cache,
        now,
        log,
        decisionLog: config.decisionLog,
        timeZone: config.timeZone,
      }),
      metrics,
    );
    const bundles = createBundlesService({
      policies,
      subjects,
      now,
      timeZone: config.timeZone,
      signer: keys,
    });
    const health = createHealthService({ database });
    const identity = createIdentityService({
      db,
      audit,
      now,
      log,
      config: config.identity,
      systemActor: SYSTEM_ACTOR,
    });
    const services: Services = {
      audit,
      subjects,
      policies,
      testCases,
      decisions,
      evaluation,
      bundles,
      health,
      identity,
      retention,
      impact,
    };

    // Other instances' publishes arrive here; a lost connection may have missed some, so forget all.
    const unlisten = await database.listen(
      POLICY_CHANNEL,
      (policyKey) => evaluation.invalidate(policyKey),
      () => evaluation.invalidateAll(),
    );
    cleanups.push(unlisten);
    // Revoked keys, ended sessions and changed accounts elsewhere: forget what this instance cached.
    const unlistenCredentials = await database.listen(
      CREDENTIALS_CHANNEL,
      (owner) => identity.forgetCredentials(owner),
      () => identity.forgetAllCredentials(),
    );
    cleanups.push(unlistenCredentials);
    // A subject saved on another instance may have marked fields personal: forget what is cached.
    const unlistenSubjects = await database.listen(
      SUBJECT_CHANNEL,
      (key) => decisions.forgetClassification(key),
      () => decisions.forgetAllClassifications(),
    );
    cleanups.push(unlistenSubjects);

    const seeded = config.seed
      ? await createSeedService({ db, subjects, policies, evaluation, log, actor: SYSTEM_ACTOR }).seed({
          demo: config.demo,
        })
      : undefined;

    // Demo users only for the embedded demo; a real database gets one admin, never a fixed password.
    const firstUsers = await identity.createFirstUsers({
      demo: config.demo && database.kind === 'pglite',
    });

    const sweep = (): Promise<string[]> => policies.settleSuperseded(SYSTEM_ACTOR);
    await sweep();
    if (config.sweepIntervalMs > 0) {
      const timer = setInterval(() => {
        sweep().catch((error: unknown) => log.warn('superseded sweep failed', { error }));
      }, config.sweepIntervalMs);
      timer.unref();
      cleanups.push(() => {
        clearInterval(timer);
        return Promise.resolve();
      });
    }

    const runRetention = () => retention.run(SYSTEM_ACTOR);
    if (config.compliance.retentionIntervalMs > 0) {
      const timer = setInterval(() => {
        runRetention().catch((error: unknown) => log.warn('retention run failed', { error }));
      }, config.compliance.retentionIntervalMs);
      timer.unref();
      cleanups.push(() => {
        clearInterval(timer);
        return Promise.resolve();
      });
    }

    // Decisions recorded before the log minimised personal data are minimised once, in the background.
    let stopMinimising = false;
    const versionReads = new Map<string, Promise<readonly string[]>>();
    const readsOf = (policyKey: string, version: number): Promise<readonly string[]> => {
      const key = `${policyKey}@${version}`;
      let reads = versionReads.get(key);
      if (reads === undefined) {
        reads = policies.getCompilable(policyKey, version).then((source) => readFieldsOf(compile(source.document, source.subject).document));
        versionReads.set(key, reads);
      }
      return reads;
    };
    const minimising = decisions
      .minimiseRecorded(SYSTEM_ACTOR, readsOf, { shouldStop: () => stopMinimising })
      .then((count) => {
        if (count > 0) log.info('decisions recorded before minimisation were minimised', { count });
      })
      .catch((error: unknown) => log.warn('minimising decisions recorded before minimisation failed', { error }));
    cleanups.push(async () => {
      stopMinimising = true;
      await minimising;
    });

    const signingKey = { algorithm: 'Ed25519' as const, keyId: keys.signingKeyId, publicKey: keys.publicKeyPem };
    const contextFor = (
      authenticate: () => Promise<Authentication>,
      http: IncomingExchange | null,
    ): Context => ({
      actor: null,
      grant: null,
      authenticate,
      http,
      services,
      log: http?.log ?? log,
      requestId: http?.requestId ?? null,
      metrics,
      exposeStacks: !config.isProduction,
      database: database.kind,
      timeZone: config.timeZone,
      signingKey,
      personalDataRoles: config.compliance.personalDataRoles,
    });
    // A session (cookie or bearer) or an API key; the development header only with PRECEPT_DEV_AUTH=1
    // and only when no real credential is presented.
    const authenticateRequest = (headers: HeaderReader): Promise<Authentication> => {
      const credential = readCredential(headers);
      if (credential !== undefined || !config.devAuth) return identity.authenticate(credential);
      const actor = devActorFromHeaders(headers);
      const problem = actor === null ? `the ${DEV_ACTOR_HEADER} header is malformed` : null;
      return Promise.resolve({ actor, grant: null, sessionId: null, problem, mustChangePassword: false });
    };
    // Shutdown fails readiness first, before anything stops: a load balancer moves traffic away.
    let shuttingDown = false;
    const readiness = async (): Promise<Readiness> => {
      if (shuttingDown) return 'shutting_down';
      const healthy = (await health.check()).status === 'ok';
      if (shuttingDown) return 'shutting_down';
      return healthy ? 'ready' : 'unavailable';
    };
    const handler = createHttpHandler({
      log,
      createContext: (exchange) => {
        let authentication: Promise<Authentication> | undefined;
        return contextFor(() => (authentication ??= authenticateRequest(exchange.headers)), exchange);
      },
      readiness,
      metrics,
      metricsTokens: config.metricsTokens,
      accessLog: config.accessLog,
      maxBodyBytes: config.maxBodyBytes,
      maxBatchCalls: config.maxBatchCalls,
      serveConsole: await createStaticHandler(config.consoleDir),
      serverVersion: SERVER_VERSION,
    });

    let httpServer: Server | undefined;
    let closing: Promise<void> | undefined;
    const defaultActor = devActorFromHeaders(new Headers());

    return {
      config,
      log,
      database,
      services,
      metrics,
      readiness,
      seeded,
      firstUsers,
      keys: { signingKeyId: keys.signingKeyId, publicKeyPem: keys.publicKeyPem, piiKeyId: keys.piiKeyId, origin: keys.origin },
      handler,
      createCaller: (actor) => {
        const authentication = Promise.resolve({
          actor: actor === undefined ? defaultActor : actor,
          grant: null,
          sessionId: null,
          problem: null,
          mustChangePassword: false,
        });
        return createAppCaller(contextFor(() => authentication, null));
      },
      sweep,
      runRetention,
      async listen(port = config.port, host = config.host) {
        if (httpServer !== undefined) throw new Error('the server is already listening');
        const server = createHttpServer(handler);
        server.keepAliveTimeout = 5000;
        httpServer = server;
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, host, () => {
            server.off('error', reject);
            resolve();
          });
        });
        const address = server.address() as AddressInfo;
        const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        return { port: address.port, url: `http://${shownHost}:${address.port}` };
      },
      close() {
        closing ??= (async () => {
          shuttingDown = true;
          metrics.markShuttingDown();
          const server = httpServer;
          if (server !== undefined) {
            const { delayMs, graceMs } = config.shutdown;
            if (delayMs > 0) {
              log.info('readiness fails; still answering before closing', { delayMs });
              await delay(delayMs);
            }
            const closed = new Promise<void>((resolve) => server.close(() => resolve()));
            server.closeIdleConnections();
            // In-flight requests get a grace period; then remaining connections are cut (their
            // work still completes, and its decisions are flushed below).
            const grace = setTimeout(() => server.closeAllConnections(), graceMs);
            grace.unref();
            await closed;
            clearTimeout(grace);
          }
          await closeAll();
        })();
        return closing;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
