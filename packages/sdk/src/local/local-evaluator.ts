import type { JsonObject, PolicyKind } from '@precept/schema';
import { newDecisionId, type DecideContext } from '../evaluation/decide.js';
import { batchDecisions, evaluateBatchInSet, evaluateInSet } from '../evaluation/evaluate-set.js';
import { CompiledPolicySet, sourcesOf } from '../evaluation/policy-set.js';
import { fail, messageOf, ok, type SdkError, type SdkResult } from '../sdk-error.js';
import { backoffDelay } from '../transport/retry-policy.js';
import { unrefTimer } from '../transport/signals.js';
import type {
  BatchItem,
  BundleChange,
  EvaluateOptions,
  Facts,
  LocalEvaluator,
  LocalEvent,
  LocalOptions,
  LocalStatus,
  PolicyDecision,
} from '../types.js';
import { decodeSavedBundle, encodeSavedBundle } from './bundle-store.js';
import { parsePublicKey, verifyBundle, type TrustedKey } from './bundle-trust.js';
import { DecisionReporter } from './decision-reporter.js';
import type { LocalBackend, ReportedDecision } from './local-backend.js';

function asOfText(asOf: string | Date | undefined): string | undefined {
  return asOf instanceof Date ? asOf.toISOString() : asOf;
}

/** Defaults of {@link LocalOptions}. */
export const LOCAL_DEFAULTS = {
  refreshMs: 30_000,
  /**
   * Without `since`, the bundle is asked for as of this long before the local clock: a version that
   * just ended stays in it, so a client whose clock lags the server's still finds a version in force
   * right after a publish (it then decides by its own clock, as its default as-of does).
   */
  clockSkewMarginMs: 10 * 60_000,
  reportFlushMs: 5_000,
  reportCapacity: 10_000,
  reportBatchSize: 500,
} as const;

/** The bundle in use: replaced as a whole, never edited. */
interface Loaded {
  readonly set: CompiledPolicySet;
  readonly etag: string;
  /** The bundle as received (signed), what the store saves. */
  readonly received: unknown;
}

/**
 * A local evaluator over a {@link LocalBackend}: downloads and compiles the bundle, refreshes it with
 * the ETag, swaps a new bundle in only once every version of it compiled (a truncated download or an
 * invalid document leaves the last good bundle in use), keeps serving that bundle while the server is
 * unreachable, and reports local decisions in batches. Every bundle is verified against the
 * configured public key first; with a store, the last good one is saved and a start with the server
 * away begins from it.
 */
export class BundleEvaluator implements LocalEvaluator {
  readonly #backend: LocalBackend;
  readonly #options: LocalOptions;
  readonly #refreshMs: number;
  readonly #now: () => Date;
  readonly #key: TrustedKey;
  readonly #context: DecideContext;
  readonly #reporter: DecisionReporter<ReportedDecision> | null;
  readonly #listeners = new Set<(change: BundleChange) => void>();
  readonly #readyWaiters = new Set<(result: SdkResult<LocalStatus>) => void>();
  #loaded: Loaded | null = null;
  #fetchedAtMs: number | null = null;
  #source: 'server' | 'store' | null = null;
  #lastError: SdkError | null = null;
  #failures = 0;
  #refreshing: Promise<SdkResult<LocalStatus>> | null = null;
  /** The saves to the store in flight, one after another; `close()` waits for them. */
  #saving: Promise<void> = Promise.resolve();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #isClosed = false;

  /** Throws a `TypeError` when `options.publicKey` is not an Ed25519 public key. */
  constructor(backend: LocalBackend, options: LocalOptions, now: () => Date = () => new Date()) {
    this.#key = parsePublicKey((options as Partial<LocalOptions>).publicKey ?? '');
    this.#backend = backend;
    this.#options = options;
    this.#refreshMs = options.refreshMs ?? LOCAL_DEFAULTS.refreshMs;
    this.#now = now;
    this.#context = { source: 'local', now, newId: newDecisionId };
    this.#reporter =
      options.report === false
        ? null
        : new DecisionReporter<ReportedDecision>({
            send: (batch) => backend.reportDecisions(batch),
            capacity: options.reportCapacity ?? LOCAL_DEFAULTS.reportCapacity,
            batchSize: options.reportBatchSize ?? LOCAL_DEFAULTS.reportBatchSize,
            flushMs: options.reportFlushMs ?? LOCAL_DEFAULTS.reportFlushMs,
          });
  }

  /** Restores the saved bundle (with a store), then starts the first download and the refresh cycle. */
  start(): this {
    if (this.#options.store === undefined) void this.refresh();
    else void this.#restore().then(() => this.refresh());
    return this;
  }

  evaluate<K extends PolicyKind = PolicyKind>(
    policyKey: string,
    facts: Facts,
    options: EvaluateOptions<K> = {},
  ): Promise<SdkResult<PolicyDecision<K>>> {
    const usable = this.#usable();
    if (!usable.ok) return Promise.resolve(usable);
    const result = evaluateInSet(usable.value.set, policyKey, facts, options, this.#context);
    if (!result.ok) return Promise.resolve(result);
    this.#report(result.value.decision, result.value.facts);
    return Promise.resolve(ok(result.value.decision));
  }

  evaluateBatch<K extends PolicyKind = PolicyKind>(
    policyKey: string,
    factSets: readonly Facts[],
    options: EvaluateOptions<K> = {},
  ): Promise<SdkResult<BatchItem<K>[]>> {
    const usable = this.#usable();
    if (!usable.ok) return Promise.resolve(usable);
    const result = evaluateBatchInSet(usable.value.set, policyKey, factSets, options, this.#context);
    if (!result.ok) return Promise.resolve(result);
    for (const item of result.value) if (item.ok) this.#report(item.value.decision, item.value.facts);
    return Promise.resolve(ok(batchDecisions(result.value)));
  }

  ready(options: { signal?: AbortSignal | undefined } = {}): Promise<SdkResult<LocalStatus>> {
    if (this.#isClosed) return Promise.resolve(this.#closedResult());
    if (this.#loaded !== null) return Promise.resolve(ok(this.status()));
    if (options.signal?.aborted) return Promise.resolve(this.#notReadyResult());
    return new Promise((resolve) => {
      const finish = (result: SdkResult<LocalStatus>): void => {
        this.#readyWaiters.delete(finish);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const onAbort = (): void => finish(this.#notReadyResult());
      this.#readyWaiters.add(finish);
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  status(): LocalStatus {
    const nowMs = this.#now().getTime();
    const report = this.#reporter?.status() ?? {
      queued: 0,
      sent: 0,
      dropped: 0,
      rejected: 0,
      lastError: null,
    };
    return {
      isReady: this.#loaded !== null && !this.#isClosed,
      etag: this.#loaded?.etag ?? null,
      versions: this.#loaded?.set.latestVersions() ?? {},
      fetchedAt: this.#fetchedAtMs === null ? null : new Date(this.#fetchedAtMs).toISOString(),
      source: this.#loaded === null ? null : this.#source,
      ageMs: this.#fetchedAtMs === null ? null : Math.max(0, nowMs - this.#fetchedAtMs),
      lastError: this.#lastError,
      report,
    };
  }

  onChange(listener: (change: BundleChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  refresh(): Promise<SdkResult<LocalStatus>> {
    if (this.#isClosed) return Promise.resolve(this.#closedResult());
    this.#refreshing ??= this.#refreshOnce()
      .catch((error: unknown) => this.#failed({ code: 'INTERNAL', message: messageOf(error) }))
      .then((result) => {
        this.#refreshing = null;
        if (result.ok) this.#settleReady(result);
        // Waiting cannot fix a refused key or a missing policy: a first load failing so ends
        // ready() now (refreshing goes on, in case an administrator fixes it).
        else if (this.#loaded === null && result.error.code !== 'UNAVAILABLE') this.#settleReady(result);
        this.#schedule();
        return result;
      });
    return this.#refreshing;
  }

  async close(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#settleReady(this.#closedResult());
    this.#listeners.clear();
    await this.#refreshing;
    await this.#saving;
    await this.#reporter?.close();
  }

  /** The bundle to evaluate with, or why there is none (not loaded, closed, too old). */
  #usable(): SdkResult<Loaded> {
    if (this.#isClosed) return this.#closedResult();
    if (this.#loaded === null) {
      const detail = this.#lastError ? ` (last error: ${this.#lastError.message})` : '';
      return fail('UNAVAILABLE', `no bundle loaded yet; await ready()${detail}`);
    }
    const maxAgeMs = this.#options.maxAgeMs;
    if (maxAgeMs !== undefined && this.#fetchedAtMs !== null) {
      const ageMs = this.#now().getTime() - this.#fetchedAtMs;
      if (ageMs > maxAgeMs) {
        return fail(
          'UNAVAILABLE',
          `the bundle was last confirmed ${ageMs} ms ago, more than maxAgeMs ${maxAgeMs}`,
        );
      }
    }
    return ok(this.#loaded);
  }

  #notReadyResult(): SdkResult<never> {
    const detail = this.#lastError ? `; last error: ${this.#lastError.code} ${this.#lastError.message}` : '';
    return fail('UNAVAILABLE', `no bundle loaded yet${detail}`, { transport: 'aborted' });
  }

  #settleReady(result: SdkResult<LocalStatus>): void {
    for (const waiter of [...this.#readyWaiters]) waiter(result);
  }

  #closedResult(): SdkResult<never> {
    return fail('UNAVAILABLE', 'the local evaluator is closed');
  }

  #report(decision: PolicyDecision, facts: Facts): void {
    this.#reporter?.enqueue({
      ...decision,
      facts: facts as JsonObject,
      createdAt: this.#now().toISOString(),
    });
  }

  async #refreshOnce(): Promise<SdkResult<LocalStatus>> {
    const fetched = await this.#backend.fetchBundle(
      this.#options.policies,
      this.#loaded?.etag ?? null,
      asOfText(this.#options.since) ??
        new Date(this.#now().getTime() - LOCAL_DEFAULTS.clockSkewMarginMs).toISOString(),
    );
    if (this.#isClosed) return this.#closedResult();
    if (!fetched.ok) return this.#failed(fetched.error);
    if (fetched.value.status === 'not-modified') {
      if (this.#loaded === null)
        return this.#failed({ code: 'INTERNAL', message: 'the server answered 304 to a first request' });
      return this.#succeeded();
    }
    const accepted = this.#accept(fetched.value.bundle);
    if (!accepted.ok) {
      this.#emit({
        type: 'refused',
        from: 'server',
        error: accepted.error,
        message: `refused the bundle from the server, kept ${this.#keptText()}: ${accepted.error.message}`,
      });
      return this.#failed(accepted.error);
    }
    this.#swap(accepted.value);
    const result = this.#succeeded();
    this.#notifyChange(accepted.value.previous);
    const { loaded } = accepted.value;
    this.#saving = this.#saving.then(() => this.#save(loaded));
    return result;
  }

  /**
   * A received bundle made usable, or why not: its signature verified against the trusted key, its
   * shape checked, every version compiled and hash-checked, every asked-for policy present.
   */
  #accept(received: unknown): SdkResult<{ loaded: Loaded; previous: Record<string, number> }> {
    const verified = verifyBundle(received, this.#key);
    if (!verified.ok) return verified;
    const { etag, timeZone } = verified.value;
    const compiled = CompiledPolicySet.compile(sourcesOf(verified.value), timeZone);
    if (!compiled.ok) {
      return { ok: false, error: { ...compiled.error, message: `bundle ${etag} refused: ${compiled.error.message}` } };
    }
    if (this.#options.policies) {
      const missing = this.#options.policies.filter((key) => !compiled.value.keys().includes(key));
      if (missing.length > 0) {
        return fail('NOT_FOUND', `the bundle has no published version of ${missing.join(', ')}`);
      }
    }
    return ok({
      loaded: { set: compiled.value, etag, received },
      previous: this.#loaded?.set.latestVersions() ?? {},
    });
  }

  /** The swap: one assignment of a fully compiled set. Evaluations see the old set or the new one. */
  #swap({ loaded }: { loaded: Loaded }): void {
    this.#loaded = loaded;
  }

  #notifyChange(before: Record<string, number>): void {
    const loaded = this.#loaded!;
    const after = loaded.set.latestVersions();
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    const change: BundleChange = {
      etag: loaded.etag,
      changed: keys
        .filter((key) => before[key] !== after[key])
        .map((policyKey) => ({ policyKey, from: before[policyKey] ?? null, to: after[policyKey] ?? null })),
      status: this.status(),
    };
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch {
        // A listener's bug must not stop the refresh cycle or other listeners.
      }
    }
  }

  #keptText(): string {
    return this.#loaded === null ? 'none loaded yet' : `bundle ${this.#loaded.etag}`;
  }

  #emit(event: LocalEvent): void {
    try {
      this.#options.onEvent?.(event);
    } catch {
      // A logging callback's bug must not stop the evaluator.
    }
  }

  /**
   * Starts from the saved bundle, verified like a download, unless the server answered first. A
   * saved bundle that does not verify is refused (and replaced by the next good download).
   */
  async #restore(): Promise<void> {
    const store = this.#options.store!;
    let text: string | null;
    try {
      text = await store.load();
    } catch (error) {
      const failure: SdkError = { code: 'INTERNAL', message: `cannot read the saved bundle: ${messageOf(error)}` };
      this.#emit({ type: 'store-failed', operation: 'load', error: failure, message: failure.message });
      return;
    }
    if (text === null || this.#isClosed || this.#loaded !== null) return;
    const saved = decodeSavedBundle(text);
    const accepted = saved.ok ? this.#accept(saved.value.bundle) : saved;
    if (!accepted.ok) {
      this.#lastError = accepted.error;
      this.#emit({
        type: 'refused',
        from: 'store',
        error: accepted.error,
        message: `refused the saved bundle: ${accepted.error.message}`,
      });
      return;
    }
    if (this.#loaded !== null || this.#isClosed || !saved.ok) return;
    this.#swap(accepted.value);
    this.#source = 'store';
    this.#fetchedAtMs = Date.parse(saved.value.fetchedAt);
    const status = this.status();
    this.#emit({
      type: 'restored',
      etag: accepted.value.loaded.etag,
      fetchedAt: saved.value.fetchedAt,
      ageMs: status.ageMs ?? 0,
      message: `started from the saved bundle ${accepted.value.loaded.etag}, downloaded ${saved.value.fetchedAt} (${Math.round((status.ageMs ?? 0) / 1000)} s ago)`,
    });
    this.#settleReady(ok(status));
    this.#notifyChange(accepted.value.previous);
  }

  /** Saves a new bundle to the store (when there is one); a failure is told, never thrown. */
  async #save(loaded: Loaded): Promise<void> {
    const store = this.#options.store;
    if (store === undefined) return;
    try {
      await store.save(encodeSavedBundle({ fetchedAt: this.#now().toISOString(), bundle: loaded.received }));
      this.#emit({ type: 'saved', etag: loaded.etag, message: `saved bundle ${loaded.etag}` });
    } catch (error) {
      const failure: SdkError = { code: 'INTERNAL', message: `cannot save the bundle: ${messageOf(error)}` };
      this.#emit({ type: 'store-failed', operation: 'save', error: failure, message: failure.message });
    }
  }

  #succeeded(): SdkResult<LocalStatus> {
    this.#fetchedAtMs = this.#now().getTime();
    this.#source = 'server';
    this.#lastError = null;
    this.#failures = 0;
    return ok(this.status());
  }

  #failed(error: SdkError): SdkResult<LocalStatus> {
    this.#lastError = error;
    this.#failures += 1;
    return { ok: false, error };
  }

  /** The next refresh: after `refreshMs`, or sooner (with backoff) while no bundle is loaded yet. */
  #schedule(): void {
    if (this.#isClosed) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    let delay = this.#refreshMs;
    if (this.#loaded === null) {
      const ceiling = this.#refreshMs > 0 ? Math.min(this.#refreshMs, 5_000) : 5_000;
      delay = Math.max(
        50,
        backoffDelay(this.#failures, { retries: 0, baseDelayMs: 200, maxDelayMs: ceiling }),
      );
    } else if (this.#refreshMs <= 0) return;
    this.#timer = setTimeout(() => void this.refresh(), delay);
    // Background refreshes must not keep a Node process alive; a retry someone awaits in ready() must.
    if (this.#loaded !== null || this.#readyWaiters.size === 0) unrefTimer(this.#timer);
  }
}
