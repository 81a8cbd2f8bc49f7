import { safeEvaluate } from '@precept/rules';
import type { Outcome } from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { mergeDifferentialReports, runDifferential } from './differential-check.js';

describe('runDifferential', () => {
  it('finds no mismatch between the compiled evaluator and json-rules-engine on a few hundred cases', async () => {
    const report = await runDifferential({ cases: 600, seed: 1 });
    expect(report.examples).toEqual([]);
    expect(report).toMatchObject({ cases: 600, mismatches: 0, invalidDocuments: 0 });
    expect(Object.values(report.byKind).every((count) => count > 50)).toBe(true);
    expect(report.refusedAlike).toBeGreaterThan(0);
  }, 60_000);

  it('catches an evaluator that differs from the reference', async () => {
    const wrong: typeof safeEvaluate = (compiled, facts, options) => {
      const result = safeEvaluate(compiled, facts, options);
      if (!result.ok || result.value.outcome.kind !== 'scorecard') return result;
      const outcome: Outcome = { ...result.value.outcome, total: result.value.outcome.total + 1 };
      return { ok: true, value: { ...result.value, outcome } };
    };
    const report = await runDifferential({ cases: 120, seed: 2, candidate: wrong });
    expect(report.mismatches).toBeGreaterThan(0);
    expect(report.examples[0]).toMatchObject({ kind: 'scorecard', what: 'result' });
  }, 60_000);

  it('compares traces, not only outcomes', async () => {
    const traceless: typeof safeEvaluate = (compiled, facts, options) => {
      const result = safeEvaluate(compiled, facts, options);
      return result.ok ? { ok: true, value: { ...result.value, trace: [] } } : result;
    };
    const report = await runDifferential({ cases: 60, seed: 3, candidate: traceless });
    expect(report.mismatches).toBeGreaterThan(0);
  }, 60_000);

  it('is deterministic for a seed', async () => {
    const [a, b] = [
      await runDifferential({ cases: 60, seed: 9 }),
      await runDifferential({ cases: 60, seed: 9 }),
    ];
    expect({ ...a, durationMs: 0 }).toEqual({ ...b, durationMs: 0 });
  }, 60_000);
});

describe('mergeDifferentialReports', () => {
  it('adds the counts and keeps at most five examples', () => {
    const report = (mismatches: number) => ({
      cases: 10,
      policies: 2,
      mismatches,
      refusedAlike: 1,
      invalidDocuments: 0,
      byKind: { scorecard: 10 },
      examples: Array.from({ length: Math.min(mismatches, 5) }, () => ({
        kind: 'scorecard',
        document: {},
        facts: {},
        asOf: '2026-01-01',
        what: 'result' as const,
        compiled: 1,
        reference: 2,
      })),
      durationMs: mismatches,
    });
    const merged = mergeDifferentialReports([report(4), report(3)]);
    expect(merged).toMatchObject({
      cases: 20,
      mismatches: 7,
      refusedAlike: 2,
      byKind: { scorecard: 20 },
      durationMs: 4,
    });
    expect(merged.examples).toHaveLength(5);
  });
});
