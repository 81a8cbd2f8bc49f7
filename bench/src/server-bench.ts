// The server rows: the real Precept server (createServer/loadConfig from @precept/server) in child
// processes on loopback, loaded by autocannon from this process at 50 connections, against a bare
// node:http JSON echo and a node:http json-rules-engine peer in the same run; decision log on and off, on PGlite and on PostgreSQL (a scratch
// database created for the run and dropped after it); then evaluateBatch of 100,000 fact sets.
//
// All five targets run at once (idle between turns) and are loaded in turns: a warm-up run each,
// then several rounds in which every target gets a short run. The ratios are medians of per-round
// ratios, so a neighbour's load that comes and goes during the run shifts numerator and denominator
// alike. The CPU time each target's process spent per request is read from /proc as well: unlike
// requests per second, it does not depend on what else the machine is doing.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compactOutcome, compile, ENGINE_VERSION, evaluate } from '@precept/rules';
import { SERVER_NODE_FLAGS } from '@precept/server';
import {
  LIMITS,
  findGuidelinePolicy,
  findGuidelineSubject,
  generateDemoFacts,
  type OutcomeOf,
} from '@precept/schema';
import { runLoad, type LoadCase, type LoadOptions, type LoadResult } from './load-run.js';
import { BENCH_KEYS, createScratchDatabase } from './scratch-database.js';

/** The policy every server request evaluates. */
const POLICY_KEY = 'service-performance-scorecard';
/** The as-of of every request: inside the default policies' first effective window. */
const AS_OF = '2026-03-31';
/** Connections of every load run. */
const CONNECTIONS = 50;

/** One configuration, all its runs together. */
export interface ServerRun extends Omit<LoadResult, 'p50Ms' | 'p99Ms'> {
  readonly id: string;
  readonly label: string;
  readonly database: 'none' | 'pglite' | 'postgres';
  readonly decisionLog: boolean | null;
  /** Latency percentiles over every measured response of every round. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Requests/s of each round, in order. */
  readonly roundRequestsPerSec: number[];
  /** Median over the rounds of this target's requests/s ÷ the echo's in the same round. */
  readonly vsEcho: number | null;
  /** CPU time of the target's process per request (user + system), or null where /proc is missing. */
  readonly cpuMsPerRequest: number | null;
  /**
   * PostgreSQL targets: CPU time of this machine's PostgreSQL processes per request (the database
   * shares the cores with the server and the load); null for other targets or without /proc.
   */
  readonly databaseCpuMsPerRequest: number | null;
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
  /** Measured rounds, and seconds of each target's run in a round. */
  readonly rounds: number;
  readonly secondsPerRun: number;
  readonly runs: ServerRun[];
  readonly batches: BatchRun[];
  /** Server requests/s (PostgreSQL, decision log off) ÷ echo requests/s. */
  readonly serverVsEcho: number | null;
  /**
   * node:http answering with `evaluate`'s responses, doing nothing else, ÷ echo (requests/s): the
   * most `serverVsEcho` can be for answers of that size on this machine.
   */
  readonly repliesVsEcho: number | null;
  /** Server requests/s with the decision log on ÷ off, PostgreSQL. */
  readonly loggedVsUnlogged: number | null;
  /**
   * Server requests/s (PostgreSQL, decision log on, API key) ÷ those of a node:http server running
   * json-rules-engine on the same scorecard under the same load (`peer-process.ts`).
   */
  readonly serverVsPeer: number | null;
  /** PGlite's logged ÷ unlogged, for comparison. */
  readonly loggedVsUnloggedPglite: number | null;
  /** Echo CPU per request ÷ server (PostgreSQL, log off) CPU per request: serverVsEcho on CPU alone. */
  readonly serverVsEchoCpu: number | null;
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
  /** The API key a server child issued for the load (none for the echo). */
  readonly apiKey: string | undefined;
}

/** Starts a child process that reports `{ port }` (or `{ error }`) once it listens. */
function startChild(
  entry: string,
  env: Record<string, string>,
  execArgv: string[] = [],
  firstMessage?: object,
  timeoutMs = 120_000,
): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(entry, import.meta.url), [], {
      env: { ...process.env, ...env },
      execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    if (firstMessage !== undefined) child.send(firstMessage);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('message', (message: { port?: number; apiKey?: string; error?: string }) => {
      clearTimeout(timer);
      if (message.port === undefined) reject(new Error(`${entry} failed: ${message.error ?? stderr}`));
      else resolve({ process: child, port: message.port, apiKey: message.apiKey });
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

/** Linux's USER_HZ: /proc reports CPU times in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU milliseconds (user + system) a process has used, from /proc; null where unavailable. */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 14, 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/** CPU milliseconds used so far by each PostgreSQL process on this machine, by pid; null without /proc. */
function postgresCpuMs(): Map<number, number> | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const used = new Map<number, number>();
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
    const ms = processCpuMs(Number(pid));
    if (ms !== null) used.set(Number(pid), ms);
  }
  return used;
}

/**
 * PostgreSQL's CPU between two readings: per process, so that a backend ending in between (an idle
 * pooled connection closed) takes its past CPU with it instead of making the sum go down; what an
 * ending backend used in between is missed (a slight undercount).
 */
function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, used] of after) ms += Math.max(0, used - (before.get(pid) ?? 0));
  return ms;
}

interface ExpectedCase {
  readonly facts: Record<string, unknown>;
  readonly total: number;
  readonly grade: string | null;
  /** The server's default (compact) answer to it, as `evaluate` builds it (a fixed id and duration). */
  readonly response: object;
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
      const { outcome, trace } = evaluate(compiled, set.facts, { asOf: AS_OF });
      const scorecard = outcome as OutcomeOf<'scorecard'>;
      const response = {
        decisionId: '00000000-0000-4000-8000-000000000000',
        policyKey: POLICY_KEY,
        version: 1,
        contentHash: compiled.contentHash,
        engineVersion: ENGINE_VERSION,
        asOf: AS_OF,
        // What the server answers by default: the compact outcome (issue 15).
        outcome: compactOutcome(outcome, policy.document, set.facts),
        trace,
        durationMs: 0.001,
        source: 'server',
        detail: 'compact',
      };
      return { facts: set.facts, total: scorecard.total, grade: scorecard.grade, response };
    });
}

/** Response substrings that identify the right outcome (cheap to check at 50 connections). */
function expectedParts(expected: ExpectedCase): string[] {
  return [`"total":${JSON.stringify(expected.total)},`, `"grade":${JSON.stringify(expected.grade)}`];
}

const EVALUATE_PATH = `/api/v1/policies/${POLICY_KEY}/evaluate`;
const BATCH_PATH = `/api/v1/policies/${POLICY_KEY}/evaluate-batch`;
/** How a business line authenticates: its API key as a bearer token. */
function authHeaders(child: Child): Record<string, string> {
  return child.apiKey === undefined ? {} : { authorization: `Bearer ${child.apiKey}` };
}

/** Posts JSON to the server on loopback. */
async function postJson(
  child: Child,
  pathname: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`http://127.0.0.1:${child.port}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(child) },
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
  child: Child,
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
      const { status, json } = await postJson(child, BATCH_PATH, {
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
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round3 = (value: number | null): number | null =>
  value === null ? null : Math.round(value * 1000) / 1000;

/** One target of the load runs: a child process and how to load it. */
interface Target {
  readonly id: string;
  readonly label: string;
  readonly database: ServerRun['database'];
  readonly decisionLog: boolean | null;
  readonly child: Child;
  readonly load: Omit<LoadOptions, 'durationSeconds' | 'latencies'>;
}

/** What a target accumulates over its measured runs. */
interface Tally {
  requests: number;
  seconds: number;
  errors: number;
  non2xx: number;
  wrongOutcomes: number;
  firstProblem: string | null;
  latencies: number[];
  cpuMs: number | null;
  /** PostgreSQL's CPU over the measured runs (PostgreSQL targets only). */
  databaseCpuMs: number | null;
  rounds: number[];
}

function serverEnv(
  database: 'pglite' | 'postgres',
  location: string,
  decisionLog: boolean,
): Record<string, string> {
  return {
    ...(database === 'pglite' ? { PRECEPT_DATA_DIR: location } : { DATABASE_URL: location }),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    PRECEPT_SEED: '1',
    PRECEPT_DEMO: '0',
    PRECEPT_SWEEP_INTERVAL_MS: '0',
    PRECEPT_DECISION_LOG: decisionLog ? '1' : '0',
    // Production takes its compliance keys from the environment; the bench makes some per run.
    ...BENCH_KEYS,
  };
}

/**
 * Starts every target, loads them in turns (warm-up, then rounds), runs the batches, and always stops
 * its children, removes its PGlite folders and drops its scratch database.
 */
export async function runServerBench(options: ServerBenchOptions): Promise<ServerReport> {
  const { log } = options;
  const plan = options.quick
    ? { warmup: 1, seconds: 1, rounds: 2, batch: 5_000, unloggedBatch: 2_000 }
    : { warmup: 3, seconds: 2, rounds: 5, batch: 100_000, unloggedBatch: 20_000 };
  const cases = expectedCases();
  const serverCases: LoadCase[] = cases.map((entry) => ({
    body: JSON.stringify({ facts: entry.facts, asOf: AS_OF }),
    expect: expectedParts(entry),
  }));
  const echoCases: LoadCase[] = serverCases.map((entry) => ({
    body: entry.body,
    expect: [entry.body.slice(0, 40)],
  }));
  const notes: string[] = [
    `POST ${EVALUATE_PATH} (the plain-JSON route) with {facts, asOf}: default options (the outcome, no trace); authenticated with an API key (scope evaluate) that the server process issues at start, as an administrator would`,
    `all targets up at once, loaded in turns: ${plan.warmup} s warm-up each, then ${plan.rounds} rounds of ${plan.seconds} s per target; ${CONNECTIONS} connections; ${cases.length} demo fact sets rotated, every response's total and grade checked`,
    `peer: node:http running json-rules-engine on the same scorecard (an Engine built once and reused, taken from a free list per request, never two runs on one Engine; no facts check, no authentication, no log), loaded like the server; serverVsPeer divides the server's requests/s with the log on (PostgreSQL, API key) by the peer's`,
    `ratios are medians of per-round ratios; CPU per request is the target process's user + system time (/proc) over its measured runs; PostgreSQL CPU per request is that of every PostgreSQL process on this machine while the target was loaded (the database shares the cores)`,
    `evaluateBatch: POST ${BATCH_PATH} in chunks of the batch limit (${LIMITS.batchSize}), two requests in flight, trace off (the batch default), every item's total and grade checked; PostgreSQL, log on (${plan.batch.toLocaleString('en')} fact sets) and off (${plan.unloggedBatch.toLocaleString('en')})`,
  ];
  const children: Child[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const targets: Target[] = [];
  const batches: BatchRun[] = [];
  const profileArgs = (name: string) =>
    options.profileDir === undefined
      ? []
      : ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=${name}.cpuprofile`];

  try {
    const echo = await startChild('./echo-process.js', {});
    children.push(echo);
    // The same server answering each request with evaluate's response for it, doing nothing else.
    const replies = await startChild('./echo-process.js', { PRECEPT_ECHO_REPLIES: '1' }, [], {
      replies: serverCases.map((entry, i) => [entry.body, cases[i]!.response]),
    });
    children.push(replies);
    const peer = await startChild('./peer-process.js', {});
    children.push(peer);
    targets.push({
      id: 'echo',
      label: 'node:http JSON echo',
      database: 'none',
      decisionLog: null,
      child: echo,
      load: {
        url: `http://127.0.0.1:${echo.port}`,
        path: '/echo',
        cases: echoCases,
        connections: CONNECTIONS,
      },
    });
    targets.push({
      id: 'replies',
      label: "node:http answering evaluate's response",
      database: 'none',
      decisionLog: null,
      child: replies,
      load: {
        url: `http://127.0.0.1:${replies.port}`,
        path: EVALUATE_PATH,
        cases: serverCases,
        connections: CONNECTIONS,
      },
    });

    targets.push({
      id: 'peer',
      label: 'node:http + json-rules-engine',
      database: 'none',
      decisionLog: null,
      child: peer,
      load: {
        url: `http://127.0.0.1:${peer.port}`,
        path: EVALUATE_PATH,
        cases: serverCases,
        connections: CONNECTIONS,
      },
    });

    const locations: { database: 'pglite' | 'postgres'; location: (decisionLog: boolean) => string }[] = [];
    const pgliteDirs = [false, true].map(() => mkdtempSync(path.join(os.tmpdir(), 'precept-bench-')));
    cleanups.push(() => {
      for (const dir of pgliteDirs) rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    });
    locations.push({ database: 'pglite', location: (decisionLog) => pgliteDirs[decisionLog ? 1 : 0]! });
    const serverUrl =
      options.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    try {
      const scratch = await createScratchDatabase(serverUrl);
      cleanups.push(scratch.drop);
      locations.push({ database: 'postgres', location: () => scratch.url });
      notes.push(
        `PostgreSQL: scratch database ${new URL(scratch.url).pathname.slice(1)} on ${new URL(serverUrl).host}, dropped afterwards; PGlite: two temporary data folders, removed afterwards`,
      );
    } catch (error) {
      notes.push(
        `PostgreSQL unavailable (${error instanceof Error ? error.message : String(error)}): its rows are missing`,
      );
    }
    // One at a time: the first server on a database migrates and seeds it, the second finds it ready.
    for (const { database, location } of locations) {
      for (const decisionLog of [false, true]) {
        const label = `Precept evaluate, ${database === 'pglite' ? 'PGlite' : 'PostgreSQL'}, log ${decisionLog ? 'on' : 'off'}`;
        const id = `${database}-${decisionLog ? 'logged' : 'unlogged'}`;
        log(`server: starting ${label}`);
        const child = await startChild(
          './server-process.js',
          serverEnv(database, location(decisionLog), decisionLog),
          // The flags the server ships with (pnpm start, the container image).
          [...SERVER_NODE_FLAGS, ...profileArgs(id)],
        );
        children.push(child);
        targets.push({
          id,
          label,
          database,
          decisionLog,
          child,
          load: {
            url: `http://127.0.0.1:${child.port}`,
            path: EVALUATE_PATH,
            headers: authHeaders(child),
            cases: serverCases,
            connections: CONNECTIONS,
          },
        });
      }
    }

    for (const target of targets) {
      log(`server: warm-up ${target.label}`);
      await runLoad({ ...target.load, durationSeconds: plan.warmup });
    }
    const tallies = new Map<string, Tally>(
      targets.map((target) => [
        target.id,
        {
          requests: 0,
          seconds: 0,
          errors: 0,
          non2xx: 0,
          wrongOutcomes: 0,
          firstProblem: null,
          latencies: [],
          cpuMs: 0,
          databaseCpuMs: target.database === 'postgres' ? 0 : null,
          rounds: [],
        },
      ]),
    );
    for (let round = 1; round <= plan.rounds; round += 1) {
      const line: string[] = [];
      for (const target of targets) {
        const tally = tallies.get(target.id)!;
        const cpuBefore = processCpuMs(target.child.process.pid);
        const databaseBefore = tally.databaseCpuMs === null ? null : postgresCpuMs();
        const result = await runLoad({
          ...target.load,
          durationSeconds: plan.seconds,
          latencies: tally.latencies,
        });
        const cpuAfter = processCpuMs(target.child.process.pid);
        const databaseAfter = tally.databaseCpuMs === null ? null : postgresCpuMs();
        tally.databaseCpuMs =
          tally.databaseCpuMs === null || databaseBefore === null || databaseAfter === null
            ? null
            : tally.databaseCpuMs + postgresCpuBetween(databaseBefore, databaseAfter);
        tally.cpuMs =
          tally.cpuMs === null || cpuBefore === null || cpuAfter === null
            ? null
            : tally.cpuMs + cpuAfter - cpuBefore;
        tally.requests += result.requests;
        tally.seconds += result.seconds;
        tally.errors += result.errors;
        tally.non2xx += result.non2xx;
        tally.wrongOutcomes += result.wrongOutcomes;
        tally.firstProblem ??= result.firstProblem;
        tally.rounds.push(result.requestsPerSec);
        line.push(`${target.id} ${Math.round(result.requestsPerSec).toLocaleString('en')}`);
      }
      log(`server: round ${round}/${plan.rounds} req/s: ${line.join(', ')}`);
    }

    const roundsOf = (id: string) => tallies.get(id)?.rounds ?? [];
    const perRound = (a: string, b: string): number | null => {
      const numerators = roundsOf(a);
      const denominators = roundsOf(b);
      if (numerators.length === 0 || numerators.length !== denominators.length) return null;
      return median(numerators.map((value, i) => value / denominators[i]!));
    };
    const runs: ServerRun[] = targets.map((target) => {
      const tally = tallies.get(target.id)!;
      const sorted = tally.latencies.sort((a, b) => a - b);
      return {
        id: target.id,
        label: target.label,
        database: target.database,
        decisionLog: target.decisionLog,
        requestsPerSec: tally.requests / tally.seconds,
        requests: tally.requests,
        seconds: tally.seconds,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        errors: tally.errors,
        non2xx: tally.non2xx,
        wrongOutcomes: tally.wrongOutcomes,
        firstProblem: tally.firstProblem,
        roundRequestsPerSec: tally.rounds.map((value) => Math.round(value)),
        vsEcho: target.id === 'echo' ? null : round3(perRound(target.id, 'echo')),
        cpuMsPerRequest: tally.cpuMs === null || tally.requests === 0 ? null : tally.cpuMs / tally.requests,
        databaseCpuMsPerRequest:
          tally.databaseCpuMs === null || tally.requests === 0 ? null : tally.databaseCpuMs / tally.requests,
      };
    });

    const postgresTarget = (decisionLog: boolean) =>
      targets.find((target) => target.database === 'postgres' && target.decisionLog === decisionLog);
    for (const [decisionLog, factSets] of [
      [false, plan.unloggedBatch],
      [true, plan.batch],
    ] as const) {
      const target = postgresTarget(decisionLog);
      if (target === undefined) continue;
      log(
        `server: evaluateBatch of ${factSets.toLocaleString('en')} fact sets, PostgreSQL, log ${decisionLog ? 'on' : 'off'}`,
      );
      const batch = await runBatch(target.child, cases, factSets, 'postgres', decisionLog);
      batches.push(batch);
      log(`  ${batch.seconds.toFixed(1)} s, ${batch.errors} errors, ${batch.wrongOutcomes} wrong`);
    }

    const cpuOf = (id: string) => runs.find((run) => run.id === id)?.cpuMsPerRequest ?? null;
    const echoCpu = cpuOf('echo');
    const serverCpu = cpuOf('postgres-unlogged');
    return {
      endpoint: EVALUATE_PATH,
      connections: CONNECTIONS,
      rounds: plan.rounds,
      secondsPerRun: plan.seconds,
      runs,
      batches,
      serverVsEcho: round3(perRound('postgres-unlogged', 'echo')),
      repliesVsEcho: round3(perRound('replies', 'echo')),
      loggedVsUnlogged: round3(perRound('postgres-logged', 'postgres-unlogged')),
      serverVsPeer: round3(perRound('postgres-logged', 'peer')),
      loggedVsUnloggedPglite: round3(perRound('pglite-logged', 'pglite-unlogged')),
      serverVsEchoCpu:
        echoCpu === null || serverCpu === null || serverCpu === 0 ? null : round3(echoCpu / serverCpu),
      notes,
    };
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => notes.push(`cleanup failed: ${String(error)}`));
    }
  }
}
