// Worker thread entry: runs one share of the differential check and posts its report back.
import { parentPort, workerData } from 'node:worker_threads';
import { runDifferential, type DifferentialOptions } from './differential-check.js';

parentPort?.postMessage(await runDifferential(workerData as DifferentialOptions));
