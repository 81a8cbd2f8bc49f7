// Prometheus metrics through prom-client: one registry per server (several servers may share a
// process, as in tests) plus the process's own metrics (CPU, memory, event-loop delay, GC) kept
// once per process. Every label takes values from a closed set — route templates, procedure names,
// published policy versions, status codes — never raw request text, so a caller cannot make the
// series grow without bound. The hot paths cache each label combination's child.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DatabaseEvents, PoolStats } from '../db/connection.js';
import type { DecisionWriterObserver } from '../features/decisions/decisions.writer.js';

/** Seconds: from a quarter millisecond (an evaluation) to ten seconds (a large export). */
const LATENCY_BUCKETS = [
  0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** Rows in one decision-log INSERT (the writer takes at most 1000). */
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/** HTTP methods that get their own label value; anything else is `OTHER`. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** What the metrics describe about the server they belong to. */
export interface MetricsInfo {
  serverVersion: string;
  engineVersion: string;
  database: 'pglite' | 'postgres';
}

/** A server's metrics: what the code reports into, and the exposition `/metrics` answers with. */
export interface ServerMetrics {
  /** This server's registry (the process's metrics are added when rendering). */
  readonly registry: Registry;
  /** A request began (in-flight gauge). */
  requestStarted(): void;
  /** A request ended: its method, route template, status and time. */
  requestEnded(method: string, route: string, status: number, seconds: number): void;
  /** A procedure call (tRPC or its REST route) ended with `code` (`OK` or an app error code). */
  callEnded(procedure: string, code: string, seconds: number): void;
  /** `count` decisions of a policy version were made here (`server`) or reported by an SDK (`local`). */
  countDecisions(policyKey: string, version: number, source: 'server' | 'local', count?: number): void;
  /** The decision log's writer reports here. */
  readonly decisionLog: DecisionWriterObserver;
  /** The database connection reports LISTEN losses and reconnects here. */
  readonly database: DatabaseEvents;
  /** Reads the connection pool's use at every scrape. */
  watchPool(stats: () => PoolStats | undefined): void;
  /** Marks the server as shutting down (`precept_shutting_down` 1). */
  markShuttingDown(): void;
  /** The Prometheus text exposition of this server's and the process's metrics. */
  render(): Promise<{ contentType: string; body: string }>;
}

let processRegistry: Registry | undefined;

/**
 * The process's metrics (`process_*`, `nodejs_*`), registered once per process however many servers
 * it runs: each registration starts an event-loop monitor that nothing can stop.
 */
function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** A function from label values to a metric's child, remembering each combination. */
function memoized<T>(make: (...values: string[]) => T): (...values: string[]) => T {
  const children = new Map<string, T>();
  return (...values) => {
    const key = values.join('\u0000');
    let child = children.get(key);
    if (child === undefined) {
      child = make(...values);
      children.set(key, child);
    }
    return child;
  };
}

/**
 * Creates a server's metrics (see docs/operations.md for the list and what each means).
 *
 * @example
 * const metrics = createMetrics({ serverVersion: '0.1.0', engineVersion: ENGINE_VERSION, database: 'pglite' });
 * metrics.requestEnded('GET', '/healthz', 200, 0.0004);
 * const { body } = await metrics.render();
 */
export function createMetrics(info: MetricsInfo): ServerMetrics {
  const registry = new Registry();
  const registers = [registry];

  new Gauge({
    name: 'precept_build_info',
    help: 'The server and rules-engine versions and the database kind (always 1)',
    labelNames: ['version', 'engine_version', 'database'],
    registers,
  }).set({ version: info.serverVersion, engine_version: info.engineVersion, database: info.database }, 1);
  const shuttingDown = new Gauge({
    name: 'precept_shutting_down',
    help: '1 once shutdown has begun (readiness fails from then on)',
    registers,
  });
  shuttingDown.set(0);

  const inFlight = new Gauge({
    name: 'precept_http_requests_in_flight',
    help: 'HTTP requests being answered',
    registers,
  });
  const requests = new Counter({
    name: 'precept_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status (499: the client went away first)',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'precept_http_request_duration_seconds',
    help: 'Time from a request’s arrival to its last byte handed to the socket, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const requestSeries = memoized((method, route, status) => ({
    count: requests.labels(method, route, status),
    seconds: requestSeconds.labels(method, route, status),
  }));

  const calls = new Counter({
    name: 'precept_procedure_calls_total',
    help: 'Procedure calls (tRPC, batched or not, and the REST routes that stand for them), by procedure and app code',
    labelNames: ['procedure', 'code'],
    registers,
  });
  const callSeconds = new Histogram({
    name: 'precept_procedure_call_duration_seconds',
    help: 'Time spent in a procedure (access check, input, service), by procedure',
    labelNames: ['procedure'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const callCount = memoized((procedure, code) => calls.labels(procedure, code));
  const callTime = memoized((procedure) => callSeconds.labels(procedure));

  const decisions = new Counter({
    name: 'precept_decisions_total',
    help: 'Decisions by policy and version: evaluated by this server (source="server") or reported by local evaluators (source="local")',
    labelNames: ['policy', 'version', 'source'],
    registers,
  });
  const decisionSeries = memoized((policy, version, source) => decisions.labels(policy, version, source));

  const queueRows = new Gauge({
    name: 'precept_decision_log_queue_rows',
    help: 'Decisions waiting for the next decision-log INSERT',
    registers,
  });
  queueRows.set(0);
  const batchRows = new Histogram({
    name: 'precept_decision_log_batch_rows',
    help: 'Rows per decision-log INSERT (group commit)',
    buckets: BATCH_BUCKETS,
    registers,
  });
  const flushSeconds = new Histogram({
    name: 'precept_decision_log_flush_duration_seconds',
    help: 'Time of one decision-log INSERT, committed or failed',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const flushFailures = new Counter({
    name: 'precept_decision_log_flush_failures_total',
    help: 'Decision-log INSERTs that failed (their evaluations answered with an error)',
    registers,
  });
  const rowsWritten = new Counter({
    name: 'precept_decision_log_rows_written_total',
    help: 'Decisions committed to the decision log',
    registers,
  });

  const listenConnected = new Gauge({
    name: 'precept_db_listen_connected',
    help: 'Whether the LISTEN connection of a notification channel is up (PostgreSQL)',
    labelNames: ['channel'],
    registers,
  });
  const listenLosses = new Counter({
    name: 'precept_db_listen_losses_total',
    help: 'LISTEN connections lost, by channel (PostgreSQL)',
    labelNames: ['channel'],
    registers,
  });
  const listenReconnects = new Counter({
    name: 'precept_db_listen_reconnects_total',
    help: 'LISTEN connections re-established after a loss, by channel (PostgreSQL)',
    labelNames: ['channel'],
    registers,
  });

  let poolStats: () => PoolStats | undefined = () => undefined;
  // PGlite is one in-process connection: no pool to show (a pool gauge reading 0 would mislead).
  if (info.database === 'postgres') {
    new Gauge({
      name: 'precept_db_pool_connections',
      help: 'PostgreSQL pool connections by state: busy, idle, and max (the limit)',
      labelNames: ['state'],
      registers,
      collect() {
        const stats = poolStats();
        if (stats === undefined) return;
        this.set({ state: 'busy' }, stats.total - stats.idle);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'max' }, stats.max);
      },
    });
    new Gauge({
      name: 'precept_db_pool_waiting_queries',
      help: 'Queries waiting for a PostgreSQL pool connection',
      registers,
      collect() {
        this.set(poolStats()?.waiting ?? 0);
      },
    });
  }

  return {
    registry,
    requestStarted: () => inFlight.inc(),
    requestEnded(method, route, status, seconds) {
      inFlight.dec();
      const series = requestSeries(METHODS.has(method) ? method : 'OTHER', route, String(status));
      series.count.inc();
      series.seconds.observe(seconds);
    },
    callEnded(procedure, code, seconds) {
      callCount(procedure, code).inc();
      callTime(procedure).observe(seconds);
    },
    countDecisions(policyKey, version, source, count = 1) {
      if (count > 0) decisionSeries(policyKey, String(version), source).inc(count);
    },
    decisionLog: {
      queueDepth: (rows) => queueRows.set(rows),
      flushed(rows, seconds, failed) {
        batchRows.observe(rows);
        flushSeconds.observe(seconds);
        if (failed) flushFailures.inc();
        else rowsWritten.inc(rows);
      },
    },
    database: {
      listenLost(channel) {
        listenLosses.inc({ channel });
        listenConnected.set({ channel }, 0);
      },
      listenUp(channel, reconnected) {
        // Zero from the first connection on, so the series exist before anything goes wrong.
        listenReconnects.inc({ channel }, reconnected ? 1 : 0);
        listenLosses.inc({ channel }, 0);
        listenConnected.set({ channel }, 1);
      },
    },
    watchPool(stats) {
      poolStats = stats;
    },
    markShuttingDown: () => shuttingDown.set(1),
    async render() {
      const [own, processOwn] = await Promise.all([registry.metrics(), processMetrics().metrics()]);
      return { contentType: registry.contentType, body: `${own}\n${processOwn}` };
    },
  };
}
