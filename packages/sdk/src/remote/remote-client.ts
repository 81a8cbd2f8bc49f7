import type { EvaluateBatchOutput, EvaluationResult, PolicyKind } from '@precept/schema';
import { checkBatchSize } from '../evaluation/evaluate-set.js';
import { toFactSetsJson, toFactsJson } from '../evaluation/facts-json.js';
import type { BundleFetch, LocalBackend, ReportedDecision } from '../local/local-backend.js';
import { BundleEvaluator } from '../local/local-evaluator.js';
import { fail, ok, type SdkResult } from '../sdk-error.js';
import { callWithPolicy, type CallPolicy } from '../transport/call-policy.js';
import { guardFetch } from '../transport/fetch-failure.js';
import { DEFAULT_RETRY, type RetryOptions } from '../transport/retry-policy.js';
import type {
  BatchItem,
  EvaluateOptions,
  Facts,
  LocalEvaluator,
  LocalOptions,
  PolicyDecision,
  PreceptClient,
} from '../types.js';
import { bundleUrl, readBundleResponse } from './bundle-request.js';
import { readJsonAnswer } from './http-answer.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The server's base URL, e.g. `https://precept.bank.example` or `http://127.0.0.1:3000`. */
  url: string;
  /** A business-line API key, sent as `Authorization: Bearer <key>`. */
  apiKey?: string | undefined;
  /** Extra headers for every request (e.g. a development actor). */
  headers?: Record<string, string> | undefined;
  /** Per attempt (default 10 000 ms). */
  timeoutMs?: number | undefined;
  /** Retries of a failed call that is safe to resend (default 2); see {@link CallPolicy}. */
  retries?: number | undefined;
  /** First backoff ceiling (default 100 ms), doubling up to `maxRetryDelayMs` (default 2 000 ms). */
  retryDelayMs?: number | undefined;
  maxRetryDelayMs?: number | undefined;
  /** The `fetch` to use (default the global one). */
  fetch?: typeof fetch | undefined;
  /** The clock for local evaluators' default as-of and bundle age (default the system clock). */
  now?: (() => Date) | undefined;
}

/** `evaluate-batch`'s answer to `detail: "full"`: full decisions only. */
type FullBatchOutput = {
  results: ({ ok: true; decision: EvaluationResult } | Extract<EvaluateBatchOutput['results'][number], { ok: false }>)[];
};

/** The client's defaults. */
export const CLIENT_DEFAULTS = { timeoutMs: 10_000 } as const;

function normalizeBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`url must be an absolute http(s) URL, got "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`url must be an http(s) URL, got "${url}"`);
  }
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString().endsWith('/') ? parsed.toString() : `${parsed.toString()}/`;
}

function asOfText(asOf: string | Date | undefined): string | undefined {
  if (asOf instanceof Date) return Number.isNaN(asOf.getTime()) ? 'Invalid Date' : asOf.toISOString();
  return asOf;
}

/** The server's decision with the outcome typed by the expected kind, or `VALIDATION` when it is another. */
function typed<K extends PolicyKind>(
  result: EvaluationResult,
  kind: K | undefined,
): SdkResult<PolicyDecision<K>> {
  if (kind !== undefined && result.outcome.kind !== kind) {
    return fail('VALIDATION', `policy "${result.policyKey}" is a ${result.outcome.kind}, not a ${kind}`, {
      issues: [
        { path: '$.kind', code: 'kind_mismatch', message: `expected ${kind}, got ${result.outcome.kind}` },
      ],
    });
  }
  return ok(result as PolicyDecision<K>);
}

/**
 * Creates a client of a Precept server: remote evaluation over the server's plain-JSON REST API
 * (`/api/v1/…`, the same procedures and errors as its tRPC API, with nothing of the server's code
 * or types needed here), and local
 * evaluators that download its bundles. No request is made until a call. Throws a `TypeError` at
 * once for a malformed `url` (a configuration mistake); every call returns a result and never throws.
 *
 * @example
 * const client = createClient({ url: 'https://precept.bank.example', apiKey: process.env.PRECEPT_API_KEY });
 * const result = await client.evaluate('service-performance-scorecard', facts, { kind: 'scorecard', asOf: '2026-06-30' });
 * if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
 * console.log(result.value.outcome.total, result.value.outcome.grade, result.value.decisionId);
 */
export function createClient(options: ClientOptions): PreceptClient {
  const baseUrl = normalizeBaseUrl(options.url);
  const fetchImpl = guardFetch(options.fetch ?? ((input, init) => globalThis.fetch(input, init)));
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
  const retry: RetryOptions = {
    retries: options.retries ?? DEFAULT_RETRY.retries,
    baseDelayMs: options.retryDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: options.maxRetryDelayMs ?? DEFAULT_RETRY.maxDelayMs,
  };
  const timeoutMs = options.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs;
  const policy = (isIdempotent: boolean, signal?: AbortSignal): CallPolicy => ({
    timeoutMs,
    retry,
    isIdempotent,
    signal,
  });

  /** POSTs `body` as JSON to `path` (relative to the base URL) and reads the JSON answer. */
  const post = async <T>(path: string, body: unknown, signal: AbortSignal): Promise<T> => {
    const response = await fetchImpl(new URL(path, baseUrl).toString(), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    return (await readJsonAnswer(response)) as T;
  };
  const policyPath = (policyKey: string, action: string): string =>
    `api/v1/policies/${encodeURIComponent(policyKey)}/${action}`;

  const evaluate = async <K extends PolicyKind = PolicyKind>(
    policyKey: string,
    facts: Facts,
    evaluateOptions: EvaluateOptions<K> = {},
  ): Promise<SdkResult<PolicyDecision<K>>> => {
    const json = toFactsJson(facts);
    if (!json.ok) return json;
    const input = {
      facts: json.value,
      asOf: asOfText(evaluateOptions.asOf),
      version: evaluateOptions.version,
      trace: evaluateOptions.trace === true,
      // The full outcome: this client holds no version documents to join a compact one with.
      detail: 'full',
    };
    // Logged by the server, so not idempotent: resent only when it certainly never arrived.
    const result = await callWithPolicy(
      (signal) => post<EvaluationResult>(policyPath(policyKey, 'evaluate'), input, signal),
      policy(false, evaluateOptions.signal),
    );
    return result.ok ? typed(result.value, evaluateOptions.kind) : result;
  };

  const evaluateBatch = async <K extends PolicyKind = PolicyKind>(
    policyKey: string,
    factSets: readonly Facts[],
    evaluateOptions: EvaluateOptions<K> = {},
  ): Promise<SdkResult<BatchItem<K>[]>> => {
    const size = checkBatchSize(factSets);
    if (!size.ok) return size;
    if (factSets.length === 0) return ok([]);
    const json = toFactSetsJson(factSets);
    if (!json.ok) return json;
    const input = {
      items: json.value.map((facts) => ({ facts })),
      asOf: asOfText(evaluateOptions.asOf),
      version: evaluateOptions.version,
      trace: evaluateOptions.trace === true,
      detail: 'full',
    };
    const result = await callWithPolicy(
      (signal) => post<FullBatchOutput>(policyPath(policyKey, 'evaluate-batch'), input, signal),
      policy(false, evaluateOptions.signal),
    );
    if (!result.ok) return result;
    return ok(
      result.value.results.map((item): BatchItem<K> =>
        item.ok ? typed(item.decision, evaluateOptions.kind) : { ok: false, error: item.error },
      ),
    );
  };

  const backend: LocalBackend = {
    fetchBundle: (policyKeys, etag, asOf, signal) =>
      callWithPolicy(
        async (attemptSignal): Promise<BundleFetch> => {
          const requestHeaders: Record<string, string> = { ...headers, accept: 'application/json' };
          if (etag !== null) requestHeaders['if-none-match'] = `"${etag}"`;
          const response = await fetchImpl(bundleUrl(baseUrl, policyKeys, asOf), {
            headers: requestHeaders,
            signal: attemptSignal,
          });
          return readBundleResponse(response);
        },
        policy(true, signal),
      ),
    // Idempotent: the server records each decision id once.
    reportDecisions: (decisions) =>
      callWithPolicy(
        (signal) =>
          post<{ accepted: number; duplicates: number }>('api/v1/decisions/report', { decisions: decisions.map(toReported) }, signal),
        policy(true),
      ),
  };

  return {
    evaluate,
    evaluateBatch,
    local: (localOptions: LocalOptions): LocalEvaluator =>
      new BundleEvaluator(backend, localOptions, options.now).start(),
  };
}

/** Exactly the fields `POST /api/v1/decisions/report` takes. */
function toReported(decision: ReportedDecision) {
  return {
    decisionId: decision.decisionId,
    policyKey: decision.policyKey,
    version: decision.version,
    contentHash: decision.contentHash,
    engineVersion: decision.engineVersion,
    asOf: decision.asOf,
    facts: decision.facts,
    outcome: decision.outcome,
    durationMs: decision.durationMs,
    createdAt: decision.createdAt,
  };
}
