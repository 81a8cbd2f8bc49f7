// Turns a run's figures into the printed table, the ratios with their targets, and the JSON written
// to bench/results/latest.json.
import type { DifferentialReport } from './differential-check.js';
import { ENGINE_ROWS, WORKLOAD_IDS, type EngineCell, type WorkloadId } from './engine-bench.js';
import type { EngineTable } from './engine-table.js';
import type { MachineInfo } from './machine-info.js';
import type { ImpactBenchReport } from './impact-bench.js';
import type { ServerReport } from './server-bench.js';

/** A target a ratio is held to; a benchmark's verdict, not a test's. */
export interface TargetVerdict {
  readonly value: number | null;
  readonly target: string;
  readonly pass: boolean;
  /** What the value is, or why it is missing. */
  readonly note: string;
}

/** The JSON of one run (`bench/results/latest.json`). */
export interface BenchResults {
  generatedAt: string;
  machine: MachineInfo;
  /** Throughput of `evaluate` (default options) ÷ json-rules-engine with a reused Engine, default scorecard (reported, no target). */
  compiledVsJre: number | null;
  /** CPU time of the hand-written function ÷ that of `evaluate` (default options), default scorecard. */
  compiledVsFloor: number | null;
  /** Time per `evaluate` (default options), 1,000-line ÷ 100-line generated scorecard. */
  rules1000Vs100: number | null;
  /** Server `evaluate` requests/s (PostgreSQL, decision log off) ÷ node:http JSON echo requests/s. */
  serverVsEcho: number | null;
  /** Server `evaluate` requests/s with the decision log on ÷ off, on PostgreSQL. */
  loggedVsUnlogged: number | null;
  /** Server `evaluate` requests/s (PostgreSQL, log on, API key) ÷ a node:http json-rules-engine server's. */
  serverVsPeer: number | null;
  /** Differential cases where the compiled evaluator and json-rules-engine disagreed. */
  mismatches: number;
  targets: Record<string, TargetVerdict>;
  engine: {
    workloads: Record<WorkloadId, string>;
    rows: Record<string, string>;
    cells: EngineTable;
    /** rules1000Vs100 of each back-to-back pair of cells (its median is the ratio). */
    scalingPairs: number[];
  };
  differential: DifferentialReport;
  server: ServerReport | { skipped: string };
  /** A million stored decisions re-evaluated with two versions (impact analysis). */
  impact?: ImpactBenchReport | { skipped: string };
  durationSeconds: number;
}

function okCell(cell: EngineCell | undefined): Extract<EngineCell, { ok: true }> | undefined {
  return cell?.ok === true ? cell : undefined;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * The ratios of the engine table: compiledVsJre, compiledVsFloor, and rules1000Vs100 as the median
 * of the back-to-back pairs when there are any (else from the table's two cells).
 */
export function engineRatios(
  table: EngineTable,
  scalingPairs: readonly number[] = [],
): {
  compiledVsJre: number | null;
  compiledVsFloor: number | null;
  rules1000Vs100: number | null;
} {
  const compiled = okCell(table.compiled.default);
  const jre = okCell(table.jreReused.default);
  const floor = okCell(table.handWritten.default);
  const r100 = okCell(table.compiled.rules100);
  const r1000 = okCell(table.compiled.rules1000);
  const sorted = [...scalingPairs].sort((a, b) => a - b);
  const pairsMedian =
    sorted.length === 0
      ? null
      : sorted.length % 2 === 1
        ? sorted[(sorted.length - 1) / 2]!
        : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  const fromTable = r100 && r1000 ? r1000.nsPerOp / r100.nsPerOp : null;
  const scaling = pairsMedian ?? fromTable;
  return {
    compiledVsJre: compiled && jre ? round(compiled.opsPerSec / jre.opsPerSec, 2) : null,
    compiledVsFloor: compiled && floor ? round(floor.nsPerOp / compiled.nsPerOp, 3) : null,
    rules1000Vs100: scaling === null ? null : round(scaling, 2),
  };
}

/** The verdict on every target. */
export function judgeTargets(results: Omit<BenchResults, 'targets'>): Record<string, TargetVerdict> {
  const server = 'skipped' in results.server ? undefined : results.server;
  const serverClean =
    server !== undefined &&
    server.runs.every((run) => run.errors === 0 && run.wrongOutcomes === 0 && run.non2xx === 0);
  const atLeast = (value: number | null, min: number) => value !== null && value >= min;
  return {
    compiledVsFloor: {
      value: results.compiledVsFloor,
      target: '≥ 0.5',
      pass: atLeast(results.compiledVsFloor, 0.5),
      note: 'hand-written function CPU time ÷ evaluate (default options) CPU time per call, default scorecard',
    },
    rules1000Vs100: {
      value: results.rules1000Vs100,
      target: '≤ 12',
      pass: results.rules1000Vs100 !== null && results.rules1000Vs100 <= 12,
      note: 'evaluate (default options) CPU time per call, 1,000-line ÷ 100-line scorecard, median of back-to-back pairs',
    },
    serverVsEcho: {
      value: results.serverVsEcho,
      target: '≥ 0.6, zero errors, zero wrong outcomes',
      pass: atLeast(results.serverVsEcho, 0.6) && serverClean,
      note:
        server === undefined
          ? `no server figures: ${'skipped' in results.server ? results.server.skipped : ''}`
          : `server evaluate req/s (PostgreSQL, log off) ÷ node:http echo req/s, median of ${server.rounds} rounds; ${serverClean ? 'no' : 'SOME'} errors or wrong outcomes in any server run`,
    },
    loggedVsUnlogged: {
      value: results.loggedVsUnlogged,
      target: '≥ 0.8 on PostgreSQL',
      pass: atLeast(results.loggedVsUnlogged, 0.8),
      note: 'server evaluate req/s with the decision log on ÷ off, PostgreSQL, median of per-round ratios',
    },
    serverVsPeer: {
      value: results.serverVsPeer,
      target: '≥ 3, zero errors, zero wrong outcomes',
      pass: atLeast(results.serverVsPeer, 3) && serverClean,
      note: 'server evaluate req/s (PostgreSQL, log on, API key) ÷ node:http + json-rules-engine (one Engine per run in flight) req/s, median of per-round ratios',
    },
    impactMillion: (() => {
      const impact = results.impact === undefined || 'skipped' in results.impact ? undefined : results.impact;
      return {
        value: impact?.seconds ?? null,
        target: '≤ 60 s for 1,000,000 decisions',
        pass: impact !== undefined && impact.decisions >= 1_000_000 && impact.seconds <= 60,
        note:
          impact === undefined
            ? `no impact figures: ${results.impact === undefined ? 'not run' : (results.impact as { skipped: string }).skipped}`
            : `${impact.decisions.toLocaleString('en')} decisions, two versions each, PostgreSQL; peak memory ${impact.rssPeakMb} MiB (from ${impact.rssStartMb})`,
      };
    })(),
    mismatches: {
      value: results.mismatches,
      target: '= 0',
      pass: results.mismatches === 0 && results.differential.cases >= 100_000,
      note: `${results.differential.cases.toLocaleString('en')} differential cases (compiled ≡ json-rules-engine)`,
    },
  };
}

function formatOps(ops: number): string {
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)}M/s`;
  if (ops >= 1e4) return `${Math.round(ops / 1e3)}k/s`;
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(1)}k/s`;
  return `${ops.toFixed(ops >= 100 ? 0 : 1)}/s`;
}

function formatTime(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(ns >= 1e5 ? 0 : 2)} µs`;
  return `${Math.round(ns)} ns`;
}

/** A plain text table: the first column left-aligned, the others right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, c) => Math.max(cell.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** The engine table: one row per way of computing, one column per workload, throughput and time. */
export function renderEngineTable(table: EngineTable, workloadLabels: Record<WorkloadId, string>): string {
  const header = ['', ...WORKLOAD_IDS.map((id) => workloadLabels[id])];
  const notes: string[] = [];
  const rows = ENGINE_ROWS.map((row) => [
    row.label,
    ...WORKLOAD_IDS.map((workload) => {
      const cell = table[row.id][workload];
      if (!cell.ok) {
        if (!notes.includes(cell.reason)) notes.push(cell.reason);
        return `n/a [${notes.indexOf(cell.reason) + 1}]`;
      }
      const flag = cell.disagreed > 0 ? ` !${cell.disagreed}` : '';
      return `${formatOps(cell.opsPerSec)} ${formatTime(cell.nsPerOp)}${flag}`;
    }),
  ]);
  const footnotes = notes.map((note, i) => `[${i + 1}] ${note}`);
  return [renderTable(header, rows), ...footnotes].join('\n');
}

/** The server table: one row per configuration (echo first), then the batches and the notes. */
export function renderServerTable(server: ServerReport): string {
  const rows = server.runs.map((run) => [
    run.label,
    `${Math.round(run.requestsPerSec).toLocaleString('en')}`,
    run.p50Ms.toFixed(1),
    run.p99Ms.toFixed(1),
    run.requests.toLocaleString('en'),
    `${run.errors + run.non2xx}`,
    `${run.wrongOutcomes}`,
    run.vsEcho === null ? '' : run.vsEcho.toFixed(2),
    run.cpuMsPerRequest === null ? 'n/a' : `${Math.round(run.cpuMsPerRequest * 1000)}`,
    run.databaseCpuMsPerRequest === null ? '' : `${Math.round(run.databaseCpuMsPerRequest * 1000)}`,
  ]);
  const header = [
    `server, ${server.connections} connections`,
    'req/s',
    'p50 ms',
    'p99 ms',
    'requests',
    'errors',
    'wrong',
    '÷ echo',
    'CPU µs/req',
    'PostgreSQL CPU µs/req',
  ];
  const lines = [renderTable(header, rows)];
  if (server.repliesVsEcho !== null) {
    lines.push(
      `node:http answering evaluate's response ÷ echo: ${server.repliesVsEcho} (the ceiling of serverVsEcho for answers of that size)`,
    );
  }
  if (server.serverVsEchoCpu !== null) {
    lines.push(
      `CPU per request, echo ÷ server (PostgreSQL, log off): ${server.serverVsEchoCpu} (serverVsEcho measured in CPU instead of requests/s)`,
    );
  }
  for (const batch of server.batches) {
    lines.push(
      `evaluateBatch ${batch.factSets.toLocaleString('en')} fact sets, ${batch.database === 'postgres' ? 'PostgreSQL' : 'PGlite'}, log ${batch.decisionLog ? 'on' : 'off'}: ` +
        `${batch.seconds.toFixed(1)} s = ${Math.round(batch.factSets / batch.seconds).toLocaleString('en')} fact sets/s ` +
        `(${batch.requests} requests of ≤ ${batch.chunk}; ${batch.wrongOutcomes} wrong, ${batch.errors} errors)`,
    );
  }
  lines.push(...server.notes.map((note) => `note: ${note}`));
  return lines.join('\n');
}

/** The ratios with their targets and PASS / MISS. */
export function renderTargets(targets: Record<string, TargetVerdict>): string {
  const rows = Object.entries(targets).map(([name, verdict]) => [
    name,
    verdict.value === null ? 'n/a' : String(verdict.value),
    verdict.target,
    verdict.pass ? 'PASS' : 'MISS',
    verdict.note,
  ]);
  return renderTable(['ratio', 'value', 'target', 'verdict', 'what'], rows);
}

/** The machine block printed above the tables. */
export function renderMachine(machine: MachineInfo): string {
  return [
    `cpu: ${machine.cpuModel} × ${machine.cores} cores, ${machine.memoryGiB} GiB`,
    `node ${machine.node} (V8 ${machine.v8}), ${machine.platform}`,
    `commit ${machine.commit}, load average at start ${machine.loadAverage}`,
  ].join('\n');
}
