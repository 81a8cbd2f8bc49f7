// Splits the differential check over worker threads (one per core): it is not timed, only counted.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  mergeDifferentialReports,
  type DifferentialOptions,
  type DifferentialReport,
} from './differential-check.js';

/**
 * Runs `cases` differential cases split over `threads` workers, each with its own seed derived from
 * `seed` (so the whole run stays deterministic), and merges their reports.
 */
export async function runDifferentialParallel(
  cases: number,
  seed: number,
  threads = Math.max(1, os.cpus().length),
): Promise<DifferentialReport> {
  if (cases <= 0) return mergeDifferentialReports([]);
  const share = Math.ceil(cases / threads);
  const reports = await Promise.all(
    Array.from({ length: threads }, (_, i) => {
      const options: DifferentialOptions = {
        cases: Math.min(share, cases - share * i),
        seed: seed + i * 7919,
      };
      return new Promise<DifferentialReport>((resolve, reject) => {
        const worker = new Worker(new URL('./differential-worker.js', import.meta.url), {
          workerData: options,
        });
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`a differential worker exited with ${code}`));
        });
      });
    }),
  );
  return mergeDifferentialReports(reports);
}
