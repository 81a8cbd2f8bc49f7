// The in-process rows of the bench: every way of computing a scorecard's total, timed side by side
// on the default scorecard and on generated 10/100/1,000-line scorecards. Before a row is timed, its
// total and grade are checked against the hand-written function on every fact set of the workload:
// a fast row that computes something else would be no comparison at all.
import { compile, evaluate, type CompiledPolicy, type EvaluateOptions } from '@precept/rules';
import { evaluateWithEngine } from '@precept/rules/reference';
import {
  findGuidelinePolicy,
  findGuidelineSubject,
  generateDemoFacts,
  type OutcomeOf,
  type ScorecardDocument,
} from '@precept/schema';
import { measureAsync, measureSync, type MeasureOptions, type Throughput } from './bench-measure.js';
import { createReusedEngine } from './jre-reused-engine.js';
import { generateScorecard, generateScorecardFacts } from './scorecard-generator.js';
import {
  createFiredLinesScorer,
  createPlanScorer,
  scoreOutletPeriod,
  type ScoreSummary,
} from './scorecard-hand-written.js';
import { toZenGraph } from './zen-decision.js';

/** The as-of date of every timed evaluation. */
export const BENCH_AS_OF = '2026-03-31';

/** One way of computing the scorecard, a row of the table. */
export const ENGINE_ROWS = [
  { id: 'jreReused', label: 'json-rules-engine, reused Engine' },
  { id: 'evaluateWithEngine', label: 'evaluateWithEngine (JRE path)' },
  { id: 'zen', label: 'GoRules zen-engine' },
  { id: 'compiled', label: 'evaluate (default options)' },
  { id: 'compiledTrace', label: 'evaluate, trace: true' },
  { id: 'compiledNoTrace', label: 'evaluate, trace: false' },
  { id: 'handWritten', label: 'hand-written function' },
] as const;
/** The id of a row. */
export type EngineRowId = (typeof ENGINE_ROWS)[number]['id'];

/** A scorecard and the facts it is timed on. */
export interface Workload {
  readonly id: string;
  readonly label: string;
  readonly document: ScorecardDocument;
  readonly compiled: CompiledPolicy;
  readonly facts: readonly Record<string, unknown>[];
  readonly handWritten: (facts: Readonly<Record<string, unknown>>) => ScoreSummary;
}

/** One cell of the table: a row timed on a workload, or why it could not be. */
export type EngineCell =
  | {
      readonly ok: true;
      /** Operations per CPU second (see `bench-measure.ts`). */
      readonly opsPerSec: number;
      /** CPU nanoseconds per operation. */
      readonly nsPerOp: number;
      /** Operations per wall-clock second. */
      readonly opsPerWallSec: number;
      /** CPU ÷ wall time while timed. */
      readonly cpuShare: number;
      readonly iterations: number;
      /** Fact sets on which the row's total and grade were compared with `evaluate`. */
      readonly checked: number;
      /** Of those, how many disagreed. */
      readonly disagreed: number;
    }
  | { readonly ok: false; readonly reason: string };

/** The workloads, in table order: the default scorecard, then generated 10/100/1,000-line ones. */
export const WORKLOAD_IDS = ['default', 'rules10', 'rules100', 'rules1000'] as const;
/** The id of a workload. */
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

/** Builds one workload: the scorecard compiled, its fact sets and its hand-written scorer. */
export function createWorkload(id: WorkloadId): Workload {
  if (id === 'default') {
    const scorecard = findGuidelinePolicy('service-performance-scorecard');
    const subject = findGuidelineSubject('outlet-period');
    if (scorecard?.document.kind !== 'scorecard' || subject === undefined) {
      throw new Error('the default scorecard is missing');
    }
    const demo = generateDemoFacts()
      .filter((set) => set.policyKey === scorecard.policy.key)
      .map((set) => set.facts);
    return {
      id,
      label: `default scorecard (${scorecard.document.lines.length} lines)`,
      document: scorecard.document,
      compiled: compile(scorecard.document, subject),
      facts: [...demo, ...scorecard.testCases.map((testCase) => testCase.facts)],
      handWritten: (facts) => scoreOutletPeriod(facts as Record<string, number | string>),
    };
  }
  const lines = Number(id.slice('rules'.length));
  const generated = generateScorecard(lines);
  return {
    id,
    label: `generated, ${lines.toLocaleString('en')} lines`,
    document: generated.document,
    compiled: compile(generated.document, generated.subject),
    facts: generateScorecardFacts(128),
    handWritten: createPlanScorer(generated),
  };
}

function summaryOf(outcome: unknown): { total: number; grade: string | null } {
  const scorecard = outcome as OutcomeOf<'scorecard'>;
  return { total: scorecard.total, grade: scorecard.grade };
}

/** A row as something to time: a function of a fact-set index returning the total and grade. */
type Runner =
  | { sync: true; run: (facts: Record<string, unknown>) => { total: number; grade: string | null } }
  | {
      sync: false;
      run: (facts: Record<string, unknown>) => Promise<{ total: number; grade: string | null }>;
    };

interface ZenModule {
  ZenEngine: new () => {
    createDecision(content: object): {
      evaluate(context: object): Promise<{ result: { total?: unknown; grade?: unknown } }>;
    };
  };
}

/** Loads zen-engine, or says why it cannot be used here. */
async function loadZen(): Promise<{ ok: true; zen: ZenModule } | { ok: false; reason: string }> {
  try {
    const zen = (await import('@gorules/zen-engine')) as unknown as ZenModule;
    return { ok: true, zen };
  } catch (error) {
    return { ok: false, reason: `@gorules/zen-engine does not load: ${String(error).split('\n')[0]}` };
  }
}

function runnerOf(
  row: EngineRowId,
  workload: Workload,
  zen: Awaited<ReturnType<typeof loadZen>>,
): Runner | string {
  const { compiled } = workload;
  const options = (extra: Partial<EvaluateOptions>): EvaluateOptions => ({ asOf: BENCH_AS_OF, ...extra });
  switch (row) {
    case 'jreReused': {
      const engine = createReusedEngine(compiled, BENCH_AS_OF);
      const score = createFiredLinesScorer(workload.document);
      return { sync: false, run: async (facts) => score(await engine(facts), facts) };
    }
    case 'evaluateWithEngine':
      return {
        sync: false,
        run: async (facts) => summaryOf((await evaluateWithEngine(compiled, facts, options({}))).outcome),
      };
    case 'zen': {
      if (!zen.ok) return zen.reason;
      try {
        const decision = new zen.zen.ZenEngine().createDecision(toZenGraph(workload.document));
        return {
          sync: false,
          run: async (facts) => {
            const { result } = await decision.evaluate(facts);
            return { total: Number(result.total), grade: (result.grade as string | null) ?? null };
          },
        };
      } catch (error) {
        return `zen-engine refused the decision graph: ${String(error).split('\n')[0]}`;
      }
    }
    case 'compiled':
      return { sync: true, run: (facts) => summaryOf(evaluate(compiled, facts, options({})).outcome) };
    case 'compiledTrace':
      return {
        sync: true,
        run: (facts) => summaryOf(evaluate(compiled, facts, options({ trace: true })).outcome),
      };
    case 'compiledNoTrace':
      return {
        sync: true,
        run: (facts) => summaryOf(evaluate(compiled, facts, options({ trace: false })).outcome),
      };
    case 'handWritten':
      return { sync: true, run: (facts) => workload.handWritten(facts) };
  }
}

/**
 * Compares a row with the hand-written function on every fact set of the workload: a reference
 * independent of `@precept/rules`, so that even the `evaluate` rows are checked (the harness's tests
 * check the hand-written functions against `evaluate`).
 */
async function checkRunner(
  runner: Runner,
  workload: Workload,
): Promise<{ checked: number; disagreed: number }> {
  let disagreed = 0;
  for (const facts of workload.facts) {
    const expected = workload.handWritten(facts);
    const actual = runner.sync ? runner.run(facts) : await runner.run(facts);
    if (Math.abs(actual.total - expected.total) > 1e-9 || actual.grade !== expected.grade) disagreed += 1;
  }
  return { checked: workload.facts.length, disagreed };
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Checks one row against the hand-written function on the workload's facts, then times it. Meant to run in a fresh
 * worker thread per cell (its own V8 isolate), so that one row's JIT feedback does not change
 * another's figure.
 */
export async function measureEngineCell(
  row: EngineRowId,
  workloadId: WorkloadId,
  measure: MeasureOptions = {},
): Promise<EngineCell> {
  const workload = createWorkload(workloadId);
  const runner = runnerOf(row, workload, row === 'zen' ? await loadZen() : { ok: false, reason: '' });
  if (typeof runner === 'string') return { ok: false, reason: runner };
  const { checked, disagreed } = await checkRunner(runner, workload);
  collectGarbage();
  const pool = workload.facts;
  const throughput: Throughput = runner.sync
    ? measureSync((i) => runner.run(pool[i % pool.length] as Record<string, unknown>), measure)
    : await measureAsync((i) => runner.run(pool[i % pool.length] as Record<string, unknown>), measure);
  return {
    ok: true,
    opsPerSec: throughput.opsPerSec,
    nsPerOp: throughput.nsPerOp,
    opsPerWallSec: throughput.opsPerWallSec,
    cpuShare: throughput.cpuShare,
    iterations: throughput.iterations,
    checked,
    disagreed,
  };
}

/** Builds a row's runner for a workload and compares it with `evaluate` (for the harness's tests). */
export async function checkEngineRow(
  row: EngineRowId,
  workload: Workload,
): Promise<{ checked: number; disagreed: number } | string> {
  const runner = runnerOf(row, workload, row === 'zen' ? await loadZen() : { ok: false, reason: '' });
  return typeof runner === 'string' ? runner : checkRunner(runner, workload);
}
