// `pnpm bench`: the engine table, the differential check and the server load runs in one go; prints
// the tables with the machine they ran on and writes bench/results/latest.json.
//
//   node --expose-gc dist/bench-run.js [--quick] [--skip-server] [--only=engine,differential,server,impact]
//                                      [--cases=N] [--out=FILE] [--profile-server=DIR] [--impact-database=NAME]
//
// --quick shortens every timing and the differential check (to try the harness, not to quote);
// --only runs some parts (the others are reported as skipped); --impact-database=NAME keeps the
// impact part's decisions in that database (loaded once, reused by later runs).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  engineRatios,
  judgeTargets,
  renderEngineTable,
  renderMachine,
  renderServerTable,
  renderTargets,
  type BenchResults,
} from './bench-report.js';
import { ENGINE_ROWS, type WorkloadId } from './engine-bench.js';
import { runEngineTable, runScalingPairs, type EngineTable } from './engine-table.js';
import { runDifferentialParallel } from './differential-parallel.js';
import { readMachineInfo } from './machine-info.js';
import { runImpactBench } from './impact-bench.js';
import { runServerBench } from './server-bench.js';

type Part = 'engine' | 'differential' | 'server' | 'impact';

interface Flags {
  quick: boolean;
  parts: ReadonlySet<Part>;
  cases: number;
  out: string;
  /** Folder for CPU profiles of the server processes (`--profile-server=DIR`). */
  profileServer: string | undefined;
  /** The kept database of the impact part (`--impact-database=NAME`). */
  impactDatabase: string | undefined;
}

const BENCH_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseFlags(argv: readonly string[]): Flags {
  const value = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  const quick = argv.includes('--quick');
  return {
    quick,
    parts: new Set(
      ((value('only') ?? 'engine,differential,server,impact').split(',') as Part[]).filter(
        (part) => part !== 'server' || !argv.includes('--skip-server'),
      ),
    ),
    cases: Number(value('cases') ?? (quick ? 2_000 : 100_000)),
    profileServer: value('profile-server'),
    impactDatabase: value('impact-database'),
    out: value('out') ?? path.join(BENCH_ROOT, 'results', quick ? 'quick-run.tmp' : 'latest.json'),
  };
}

const WORKLOAD_LABELS: Record<WorkloadId, string> = {
  default: 'default scorecard (17 lines)',
  rules10: '10 lines',
  rules100: '100 lines',
  rules1000: '1,000 lines',
};

/** How much of a core the timed cells got: 1 on a quiet machine, less when other work competed. */
function cpuShareLine(table: EngineTable): string {
  const shares = Object.values(table)
    .flatMap((cells) => Object.values(cells))
    .flatMap((cell) => (cell.ok ? [cell.cpuShare] : []))
    .sort((a, b) => a - b);
  if (shares.length === 0) return '';
  const middle = shares[Math.floor(shares.length / 2)]!;
  return `(median CPU share while timed: ${middle}; 1 = a whole core to itself, lower = other processes competed; wall-clock figures are in the JSON)`;
}

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const started = performance.now();
  const machine = readMachineInfo();
  progress(`${machine.cpuModel} × ${machine.cores}, node ${machine.node}, load ${machine.loadAverage}`);

  progress('engine table: every row on every workload, one worker thread per cell');
  const measure = flags.quick
    ? { warmupMs: 100, roundMs: 100, rounds: 1 }
    : { warmupMs: 500, roundMs: 500, rounds: 3 };
  const table = await runEngineTable(flags.parts.has('engine') ? measure : 'skip', (row, workload, cell) =>
    progress(
      `  ${row} × ${workload}: ${cell.ok ? `${Math.round(cell.opsPerSec).toLocaleString('en')} ops/s` : cell.reason}`,
    ),
  );

  const scalingPairs: number[] = [];
  if (flags.parts.has('engine')) {
    progress('rules1000Vs100: evaluate on the 100- then the 1,000-line scorecard, back to back, three times');
    scalingPairs.push(...(await runScalingPairs(measure, 3)));
    progress(`  ${scalingPairs.map((ratio) => ratio.toFixed(2)).join(', ')}`);
  }

  const cases = flags.parts.has('differential') ? flags.cases : 0;
  progress(`differential check: ${cases.toLocaleString('en')} cases on every core`);
  const differential = await runDifferentialParallel(cases, 20_260_331);
  progress(
    `  ${differential.mismatches} mismatches in ${differential.cases.toLocaleString('en')} cases (${(differential.durationMs / 1000).toFixed(1)} s)`,
  );

  const server = !flags.parts.has('server')
    ? { skipped: 'not run (--skip-server or --only)' }
    : await runServerBench({ quick: flags.quick, log: progress, profileDir: flags.profileServer }).catch(
        (error: unknown) => ({
          skipped: `the server bench failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
      );

  const impact = !flags.parts.has('impact')
    ? { skipped: 'not run (--only)' }
    : await runImpactBench({ quick: flags.quick, log: progress, database: flags.impactDatabase }).catch((error: unknown) => ({
        skipped: `the impact bench failed: ${error instanceof Error ? error.message : String(error)}`,
      }));

  const ratios = engineRatios(table, scalingPairs);
  const serverFigures = 'skipped' in server ? undefined : server;
  const partial: Omit<BenchResults, 'targets'> = {
    generatedAt: new Date().toISOString(),
    machine,
    compiledVsJre: ratios.compiledVsJre,
    compiledVsFloor: ratios.compiledVsFloor,
    rules1000Vs100: ratios.rules1000Vs100,
    serverVsEcho: serverFigures?.serverVsEcho ?? null,
    loggedVsUnlogged: serverFigures?.loggedVsUnlogged ?? null,
    serverVsPeer: serverFigures?.serverVsPeer ?? null,
    mismatches: differential.mismatches,
    engine: {
      workloads: WORKLOAD_LABELS,
      rows: Object.fromEntries(ENGINE_ROWS.map((row) => [row.id, row.label])),
      cells: table,
      scalingPairs: scalingPairs.map((ratio) => Math.round(ratio * 100) / 100),
    },
    differential,
    server,
    impact,
    durationSeconds: 0,
  };
  partial.durationSeconds = Math.round((performance.now() - started) / 100) / 10;
  const results: BenchResults = { ...partial, targets: judgeTargets(partial) };

  const sections = [
    renderMachine(machine),
    '',
    `In-process, one caller: evaluations per CPU second and CPU time per evaluation (!N = N fact sets disagreed with the hand-written function):`,
    renderEngineTable(table, WORKLOAD_LABELS),
    cpuShareLine(table),
    `compiledVsJre (reported, no target): ${results.compiledVsJre ?? 'n/a'} = evaluate (default options) ÷ json-rules-engine with a reused Engine, default scorecard, per CPU second`,
    '',
    `Differential: ${differential.cases.toLocaleString('en')} cases over ${differential.policies.toLocaleString('en')} generated policies, ` +
      `${differential.refusedAlike.toLocaleString('en')} refused alike (FACTS_INVALID), ${differential.mismatches} mismatches`,
    '',
    'skipped' in server ? `Server: ${server.skipped}` : renderServerTable(server),
    '',
    'skipped' in impact
      ? `Impact analysis: ${impact.skipped}`
      : `Impact analysis: ${impact.decisions.toLocaleString('en')} stored decisions re-evaluated with two versions in ${impact.seconds} s ` +
        `(${impact.decisionsPerSecond.toLocaleString('en')}/s, CPU ${impact.cpuMicrosPerDecision} µs per decision; ${impact.changed.toLocaleString('en')} changed), memory ${impact.rssStartMb} → peak ${impact.rssPeakMb} MiB (loading took ${impact.loadSeconds} s)`,
    '',
    renderTargets(results.targets),
    '',
    `${results.durationSeconds} s in all${flags.quick ? ' (--quick: figures not to be quoted)' : ''}`,
  ];
  process.stdout.write(`${sections.join('\n')}\n`);
  mkdirSync(path.dirname(flags.out), { recursive: true });
  writeFileSync(flags.out, `${JSON.stringify(results, null, 2)}\n`);
  progress(`wrote ${path.relative(process.cwd(), flags.out)}`);
}

await main();
