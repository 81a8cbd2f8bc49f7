import {
  GUIDELINE_EFFECTIVE_FROM,
  GUIDELINE_SUBJECTS,
  findGuidelinePolicy,
  type ScorecardDocument,
} from '@precept/schema';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PolicyVersionSource } from '../evaluation/policy-set.js';
import { fail, ok, type SdkResult } from '../sdk-error.js';
import type { BundleChange } from '../types.js';
import type { BundleFetch, LocalBackend, ReportedDecision } from './local-backend.js';
import { BundleEvaluator } from './local-evaluator.js';

const scorecard = findGuidelinePolicy('service-performance-scorecard')!;
const subject = GUIDELINE_SUBJECTS.find((candidate) => candidate.key === scorecard.policy.subjectKey)!;
const facts = scorecard.testCases[0]!.facts;
const asOf = '2026-03-31';

function source(version: number, document: unknown = scorecard.document): PolicyVersionSource {
  return {
    policyKey: scorecard.policy.key,
    version,
    document,
    subject,
    effectiveFrom: GUIDELINE_EFFECTIVE_FROM,
    effectiveTo: null,
  };
}

/** A scripted backend: each fetch takes the next answer (the last one repeats); reports are kept. */
function scriptedBackend(answers: SdkResult<BundleFetch>[]) {
  const reports: ReportedDecision[][] = [];
  const etags: (string | null)[] = [];
  let reportsFail = false;
  const backend: LocalBackend = {
    fetchBundle: (_keys, etag) => {
      etags.push(etag);
      return Promise.resolve(answers.length > 1 ? answers.shift()! : answers[0]!);
    },
    reportDecisions: (batch) => {
      if (reportsFail) return Promise.resolve(fail('UNAVAILABLE', 'down', { transport: 'network' }));
      reports.push(batch);
      return Promise.resolve(ok(batch.length));
    },
  };
  return {
    backend,
    reports,
    etags,
    answers,
    setReportsFail: (value: boolean) => {
      reportsFail = value;
    },
  };
}

const modified = (etag: string, ...sources: PolicyVersionSource[]): SdkResult<BundleFetch> =>
  ok({ status: 'modified', etag, sources, timeZone: 'Asia/Shanghai' });
const notModified: SdkResult<BundleFetch> = ok({ status: 'not-modified' });
const unreachable: SdkResult<BundleFetch> = fail('UNAVAILABLE', 'connect ECONNREFUSED', {
  transport: 'network',
});

let open: BundleEvaluator[] = [];
function evaluator(backend: LocalBackend, options = {}, now?: () => Date) {
  const created = new BundleEvaluator(backend, { refreshMs: 0, reportFlushMs: 0, ...options }, now);
  open.push(created);
  return created;
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(open.map((item) => item.close()));
  open = [];
});

describe('BundleEvaluator', () => {
  it('is not usable before the first bundle, then evaluates with it', async () => {
    const { backend } = scriptedBackend([modified('e1', source(1))]);
    const local = evaluator(backend);
    const early = await local.evaluate(scorecard.policy.key, facts, { asOf });
    expect(early).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    local.start();
    await expect(local.ready()).resolves.toMatchObject({
      ok: true,
      value: { etag: 'e1', versions: { [scorecard.policy.key]: 1 } },
    });
    const result = await local.evaluate(scorecard.policy.key, facts, { asOf, kind: 'scorecard' });
    expect(result).toMatchObject({ ok: true, value: { version: 1, source: 'local' } });
  });

  it('sends the ETag it holds, and a 304 keeps the bundle and renews its age', async () => {
    let nowMs = Date.parse('2026-05-01T00:00:00Z');
    const script = scriptedBackend([modified('e1', source(1)), notModified]);
    const local = evaluator(script.backend, {}, () => new Date(nowMs));
    await local.refresh();
    nowMs += 60_000;
    expect(local.status().ageMs).toBe(60_000);
    await local.refresh();
    expect(script.etags).toEqual([null, 'e1']);
    expect(local.status()).toMatchObject({ etag: 'e1', ageMs: 0, lastError: null });
  });

  it.each([
    { name: 'an unreachable server', answer: unreachable, code: 'UNAVAILABLE' },
    {
      name: 'an invalid document',
      answer: modified('e2', source(2, { ...scorecard.document, lines: [] })),
      code: 'VALIDATION',
    },
    {
      name: 'a version whose content does not match its hash',
      answer: modified('e2', { ...source(2), contentHash: '0'.repeat(64) }),
      code: 'VALIDATION',
    },
    { name: 'a bundle missing a requested policy', answer: modified('e2'), code: 'NOT_FOUND' },
  ])('keeps serving the last good bundle after $name, and says how old it is', async ({ answer, code }) => {
    let nowMs = Date.parse('2026-05-01T00:00:00Z');
    const script = scriptedBackend([modified('e1', source(1)), answer]);
    const local = evaluator(script.backend, { policies: [scorecard.policy.key] }, () => new Date(nowMs));
    const changes: BundleChange[] = [];
    local.onChange((change) => changes.push(change));
    await local.refresh();
    nowMs += 90_000;
    const refreshed = await local.refresh();
    expect(refreshed).toMatchObject({ ok: false, error: { code } });
    expect(local.status()).toMatchObject({
      etag: 'e1',
      versions: { [scorecard.policy.key]: 1 },
      ageMs: 90_000,
      lastError: { code },
    });
    const result = await local.evaluate(scorecard.policy.key, facts, { asOf });
    expect(result).toMatchObject({ ok: true, value: { version: 1 } });
    expect(changes).toHaveLength(1);
  });

  it('swaps a new bundle in whole and tells listeners what changed', async () => {
    const stricter: ScorecardDocument = { ...(scorecard.document as ScorecardDocument), baseScore: 90 };
    const script = scriptedBackend([
      modified('e1', source(1)),
      modified(
        'e2',
        { ...source(1), effectiveTo: '2026-03-01T00:00:00.000Z' },
        { ...source(2, stricter), effectiveFrom: '2026-03-01T00:00:00.000Z' },
      ),
    ]);
    const local = evaluator(script.backend);
    const changes: BundleChange[] = [];
    local.onChange((change) => changes.push(change));
    await local.refresh();
    const v1 = await local.evaluate(scorecard.policy.key, facts, { asOf, kind: 'scorecard' });
    await local.refresh();
    const v2 = await local.evaluate(scorecard.policy.key, facts, { asOf, kind: 'scorecard' });
    const old = await local.evaluate(scorecard.policy.key, facts, { asOf: '2026-02-28', kind: 'scorecard' });
    expect(changes.map((change) => [change.etag, change.changed])).toEqual([
      ['e1', [{ policyKey: scorecard.policy.key, from: null, to: 1 }]],
      ['e2', [{ policyKey: scorecard.policy.key, from: 1, to: 2 }]],
    ]);
    if (!v1.ok || !v2.ok || !old.ok) throw new Error('evaluation failed');
    expect(v2.value.version).toBe(2);
    expect(v2.value.outcome.baseScore).toBe(90);
    expect(v2.value.contentHash).not.toBe(v1.value.contentHash);
    expect(old.value.version).toBe(1);
  });

  it('refreshes on its interval', async () => {
    vi.useFakeTimers();
    const script = scriptedBackend([modified('e1', source(1)), modified('e2', source(2))]);
    const local = evaluator(script.backend, { refreshMs: 10_000 }).start();
    await vi.advanceTimersByTimeAsync(0);
    expect(local.status().etag).toBe('e1');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(local.status().etag).toBe('e2');
  });

  it('retries the first download until it succeeds, resolving ready()', async () => {
    vi.useFakeTimers();
    const script = scriptedBackend([unreachable, unreachable, modified('e1', source(1))]);
    const local = evaluator(script.backend, { refreshMs: 60_000 }).start();
    const ready = local.ready();
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(ready).resolves.toMatchObject({ ok: true, value: { etag: 'e1' } });
    expect(script.etags).toEqual([null, null, null]);
  });

  it('ends a ready() wait on abort or close, with an error', async () => {
    const local = evaluator(scriptedBackend([unreachable]).backend);
    const controller = new AbortController();
    const aborted = local.ready({ signal: controller.signal });
    controller.abort();
    await expect(aborted).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    const closed = local.ready();
    await local.close();
    await expect(closed).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it.each([
    { name: 'a refused key', answer: fail('UNAUTHORIZED', 'unknown API key', { status: 401 }) },
    {
      name: 'a key without the bundles scope',
      answer: fail('FORBIDDEN', 'scope bundles needed', { status: 403 }),
    },
    { name: 'an invalid bundle', answer: modified('e1', source(1, { ...scorecard.document, lines: [] })) },
  ])('ends ready() at once with the error after $name, and keeps refreshing', async ({ answer }) => {
    const script = scriptedBackend([answer, modified('e1', source(1))]);
    const local = evaluator(script.backend).start();
    const ready = await local.ready();
    expect(ready.ok).toBe(false);
    expect(local.status().isReady).toBe(false);
    await expect(local.refresh()).resolves.toMatchObject({ ok: true, value: { etag: 'e1' } });
  });

  it('refuses a bundle older than maxAgeMs', async () => {
    let nowMs = Date.parse('2026-05-01T00:00:00Z');
    const local = evaluator(
      scriptedBackend([modified('e1', source(1)), unreachable]).backend,
      { maxAgeMs: 60_000 },
      () => new Date(nowMs),
    );
    await local.refresh();
    nowMs += 60_001;
    await local.refresh();
    const result = await local.evaluate(scorecard.policy.key, facts, { asOf });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('reports local decisions with their facts, and flushes on close', async () => {
    const script = scriptedBackend([modified('e1', source(1))]);
    const local = evaluator(script.backend);
    await local.refresh();
    const one = await local.evaluate(scorecard.policy.key, facts, { asOf });
    const batch = await local.evaluateBatch(scorecard.policy.key, [facts, { wrong: 1 }, facts], { asOf });
    expect(local.status().report).toMatchObject({ queued: 3, sent: 0 });
    await local.close();
    expect(script.reports.flat()).toHaveLength(3);
    expect(script.reports[0]![0]).toMatchObject({
      decisionId: one.ok ? one.value.decisionId : '',
      facts,
      source: 'local',
    });
    expect(batch.ok && batch.value.map((item) => item.ok)).toEqual([true, false, true]);
    await expect(local.evaluate(scorecard.policy.key, facts, { asOf })).resolves.toMatchObject({ ok: false });
  });

  it('counts decisions dropped while the decision log is unreachable', async () => {
    const script = scriptedBackend([modified('e1', source(1))]);
    script.setReportsFail(true);
    const local = evaluator(script.backend, { reportCapacity: 2, reportBatchSize: 10 });
    await local.refresh();
    for (let i = 0; i < 5; i += 1) await local.evaluate(scorecard.policy.key, facts, { asOf });
    expect(local.status().report).toMatchObject({ queued: 2, dropped: 3 });
    script.setReportsFail(false);
    await local.close();
    expect(script.reports.flat()).toHaveLength(2);
  });

  it('does not report when report is false', async () => {
    const script = scriptedBackend([modified('e1', source(1))]);
    const local = evaluator(script.backend, { report: false });
    await local.refresh();
    await local.evaluate(scorecard.policy.key, facts, { asOf });
    await local.close();
    expect(script.reports).toEqual([]);
  });
});
