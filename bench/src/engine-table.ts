// Runs the engine table: every row on every workload, each cell in its own worker thread, one at a
// time (two cores: a second timed thread would steal the first one's core).
import { Worker } from 'node:worker_threads';
import type { MeasureOptions } from './bench-measure.js';
import {
  ENGINE_ROWS,
  WORKLOAD_IDS,
  type EngineCell,
  type EngineRowId,
  type WorkloadId,
} from './engine-bench.js';
import type { EngineCellRequest } from './engine-cell-worker.js';

/** Cells by row id, then workload id. */
export type EngineTable = Record<EngineRowId, Record<WorkloadId, EngineCell>>;

function runCell(request: EngineCellRequest): Promise<EngineCell> {
  return new Promise((resolve) => {
    // V8 flags such as --expose-gc are process-wide: the worker sees them without execArgv.
    const worker = new Worker(new URL('./engine-cell-worker.js', import.meta.url), { workerData: request });
    let settled = false;
    worker.once('message', (cell: EngineCell) => {
      settled = true;
      resolve(cell);
    });
    worker.once('error', (error) => {
      if (!settled) resolve({ ok: false, reason: `the cell worker failed: ${error.message}` });
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) resolve({ ok: false, reason: `the cell worker exited with ${code}` });
    });
  });
}

/**
 * Times every row of {@link ENGINE_ROWS} on every workload; `onCell` is told of each cell as it is
 * done (progress output).
 */
export async function runEngineTable(
  measure: MeasureOptions | 'skip',
  onCell: (row: EngineRowId, workload: WorkloadId, cell: EngineCell) => void = () => undefined,
): Promise<EngineTable> {
  const table = Object.fromEntries(
    ENGINE_ROWS.map((row) => [row.id, {} as Record<WorkloadId, EngineCell>]),
  ) as EngineTable;
  // Workload by workload, so that the cells a ratio divides (compiled and json-rules-engine on the
  // default scorecard) are timed within seconds of each other, under the same machine load.
  for (const workload of WORKLOAD_IDS) {
    for (const row of ENGINE_ROWS) {
      const cell: EngineCell =
        measure === 'skip'
          ? { ok: false, reason: 'not run (--only)' }
          : await runCell({ row: row.id, workload, measure });
      table[row.id][workload] = cell;
      onCell(row.id, workload, cell);
    }
  }
  return table;
}

/**
 * `rules1000Vs100` timed for itself: `pairs` pairs of cells of `evaluate` (default options), the
 * 100-line scorecard then the 1,000-line one back to back, each pair's CPU-time ratio. The table's
 * own cells of the two are a minute apart; on a shared host whose speed drifts, a ratio of cells
 * timed seconds apart, and the median over pairs, moves much less. Empty when a cell failed.
 */
export async function runScalingPairs(measure: MeasureOptions, pairs: number): Promise<number[]> {
  const ratios: number[] = [];
  for (let pair = 0; pair < pairs; pair += 1) {
    const small = await runCell({ row: 'compiled', workload: 'rules100', measure });
    const large = await runCell({ row: 'compiled', workload: 'rules1000', measure });
    if (!small.ok || !large.ok) return [];
    ratios.push(large.nsPerOp / small.nsPerOp);
  }
  return ratios;
}
