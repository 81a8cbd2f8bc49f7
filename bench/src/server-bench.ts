// The server rows: the real Precept server (createServer/loadConfig from @precept/server) in a child
// process on loopback, loaded by autocannon from this process at 50 connections, against a bare
// node:http JSON echo in the same run; decision log on and off, on PGlite and on PostgreSQL (a scratch
// database created for the run and dropped after it); then evaluateBatch of 100,000 fact sets.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compile, evaluate } from '@precept/rules';
import {
  LIMITS,
  findGuidelinePolicy,
  findGuidelineSubject,
  generateDemoFacts,
  type OutcomeOf,
} from '@precept/schema';
import pg from 'pg';
import { runLoad, type LoadCase, type LoadResult } from './load-run.js';

/** The policy every server request evaluates. */
const POLICY_KEY = 'service-performance-scorecard';
/** The as-of of every request: inside the default policies' first effective window. */
const AS_OF = '2026-03-31';
/** Connections of every load run. */
const CONNECTIONS = 50;

/** One load run of one configuration. */
export interface ServerRun extends LoadResult {
  readonly id: string;
  readonly label: string;
  readonly database: 'none' | 'pglite' | 'postgres';
  readonly decisionLog: boolean | null;
  /** This run's requests/s ÷ the echo's. */
  readonly vsEcho: number | null;
}

/** One evaluateBatch run. */
export interface BatchRun {
  readonly database: 'pglite' | 'postgres';
  readonly decisionLog: boolean;
  readonly factSets: number;
  /** Fact sets per request: the server's batch limit. */
  readonly chunk: number;
  readonly requests: number;
  readonly seconds: number;
  readonly wrongOutcomes: number;
  readonly errors: number;
}

/** Everything the server part measured. */
export interface ServerReport {
  readonly endpoint: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly runs: ServerRun[];
  readonly batches: BatchRun[];
  /** Server requests/s (PostgreSQL, decision log off) ÷ echo requests/s. */
  readonly serverVsEcho: number | null;
  /** Server requests/s with the decision log on ÷ off, PostgreSQL. */
  readonly loggedVsUnlogged: number | null;
  /** PGlite's logged ÷ unlogged, for comparison. */
  readonly loggedVsUnloggedPglite: number | null;
  readonly notes: string[];
}

/** How long and on what to run. */
export interface ServerBenchOptions {
  readonly quick: boolean;
  readonly log: (message: string) => void;
  /** The PostgreSQL server to create the scratch database on (default `DATABASE_URL`, else local). */
  readonly databaseUrl?: string;
  /** Write a V8 CPU profile of each server process into this folder (`node --cpu-prof`). */
  readonly profileDir?: string;
}

interface Child {
  readonly process: ChildProcess;
  readonly port: number;
}

/** Starts a child process that reports `{ port }` (or `{ error }`) once it listens. */
function startChild(
  entry: string,
  env: Record<string, string>,
  execArgv: string[] = [],
  timeoutMs = 120_000,
): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(entry, import.meta.url), [], {
      env: { ...process.env, ...env },
      execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('message', (message: { port?: number; error?: string }) => {
      clearTimeout(timer);
      if (message.port === undefined) reject(new Error(`${entry} failed: ${message.error ?? stderr}`));
      else resolve({ process: child, port: message.port });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}: ${stderr}`));
    });
  });
}

/** Stops a child: SIGTERM (graceful shutdown), SIGKILL after 15 s. */
function stopChild(child: Child): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.process.kill('SIGKILL'), 15_000);
    child.process.removeAllListeners('exit');
    child.process.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.process.kill('SIGTERM');
  });
}

interface ExpectedCase {
  readonly facts: Record<string, unknown>;
  readonly total: number;
  readonly grade: string | null;
}

/** The demo outlet-period fact sets and the total and grade each must get, computed in this process. */
function expectedCases(): ExpectedCase[] {
  const policy = findGuidelinePolicy(POLICY_KEY);
  const subject = findGuidelineSubject('outlet-period');
  if (policy === undefined || subject === undefined) throw new Error('the default scorecard is missing');
  const compiled = compile(policy.document, subject);
  return generateDemoFacts()
    .filter((set) => set.policyKey === POLICY_KEY)
    .map((set) => {
      const outcome = evaluate(compiled, set.facts, { asOf: AS_OF }).outcome as OutcomeOf<'scorecard'>;
      return { facts: set.facts, total: outcome.total, grade: outcome.grade };
    });
}

/** Response substrings that identify the right outcome (cheap to check at 50 connections). */
function expectedParts(expected: ExpectedCase): string[] {
  return [`"total":${JSON.stringify(expected.total)},`, `"grade":${JSON.stringify(expected.grade)}`];
}

const EVALUATE_PATH = `/api/v1/policies/${POLICY_KEY}/evaluate`;
const BATCH_PATH = `/api/v1/policies/${POLICY_KEY}/evaluate-batch`;
/** The development actor header: a business line's service role. */
const ACTOR_HEADERS = { 'x-precept-actor': 'bench-loader', 'x-precept-roles': 'service' };

async function loadServer(
  port: number,
  cases: readonly ExpectedCase[],
  seconds: { warmup: number; measure: number },
): Promise<LoadResult> {
  const loadCases: LoadCase[] = cases.map((entry) => ({
    body: JSON.stringify({ facts: entry.facts, asOf: AS_OF }),
    expect: expectedParts(entry),
  }));
  const options = {
    url: `http://127.0.0.1:${port}`,
    path: EVALUATE_PATH,
    headers: ACTOR_HEADERS,
    cases: loadCases,
    connections: CONNECTIONS,
  };
  await runLoad({ ...options, durationSeconds: seconds.warmup });
  return runLoad({ ...options, durationSeconds: seconds.measure });
}

async function loadEcho(
  port: number,
  cases: readonly ExpectedCase[],
  seconds: { warmup: number; measure: number },
): Promise<LoadResult> {
  const loadCases: LoadCase[] = cases.map((entry) => {
    const body = JSON.stringify({ facts: entry.facts, asOf: AS_OF });
    return { body, expect: [body.slice(0, 40)] };
  });
  const options = {
    url: `http://127.0.0.1:${port}`,
    path: '/echo',
    cases: loadCases,
    connections: CONNECTIONS,
  };
  await runLoad({ ...options, durationSeconds: seconds.warmup });
  return runLoad({ ...options, durationSeconds: seconds.measure });
}

/** Posts JSON to the server on loopback. */
async function postJson(
  port: number,
  pathname: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...ACTOR_HEADERS },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // keep the text: it says what went wrong
  }
  return { status: response.status, json };
}

/**
 * evaluateBatch of `factSets` fact sets through the plain-JSON HTTP route, in chunks of the server's
 * batch limit, two requests in flight; every item's total and grade checked.
 */
async function runBatch(
  port: number,
  cases: readonly ExpectedCase[],
  factSets: number,
  database: BatchRun['database'],
  decisionLog: boolean,
): Promise<BatchRun> {
  const chunk = LIMITS.batchSize;
  const chunks = Math.ceil(factSets / chunk);
  let wrongOutcomes = 0;
  let errors = 0;
  let nextChunk = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const index = nextChunk;
      nextChunk += 1;
      if (index >= chunks) return;
      const first = index * chunk;
      const size = Math.min(chunk, factSets - first);
      const picked = Array.from({ length: size }, (_, i) => cases[(first + i) % cases.length]!);
      const { status, json } = await postJson(port, BATCH_PATH, {
        asOf: AS_OF,
        items: picked.map((entry) => ({ facts: entry.facts })),
      });
      const results = (json as { results?: unknown[] } | null)?.results;
      if (status !== 200 || !Array.isArray(results) || results.length !== size) {
        errors += size;
        continue;
      }
      results.forEach((result, i) => {
        const item = result as {
          ok?: boolean;
          decision?: { outcome?: { total?: number; grade?: string | null } };
        };
        const outcome = item.decision?.outcome;
        if (item.ok !== true) errors += 1;
        else if (outcome?.total !== picked[i]!.total || outcome.grade !== picked[i]!.grade)
          wrongOutcomes += 1;
      });
    }
  };
  await Promise.all([worker(), worker()]);
  return {
    database,
    decisionLog,
    factSets,
    chunk,
    requests: chunks,
    seconds: (performance.now() - started) / 1000,
    wrongOutcomes,
    errors,
  };
}

/** A scratch database on the PostgreSQL server, dropped by `drop()`. */
async function createScratchDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `precept_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

const ratio = (a: number | undefined, b: number | undefined): number | null =>
  a === undefined || b === undefined || b === 0 ? null : Math.round((a / b) * 1000) / 1000;

/** Runs every server configuration and the batch; always stops its children and drops its database. */
export async function runServerBench(options: ServerBenchOptions): Promise<ServerReport> {
  const { log } = options;
  const seconds = options.quick ? { warmup: 1, measure: 2 } : { warmup: 3, measure: 10 };
  const batchSize = options.quick ? 5_000 : 100_000;
  const cases = expectedCases();
  const notes: string[] = [
    `POST ${EVALUATE_PATH} (plain JSON route) with {facts, asOf}: default options, so the trace is in each response`,
    `each configuration: ${seconds.warmup} s warm-up run, then ${seconds.measure} s measured, ${CONNECTIONS} connections, ${cases.length} demo fact sets rotated`,
    `evaluateBatch: POST ${BATCH_PATH} in chunks of the batch limit (${LIMITS.batchSize}), two requests in flight, trace off (the batch default), every item's total and grade checked; PostgreSQL only`,
  ];
  const runs: ServerRun[] = [];
  const batches: BatchRun[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  const record = (run: Omit<ServerRun, 'vsEcho'>) => {
    const echo = runs.find((candidate) => candidate.id === 'echo');
    const full: ServerRun = {
      ...run,
      vsEcho: run.id === 'echo' ? null : ratio(run.requestsPerSec, echo?.requestsPerSec),
    };
    runs.push(full);
    log(
      `  ${run.label}: ${Math.round(run.requestsPerSec).toLocaleString('en')} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, ` +
        `${run.errors + run.non2xx} errors, ${run.wrongOutcomes} wrong${run.firstProblem === null ? '' : ` (${run.firstProblem.slice(0, 160)})`}`,
    );
  };

  try {
    log('server: node:http JSON echo');
    const echo = await startChild('./echo-process.js', {});
    try {
      record({
        id: 'echo',
        label: 'node:http JSON echo',
        database: 'none',
        decisionLog: null,
        ...(await loadEcho(echo.port, cases, seconds)),
      });
    } finally {
      await stopChild(echo);
    }

    const pgliteDir = mkdtempSync(path.join(os.tmpdir(), 'precept-bench-'));
    cleanups.push(() => {
      rmSync(pgliteDir, { recursive: true, force: true });
      return Promise.resolve();
    });
    const serverUrl =
      options.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    let postgresUrl: string | undefined;
    try {
      const scratch = await createScratchDatabase(serverUrl);
      cleanups.push(scratch.drop);
      postgresUrl = scratch.url;
      notes.push(
        `PostgreSQL: scratch database ${new URL(scratch.url).pathname.slice(1)} on ${new URL(serverUrl).host}, dropped afterwards`,
      );
    } catch (error) {
      notes.push(
        `PostgreSQL unavailable (${error instanceof Error ? error.message : String(error)}): its rows are missing`,
      );
    }

    const databases: { database: 'pglite' | 'postgres'; env: Record<string, string> }[] = [
      { database: 'pglite', env: { PRECEPT_DATA_DIR: pgliteDir } },
      ...(postgresUrl === undefined
        ? []
        : [{ database: 'postgres' as const, env: { DATABASE_URL: postgresUrl } }]),
    ];
    for (const { database, env } of databases) {
      for (const decisionLog of [false, true]) {
        const label = `Precept evaluate, ${database === 'pglite' ? 'PGlite' : 'PostgreSQL'}, decision log ${decisionLog ? 'on' : 'off'}`;
        log(`server: ${label}`);
        const server = await startChild(
          './server-process.js',
          {
            ...env,
            NODE_ENV: 'production',
            HOST: '127.0.0.1',
            PORT: '0',
            PRECEPT_SEED: '1',
            PRECEPT_DEMO: '0',
            PRECEPT_SWEEP_INTERVAL_MS: '0',
            PRECEPT_DECISION_LOG: decisionLog ? '1' : '0',
          },
          options.profileDir === undefined
            ? []
            : [
                '--cpu-prof',
                `--cpu-prof-dir=${options.profileDir}`,
                `--cpu-prof-name=${database}-${decisionLog ? 'logged' : 'unlogged'}.cpuprofile`,
              ],
        );
        try {
          record({
            id: `${database}-${decisionLog ? 'logged' : 'unlogged'}`,
            label,
            database,
            decisionLog,
            ...(await loadServer(server.port, cases, seconds)),
          });
          // The batch runs on PostgreSQL, the production database, with the log off and on; on
          // PGlite it would double the run's length for a figure nobody deploys at that volume.
          if (database === 'postgres') {
            log(`server: evaluateBatch of ${batchSize.toLocaleString('en')} fact sets on ${database}`);
            const batch = await runBatch(server.port, cases, batchSize, database, decisionLog);
            batches.push(batch);
            log(`  ${batch.seconds.toFixed(1)} s, ${batch.errors} errors, ${batch.wrongOutcomes} wrong`);
          }
        } finally {
          await stopChild(server);
        }
      }
    }
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => notes.push(`cleanup failed: ${String(error)}`));
    }
  }

  const byId = (id: string) => runs.find((run) => run.id === id)?.requestsPerSec;
  return {
    endpoint: EVALUATE_PATH,
    connections: CONNECTIONS,
    durationSeconds: seconds.measure,
    runs,
    batches,
    serverVsEcho: ratio(byId('postgres-unlogged'), byId('echo')),
    loggedVsUnlogged: ratio(byId('postgres-logged'), byId('postgres-unlogged')),
    loggedVsUnloggedPglite: ratio(byId('pglite-logged'), byId('pglite-unlogged')),
    notes,
  };
}
