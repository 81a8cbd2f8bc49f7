import { describe, expect, it } from 'vitest';
import { engineRatios, judgeTargets, renderTable, type BenchResults } from './bench-report.js';
import type { EngineCell } from './engine-bench.js';
import type { EngineTable } from './engine-table.js';

function results(overrides: Partial<BenchResults>): Omit<BenchResults, 'targets'> {
  return {
    generatedAt: '2026-01-01T00:00:00.000Z',
    machine: {
      cpuModel: 'cpu',
      cores: 2,
      memoryGiB: 1,
      node: 'v20',
      v8: '11',
      platform: 'linux',
      loadAverage: 0,
      commit: 'abc',
    },
    compiledVsJre: 1200,
    rules1000Vs100: 10,
    serverVsEcho: null,
    loggedVsUnlogged: null,
    mismatches: 0,
    engine: { workloads: {} as never, rows: {}, cells: {} as never, scalingPairs: [] },
    differential: {
      cases: 100_000,
      policies: 1,
      mismatches: 0,
      refusedAlike: 0,
      invalidDocuments: 0,
      byKind: {},
      examples: [],
      durationMs: 1,
    },
    server: { skipped: 'not run' },
    durationSeconds: 1,
    ...overrides,
  };
}

describe('judgeTargets', () => {
  it.each<[string, Partial<BenchResults>, string, boolean]>([
    ['compiledVsJre at the target', { compiledVsJre: 1000 }, 'compiledVsJre', true],
    ['compiledVsJre below', { compiledVsJre: 999.9 }, 'compiledVsJre', false],
    ['compiledVsJre missing', { compiledVsJre: null }, 'compiledVsJre', false],
    ['rules1000Vs100 at the target', { rules1000Vs100: 12 }, 'rules1000Vs100', true],
    ['rules1000Vs100 above', { rules1000Vs100: 12.1 }, 'rules1000Vs100', false],
    ['one mismatch', { mismatches: 1 }, 'mismatches', false],
    ['no server figures', {}, 'serverVsEcho', false],
  ])('%s', (_, overrides, target, pass) => {
    expect(judgeTargets(results(overrides))[target]?.pass).toBe(pass);
  });

  it('misses mismatches = 0 when fewer than 100,000 cases ran', () => {
    const few = results({});
    few.differential = { ...few.differential, cases: 99_999 };
    expect(judgeTargets(few).mismatches?.pass).toBe(false);
  });
});

describe('engineRatios', () => {
  const cell = (nsPerOp: number): EngineCell => ({
    ok: true,
    opsPerSec: 1e9 / nsPerOp,
    nsPerOp,
    opsPerWallSec: 1e9 / nsPerOp,
    cpuShare: 1,
    iterations: 1,
    checked: 1,
    disagreed: 0,
  });
  const table = {
    compiled: { default: cell(1_000), rules10: cell(2_000), rules100: cell(5_000), rules1000: cell(75_000) },
    jreReused: { default: cell(100_000) },
  } as unknown as EngineTable;

  it('divides the default scorecard cells for compiledVsJre', () => {
    expect(engineRatios(table).compiledVsJre).toBe(100);
  });

  it('takes rules1000Vs100 from the median back-to-back pair, else from the table', () => {
    expect(engineRatios(table).rules1000Vs100).toBe(15);
    expect(engineRatios(table, [9.5, 14.2, 10.1]).rules1000Vs100).toBe(10.1);
    expect(engineRatios(table, [9.5, 10.5]).rules1000Vs100).toBe(10);
  });
});

describe('renderTable', () => {
  it('pads the first column left and the others right', () => {
    expect(
      renderTable(
        ['row', 'n'],
        [
          ['a', '1'],
          ['bbb', '22'],
        ],
      ).split('\n'),
    ).toEqual(['row   n', '---  --', 'a     1', 'bbb  22']);
  });
});
