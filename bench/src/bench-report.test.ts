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
    compiledVsFloor: 0.6,
    rules1000Vs100: 10,
    serverVsEcho: null,
    loggedVsUnlogged: null,
    serverVsPeer: null,
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
    ['compiledVsFloor at the target', { compiledVsFloor: 0.5 }, 'compiledVsFloor', true],
    ['compiledVsFloor below', { compiledVsFloor: 0.499 }, 'compiledVsFloor', false],
    ['compiledVsFloor missing', { compiledVsFloor: null }, 'compiledVsFloor', false],
    ['rules1000Vs100 at the target', { rules1000Vs100: 12 }, 'rules1000Vs100', true],
    ['rules1000Vs100 above', { rules1000Vs100: 12.1 }, 'rules1000Vs100', false],
    ['one mismatch', { mismatches: 1 }, 'mismatches', false],
    ['no server figures', {}, 'serverVsEcho', false],
    ['serverVsPeer without server figures', { serverVsPeer: 3.5 }, 'serverVsPeer', false],
    ['loggedVsUnlogged at the target', { loggedVsUnlogged: 0.8 }, 'loggedVsUnlogged', true],
    ['loggedVsUnlogged below', { loggedVsUnlogged: 0.79 }, 'loggedVsUnlogged', false],
  ])('%s', (_, overrides, target, pass) => {
    expect(judgeTargets(results(overrides))[target]?.pass).toBe(pass);
  });

  it('reports compiledVsJre without holding it to a target', () => {
    expect(judgeTargets(results({ compiledVsJre: 80 })).compiledVsJre).toBeUndefined();
  });

  it.each<[string, number, number, boolean]>([
    ['both met', 0.6, 3, true],
    ['serverVsEcho below', 0.59, 3, false],
    ['serverVsPeer below', 0.6, 2.99, false],
  ])('judges the server ratios with clean runs: %s', (_, serverVsEcho, serverVsPeer, pass) => {
    const server = {
      rounds: 5,
      runs: [{ errors: 0, wrongOutcomes: 0, non2xx: 0 }],
    } as unknown as BenchResults['server'];
    const targets = judgeTargets(results({ server, serverVsEcho, serverVsPeer }));
    expect(targets.serverVsEcho!.pass && targets.serverVsPeer!.pass).toBe(pass);
  });

  it('misses the server ratios when a run had wrong outcomes', () => {
    const server = {
      rounds: 5,
      runs: [{ errors: 0, wrongOutcomes: 1, non2xx: 0 }],
    } as unknown as BenchResults['server'];
    const targets = judgeTargets(results({ server, serverVsEcho: 0.9, serverVsPeer: 5 }));
    expect([targets.serverVsEcho!.pass, targets.serverVsPeer!.pass]).toEqual([false, false]);
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
    handWritten: { default: cell(250) },
  } as unknown as EngineTable;

  it('divides the default scorecard cells for compiledVsJre', () => {
    expect(engineRatios(table).compiledVsJre).toBe(100);
  });

  it('divides the hand-written cell by the compiled one for compiledVsFloor', () => {
    expect(engineRatios(table).compiledVsFloor).toBe(0.25);
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
