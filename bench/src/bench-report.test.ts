import { describe, expect, it } from 'vitest';
import { judgeTargets, renderTable, type BenchResults } from './bench-report.js';

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
    engine: { workloads: {} as never, rows: {}, cells: {} as never },
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
