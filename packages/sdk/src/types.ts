import type { Decision, EvaluationResult, OutcomeOf, PolicyKind } from '@precept/schema';
import type { BundleStore } from './local/bundle-store.js';
import type { SdkError, SdkResult } from './sdk-error.js';

/**
 * A fact set: the object of facts a policy is evaluated against (checked against the policy's
 * subject; a mismatch is a `FACTS_INVALID` error listing each field). Typed as `object` so that
 * callers' own interfaces are accepted as they are.
 */
export type Facts = object;

/**
 * One evaluation as the SDK returns it, whichever way it was made (server, local bundle, in-memory):
 * the server's {@link EvaluationResult} — decision id, policy key, version and content hash that
 * decided, engine version, as-of, trace (empty when `trace: false`), time taken — with the outcome
 * typed by the policy's kind and `source` saying where it was made.
 */
export type PolicyDecision<K extends PolicyKind = PolicyKind> = Omit<
  EvaluationResult,
  'outcome' | 'source'
> & {
  outcome: OutcomeOf<K>;
  source: Decision['source'];
};

/** Options of one evaluation. */
export interface EvaluateOptions<K extends PolicyKind = PolicyKind> {
  /**
   * The as-of moment: `YYYY-MM-DD` (that day's start, UTC), an ISO instant with a time zone, or a
   * `Date`. It selects the version in force and anchors date operators. Default: now.
   */
  asOf?: string | Date | undefined;
  /** Evaluate this version instead of the one in force at `asOf` (replays, comparisons). */
  version?: number | undefined;
  /**
   * The kind the caller expects; the outcome is typed by it and a policy of another kind is refused
   * with `VALIDATION` instead of being returned mistyped.
   */
  kind?: K | undefined;
  /** Include the trace (default false, as on the server; ask for it where it is shown or kept). */
  trace?: boolean | undefined;
  /** Cancels the call. */
  signal?: AbortSignal | undefined;
}

/** One fact set's result in a batch: its decision, or why that fact set could not be decided. */
export type BatchItem<K extends PolicyKind = PolicyKind> = SdkResult<PolicyDecision<K>>;

/** Options of a local evaluator. */
export interface LocalOptions {
  /**
   * The server's Ed25519 signing public key, which signs its bundles (the same key signs evidence
   * exports): the SPKI PEM that `system.signingKey` serves and the server prints at its first start,
   * or its 32 raw bytes. Required: every bundle — downloaded or saved — is verified against it before
   * use, and one that does not verify is refused (`VALIDATION` with a `refusal`) while the last good
   * bundle stays in use. Configure it as you configure the URL: a key fetched from the same server at
   * run time would trust whoever answers there.
   */
  publicKey: string | Uint8Array;
  /**
   * Keep the last good bundle here (`fileBundleStore(path)` from `@precept/sdk/node`), and start
   * from it — verified like a download — when the server cannot be reached at start. Each new bundle
   * is saved as it is swapped in; a saved file that does not verify is refused and left for the next
   * good download to replace.
   */
  store?: BundleStore | undefined;
  /** Called with what happens to bundles (restored, refused, saved, store failures), each with a message to log. */
  onEvent?: ((event: LocalEvent) => void) | undefined;
  /** The policy keys to download and evaluate locally (default: every published policy). */
  policies?: readonly string[] | undefined;
  /**
   * The earliest as-of this evaluator must answer for. The bundle holds the versions in force from
   * then on (and those scheduled later); default: ten minutes before the local clock at each refresh
   * (a margin for clock skew), so older as-of dates before the current version's start are
   * `NOT_FOUND` locally (ask the server for those, or set `since`).
   */
  since?: string | Date | undefined;
  /** How often to ask the server for a newer bundle (default 30 000 ms; 0 = never after the first). */
  refreshMs?: number | undefined;
  /**
   * Refuse to evaluate (`UNAVAILABLE`) with a bundle not confirmed fresh for this long; default:
   * serve the last good bundle however old, and say how old in `status()`.
   */
  maxAgeMs?: number | undefined;
  /** Report local decisions to the server's decision log (default true). */
  report?: boolean | undefined;
  /** Flush interval of the report queue (default 5 000 ms). */
  reportFlushMs?: number | undefined;
  /** Most decisions the report queue holds; beyond it the oldest are dropped and counted (default 10 000). */
  reportCapacity?: number | undefined;
  /** Most decisions per report request (default 500). */
  reportBatchSize?: number | undefined;
}

/** Where a local evaluator stands. */
export interface LocalStatus {
  /** True once a bundle is loaded (and until close). */
  isReady: boolean;
  /** The ETag of the bundle in use, `null` before the first. */
  etag: string | null;
  /** Version in use per policy key (the latest in the bundle). */
  versions: Record<string, number>;
  /**
   * When the bundle in use was last confirmed current by the server (a 200 or a 304), ISO instant;
   * for a bundle restored from the store, when it was downloaded before it was saved.
   */
  fetchedAt: string | null;
  /** Where the bundle in use came from: `server`, or `store` until the server confirms or replaces it. */
  source: 'server' | 'store' | null;
  /** Milliseconds since `fetchedAt`; `null` before the first bundle. */
  ageMs: number | null;
  /** The last failed refresh (unreachable server, broken bundle), cleared by the next success. */
  lastError: SdkError | null;
  /** The decision report queue. */
  report: ReportStatus;
}

/** Where the decision report queue stands. */
export interface ReportStatus {
  /** Decisions waiting to be sent. */
  queued: number;
  /** Decisions the server accepted (duplicates of an earlier send included). */
  sent: number;
  /** Decisions dropped because the queue was full while the server was unreachable. */
  dropped: number;
  /** Decisions the server refused for good (e.g. `VALIDATION`); dropped rather than retried forever. */
  rejected: number;
  /** The last failed send, cleared by the next successful one. */
  lastError: SdkError | null;
}

/**
 * What a local evaluator tells {@link LocalOptions.onEvent}:
 * - `restored`: started from the saved bundle (the server not heard from yet), with its age;
 * - `refused`: a bundle from the server or the store failed verification (`error.refusal`) or did not
 *   compile; the last good bundle stays in use;
 * - `saved`: a new bundle was written to the store; `store-failed`: reading or writing the store failed.
 */
export type LocalEvent =
  | { type: 'restored'; etag: string; fetchedAt: string; ageMs: number; message: string }
  | { type: 'refused'; from: 'server' | 'store'; error: SdkError; message: string }
  | { type: 'saved'; etag: string; message: string }
  | { type: 'store-failed'; operation: 'load' | 'save'; error: SdkError; message: string };

/** What a listener of {@link LocalEvaluator.onChange} receives after a new bundle is swapped in. */
export interface BundleChange {
  etag: string;
  /** Version per policy key before and after (`null` when absent). */
  changed: { policyKey: string; from: number | null; to: number | null }[];
  status: LocalStatus;
}

/** Evaluates in-process from a downloaded bundle, with the same code as the server. */
export interface LocalEvaluator {
  /** Evaluates with the bundle in use (never with a half-loaded one). */
  evaluate<K extends PolicyKind = PolicyKind>(
    policyKey: string,
    facts: Facts,
    options?: EvaluateOptions<K>,
  ): Promise<SdkResult<PolicyDecision<K>>>;
  /** Evaluates many fact sets with one policy version. */
  evaluateBatch<K extends PolicyKind = PolicyKind>(
    policyKey: string,
    factSets: readonly Facts[],
    options?: EvaluateOptions<K>,
  ): Promise<SdkResult<BatchItem<K>[]>>;
  /**
   * Resolves once the first bundle is loaded. While the server is unreachable it keeps waiting (use
   * `signal` to bound the wait); it resolves with the error at once when the first download is
   * refused for a reason waiting cannot fix (`UNAUTHORIZED`, `FORBIDDEN`, a policy `NOT_FOUND`, an
   * invalid bundle), and with `UNAVAILABLE` on `close()` or abort.
   */
  ready(options?: { signal?: AbortSignal | undefined }): Promise<SdkResult<LocalStatus>>;
  /** The bundle in use, its age and the last error. */
  status(): LocalStatus;
  /** Calls `listener` after each new bundle is swapped in; returns the unsubscribe function. */
  onChange(listener: (change: BundleChange) => void): () => void;
  /** Asks the server for a newer bundle now (what the refresh interval does). */
  refresh(): Promise<SdkResult<LocalStatus>>;
  /** Stops refreshing, flushes the decision reports, and refuses further evaluations. */
  close(): Promise<void>;
}

/** The SDK's client: remote evaluation, and local evaluators made from it. */
export interface PreceptClient {
  /**
   * Evaluates `facts` with the policy version in force at `asOf` (or `version`).
   *
   * @example
   * const result = await client.evaluate('service-performance-scorecard', facts, { kind: 'scorecard', asOf: '2026-06-30' });
   * if (result.ok) console.log(result.value.outcome.grade);
   */
  evaluate<K extends PolicyKind = PolicyKind>(
    policyKey: string,
    facts: Facts,
    options?: EvaluateOptions<K>,
  ): Promise<SdkResult<PolicyDecision<K>>>;
  /** Evaluates many fact sets with one policy version; each item succeeds or fails on its own. */
  evaluateBatch<K extends PolicyKind = PolicyKind>(
    policyKey: string,
    factSets: readonly Facts[],
    options?: EvaluateOptions<K>,
  ): Promise<SdkResult<BatchItem<K>[]>>;
  /**
   * A local evaluator that downloads the bundle of `policies`, verifies it with `publicKey`, keeps it
   * current, and (with a `store`) saves it to start from when the server is down.
   */
  local(options: LocalOptions): LocalEvaluator;
}
