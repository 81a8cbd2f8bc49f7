import {
  GUIDELINE_EFFECTIVE_FROM,
  GUIDELINE_SUBJECTS,
  findGuidelinePolicy,
  type ScorecardDocument,
} from '@precept/schema';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newSigningKey, signedBundleOf, TEST_KEY } from '../../test/bundle-signing.js';
import type { PolicyVersionSource } from '../evaluation/policy-set.js';
import { fail, ok, type SdkResult } from '../sdk-error.js';
import type { BundleChange, LocalEvent, LocalOptions } from '../types.js';
import { decodeSavedBundle, encodeSavedBundle, type BundleStore } from './bundle-store.js';
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
  ok({ status: 'modified', bundle: signedBundleOf(etag, sources) });
const notModified: SdkResult<BundleFetch> = ok({ status: 'not-modified' });
const unreachable: SdkResult<BundleFetch> = fail('UNAVAILABLE', 'connect ECONNREFUSED', {
  transport: 'network',
});

let open: BundleEvaluator[] = [];
function evaluator(backend: LocalBackend, options: Partial<LocalOptions> = {}, now?: () => Date) {
  const created = new BundleEvaluator(
    backend,
    { publicKey: TEST_KEY.publicKeyPem, refreshMs: 0, reportFlushMs: 0, ...options },
    now,
  );
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

describe('BundleEvaluator trusting bundles', () => {
  const signed = signedBundleOf('e2', [source(2)]);
  const tampered = structuredClone(signed);
  tampered.versions[0]!.effectiveFrom = '2020-01-01T00:00:00.000Z';
  const { signature: _signature, ...unsigned } = signed;
  const other = newSigningKey();

  it.each([
    { name: 'a bundle changed after signing', bundle: tampered, refusal: 'signature-invalid' },
    { name: 'an unsigned bundle', bundle: unsigned, refusal: 'unsigned' },
    { name: 'a bundle signed by another key', bundle: signedBundleOf('e2', [source(2)], other), refusal: 'key-mismatch' },
    { name: 'a signed bundle of another shape', bundle: null, refusal: 'malformed' },
  ])('refuses $name with a typed error and keeps the last good one', async ({ bundle, refusal }) => {
    const events: LocalEvent[] = [];
    const script = scriptedBackend([modified('e1', source(1)), ok({ status: 'modified', bundle })]);
    const local = evaluator(script.backend, { onEvent: (event) => events.push(event) });
    await local.refresh();
    const refused = await local.refresh();
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', refusal } });
    expect(local.status()).toMatchObject({ etag: 'e1', versions: { [scorecard.policy.key]: 1 }, lastError: { refusal } });
    await expect(local.evaluate(scorecard.policy.key, facts, { asOf })).resolves.toMatchObject({
      ok: true,
      value: { version: 1 },
    });
    expect(events).toEqual([
      expect.objectContaining({ type: 'refused', from: 'server', error: expect.objectContaining({ refusal }) }),
    ]);
  });

  it('needs the public key: a missing or malformed one is a configuration mistake', () => {
    const { backend } = scriptedBackend([modified('e1', source(1))]);
    expect(() => new BundleEvaluator(backend, {} as LocalOptions)).toThrow(TypeError);
    expect(() => new BundleEvaluator(backend, { publicKey: 'not a key' })).toThrow(/Ed25519 signing key/);
    expect(() => new BundleEvaluator(backend, { publicKey: new Uint8Array(31) })).toThrow(TypeError);
  });
});

/** A store in memory, counting what was saved. */
function memoryStore(text: string | null = null) {
  const store: BundleStore & { text: string | null; saves: number } = {
    text,
    saves: 0,
    load: () => Promise.resolve(store.text),
    save: (next) => {
      store.text = next;
      store.saves += 1;
      return Promise.resolve();
    },
  };
  return store;
}

describe('BundleEvaluator with a store', () => {
  const downloadedAt = '2026-05-01T00:00:00.000Z';
  const savedText = encodeSavedBundle({ fetchedAt: downloadedAt, bundle: signedBundleOf('e1', [source(1)]) });

  it('saves each new bundle as received, signature included', async () => {
    const store = memoryStore();
    const events: LocalEvent[] = [];
    const now = () => new Date(downloadedAt);
    const local = evaluator(
      scriptedBackend([modified('e1', source(1))]).backend,
      { store, onEvent: (event) => events.push(event) },
      now,
    ).start();
    await local.ready();
    await vi.waitFor(() => expect(store.saves).toBe(1));
    const saved = decodeSavedBundle(store.text!);
    expect(saved).toMatchObject({ ok: true, value: { fetchedAt: downloadedAt, bundle: { etag: 'e1', signature: { keyId: TEST_KEY.keyId } } } });
    expect(events.map((event) => event.type)).toEqual(['saved']);
  });

  it('starts from the saved bundle while the server is down, saying how old it is', async () => {
    const nowMs = Date.parse(downloadedAt) + 3_600_000;
    const events: LocalEvent[] = [];
    const script = scriptedBackend([unreachable, unreachable, notModified]);
    const local = evaluator(
      script.backend,
      { store: memoryStore(savedText), policies: [scorecard.policy.key], onEvent: (event) => events.push(event) },
      () => new Date(nowMs),
    ).start();
    const ready = await local.ready();
    expect(ready).toMatchObject({ ok: true, value: { etag: 'e1', source: 'store', fetchedAt: downloadedAt, ageMs: 3_600_000 } });
    expect(events[0]).toMatchObject({ type: 'restored', etag: 'e1', fetchedAt: downloadedAt, ageMs: 3_600_000 });
    expect(events[0]!.message).toContain('3600 s ago');
    await expect(local.evaluate(scorecard.policy.key, facts, { asOf })).resolves.toMatchObject({
      ok: true,
      value: { version: 1, source: 'local' },
    });
    // The server is back: it confirms the saved bundle by its ETag, and the age starts again.
    await vi.waitFor(() => expect(script.etags.length).toBeGreaterThan(0));
    await local.refresh();
    await local.refresh();
    expect(script.etags.every((etag) => etag === 'e1')).toBe(true);
    expect(local.status()).toMatchObject({ source: 'server', ageMs: 0, lastError: null });
  });

  it.each([
    {
      name: 'a tampered saved bundle',
      text: savedText.replace('"effectiveTo":null', '"effectiveTo":"2026-04-01T00:00:00.000Z"'),
      refusal: 'signature-invalid',
    },
    { name: 'a saved file of something else', text: '{"hello":1}', refusal: 'malformed' },
    { name: 'a cut saved file', text: savedText.slice(0, 200), refusal: 'malformed' },
  ])('refuses $name at start and waits for the server, then saves over it', async ({ text, refusal }) => {
    expect(text).not.toBe(savedText);
    const store = memoryStore(text);
    const events: LocalEvent[] = [];
    const script = scriptedBackend([unreachable, modified('e2', source(2))]);
    const local = evaluator(script.backend, { store, onEvent: (event) => events.push(event) }).start();
    await vi.waitFor(() => expect(events.length).toBeGreaterThan(0));
    expect(events[0]).toMatchObject({ type: 'refused', from: 'store', error: { code: 'VALIDATION', refusal } });
    expect(local.status()).toMatchObject({ isReady: false, source: null });
    await expect(local.evaluate(scorecard.policy.key, facts, { asOf })).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    const ready = await local.ready();
    expect(ready).toMatchObject({ ok: true, value: { etag: 'e2', source: 'server' } });
    await vi.waitFor(() => expect(store.saves).toBe(1));
    expect(decodeSavedBundle(store.text!)).toMatchObject({ ok: true, value: { bundle: { etag: 'e2' } } });
  });
});
