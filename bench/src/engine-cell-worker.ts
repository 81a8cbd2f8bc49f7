// Worker thread entry: times one cell of the engine table in a fresh V8 isolate and posts it back.
import { parentPort, workerData } from 'node:worker_threads';
import type { MeasureOptions } from './bench-measure.js';
import { measureEngineCell, type EngineRowId, type WorkloadId } from './engine-bench.js';

/** What the main thread asks a cell worker to time. */
export interface EngineCellRequest {
  readonly row: EngineRowId;
  readonly workload: WorkloadId;
  readonly measure: MeasureOptions;
}

const request = workerData as EngineCellRequest;
try {
  parentPort?.postMessage(await measureEngineCell(request.row, request.workload, request.measure));
} catch (error) {
  parentPort?.postMessage({ ok: false, reason: `the cell failed: ${String(error).split('\n')[0]}` });
}
