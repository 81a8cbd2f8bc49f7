import { describe, expect, it } from 'vitest';
import { ENGINE_ROWS, checkEngineRow, createWorkload } from './engine-bench.js';

// Every row of the table must compute the same total and grade as the hand-written function before it is timed;
// this checks that on the default scorecard and a small generated one (the bench itself checks all).
describe.each(['default', 'rules10'] as const)('engine rows on %s', (workloadId) => {
  const workload = createWorkload(workloadId);
  it.each(ENGINE_ROWS.map((row) => [row.id] as const))(
    '%s agrees with the hand-written function',
    async (row) => {
      const result = await checkEngineRow(row, workload);
      expect(result).toEqual({ checked: workload.facts.length, disagreed: 0 });
    },
    30_000,
  );
});
