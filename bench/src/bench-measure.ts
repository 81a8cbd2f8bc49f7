// Timing loops for in-process benchmarks. Each measurement warms up first (so V8 has optimised the
// code under test), then runs several timed rounds of a fixed duration and keeps the median round:
// a round that a GC pause or another process disturbed does not move the figure much.
//
// Each round is timed twice: wall time, and the CPU time of the whole process (every thread: the
// code under test, V8's background GC and compiler threads, a native library's worker threads).
// The figures quoted are per CPU second: on a shared two-core machine, time spent waiting for a
// core while other processes run is not the code's cost, and CPU time does not count it.

/** The throughput of one measured function. */
export interface Throughput {
  /** Median operations per CPU second over the timed rounds (the figure quoted). */
  readonly opsPerSec: number;
  /** CPU nanoseconds per operation at that median. */
  readonly nsPerOp: number;
  /** Median operations per wall-clock second (lower than `opsPerSec` when the machine was busy). */
  readonly opsPerWallSec: number;
  /** CPU time ÷ wall time over the timed rounds: about 1 on a quiet machine, less when starved. */
  readonly cpuShare: number;
  /** Operations run in the timed rounds, all rounds together. */
  readonly iterations: number;
  /** Operations per CPU second of each timed round, in order. */
  readonly rounds: readonly number[];
}

/** How long to warm up and to measure. */
export interface MeasureOptions {
  /** Warm-up CPU time before the timed rounds (default 300 ms). */
  readonly warmupMs?: number;
  /** CPU time of one timed round (default 400 ms). */
  readonly roundMs?: number;
  /** Number of timed rounds (default 3). */
  readonly rounds?: number;
}

const DEFAULTS = { warmupMs: 300, roundMs: 400, rounds: 3 } as const;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** CPU time of the whole process so far, in milliseconds (user + system). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** One timed round: operations, wall and CPU milliseconds. */
interface Round {
  count: number;
  wallMs: number;
  cpuMs: number;
}

function summarise(rounds: readonly Round[]): Throughput {
  const perCpu = rounds.map((round) => (round.count * 1000) / Math.max(round.cpuMs, 1e-3));
  const perWall = rounds.map((round) => (round.count * 1000) / round.wallMs);
  const opsPerSec = median(perCpu);
  const cpu = rounds.reduce((sum, round) => sum + round.cpuMs, 0);
  const wall = rounds.reduce((sum, round) => sum + round.wallMs, 0);
  return {
    opsPerSec,
    nsPerOp: 1e9 / opsPerSec,
    opsPerWallSec: median(perWall),
    cpuShare: Math.round((cpu / wall) * 100) / 100,
    iterations: rounds.reduce((sum, round) => sum + round.count, 0),
    rounds: perCpu,
  };
}

/**
 * Runs `step(i)` in batches until `ms` of CPU time have been spent (so that a starved process still
 * gets its full warm-up and rounds); returns [operations, elapsed wall ms].
 */
function runFor(step: (i: number) => unknown, ms: number, sink: { value: unknown }): [number, number] {
  const start = nowMs();
  const cpuStart = cpuMs();
  let count = 0;
  let batch = 1;
  for (;;) {
    for (let i = 0; i < batch; i += 1) sink.value = step(count + i);
    count += batch;
    const spent = cpuMs() - cpuStart;
    if (spent >= ms) return [count, nowMs() - start];
    // Grow batches so that reading the clock costs nothing measurable, without overshooting much.
    if (spent < ms / 20) batch *= 2;
  }
}

/**
 * Measures a synchronous function: `step(i)` is called with a running index (to rotate through
 * inputs). Its results go to a sink so the optimiser cannot drop the call.
 *
 * @example
 * const { opsPerSec } = measureSync((i) => evaluate(compiled, facts[i % facts.length], { asOf }));
 */
export function measureSync(step: (i: number) => unknown, options: MeasureOptions = {}): Throughput {
  const { warmupMs, roundMs, rounds } = { ...DEFAULTS, ...options };
  const sink = { value: undefined as unknown };
  runFor(step, warmupMs, sink);
  const timed: Round[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const cpuStart = cpuMs();
    const [count, wallMs] = runFor(step, roundMs, sink);
    timed.push({ count, wallMs, cpuMs: cpuMs() - cpuStart });
  }
  return summarise(timed);
}

async function runForAsync(
  step: (i: number) => Promise<unknown>,
  ms: number,
  sink: { value: unknown },
): Promise<[number, number]> {
  const start = nowMs();
  const cpuStart = cpuMs();
  let count = 0;
  for (;;) {
    sink.value = await step(count);
    count += 1;
    if ((count & 7) === 0 && cpuMs() - cpuStart >= ms) return [count, nowMs() - start];
  }
}

/**
 * Measures an asynchronous function run sequentially: each call is awaited before the next starts
 * (the way one caller uses a json-rules-engine `Engine`, which must not run overlapping calls).
 */
export async function measureAsync(
  step: (i: number) => Promise<unknown>,
  options: MeasureOptions = {},
): Promise<Throughput> {
  const { warmupMs, roundMs, rounds } = { ...DEFAULTS, ...options };
  const sink = { value: undefined as unknown };
  await runForAsync(step, warmupMs, sink);
  const timed: Round[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const cpuStart = cpuMs();
    const [count, wallMs] = await runForAsync(step, roundMs, sink);
    timed.push({ count, wallMs, cpuMs: cpuMs() - cpuStart });
  }
  return summarise(timed);
}
