// Timing loops for in-process benchmarks. Each measurement warms up first (so V8 has optimised the
// code under test), then runs several timed rounds of a fixed duration and keeps the median round:
// a round that a GC pause or another process disturbed does not move the figure much.

/** The throughput of one measured function. */
export interface Throughput {
  /** Median operations per second over the timed rounds. */
  readonly opsPerSec: number;
  /** Nanoseconds per operation at the median throughput. */
  readonly nsPerOp: number;
  /** Operations run in the timed rounds, all rounds together. */
  readonly iterations: number;
  /** Operations per second of each timed round, in order. */
  readonly rounds: readonly number[];
}

/** How long to warm up and to measure. */
export interface MeasureOptions {
  /** Warm-up time before the timed rounds (default 300 ms). */
  readonly warmupMs?: number;
  /** Length of one timed round (default 400 ms). */
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

function summarise(roundOps: number[], iterations: number): Throughput {
  const opsPerSec = median(roundOps);
  return { opsPerSec, nsPerOp: 1e9 / opsPerSec, iterations, rounds: roundOps };
}

/** Runs `step(i)` in batches until `ms` have passed; returns [operations, elapsed ms]. */
function runFor(step: (i: number) => unknown, ms: number, sink: { value: unknown }): [number, number] {
  const start = nowMs();
  let count = 0;
  let batch = 1;
  for (;;) {
    for (let i = 0; i < batch; i += 1) sink.value = step(count + i);
    count += batch;
    const elapsed = nowMs() - start;
    if (elapsed >= ms) return [count, elapsed];
    // Grow batches so that reading the clock costs nothing measurable, without overshooting much.
    if (elapsed < ms / 20) batch *= 2;
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
  const roundOps: number[] = [];
  let iterations = 0;
  for (let round = 0; round < rounds; round += 1) {
    const [count, elapsed] = runFor(step, roundMs, sink);
    iterations += count;
    roundOps.push((count * 1000) / elapsed);
  }
  return summarise(roundOps, iterations);
}

async function runForAsync(
  step: (i: number) => Promise<unknown>,
  ms: number,
  sink: { value: unknown },
): Promise<[number, number]> {
  const start = nowMs();
  let count = 0;
  for (;;) {
    sink.value = await step(count);
    count += 1;
    if ((count & 7) === 0) {
      const elapsed = nowMs() - start;
      if (elapsed >= ms) return [count, elapsed];
    }
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
  const roundOps: number[] = [];
  let iterations = 0;
  for (let round = 0; round < rounds; round += 1) {
    const [count, elapsed] = await runForAsync(step, roundMs, sink);
    iterations += count;
    roundOps.push((count * 1000) / elapsed);
  }
  return summarise(roundOps, iterations);
}
