import type { SdkError, SdkResult } from '../sdk-error.js';
import { sleep } from './signals.js';

/** How often and how patiently a call is retried. */
export interface RetryOptions {
  /** Retries after the first attempt (0 = never retry). */
  retries: number;
  /** The first backoff ceiling; doubles with each retry. */
  baseDelayMs: number;
  /** The largest backoff ceiling. */
  maxDelayMs: number;
  /** A source of randomness in `[0, 1)` for the jitter (injectable for tests). */
  random?: (() => number) | undefined;
}

/** Defaults: 2 retries, backoff ceilings of 100 ms, 200 ms, … up to 2 s. */
export const DEFAULT_RETRY: Readonly<RetryOptions> = { retries: 2, baseDelayMs: 100, maxDelayMs: 2000 };

/**
 * The wait before retry number `attempt` (0-based): "full jitter" exponential backoff, a uniformly
 * random delay between 0 and `min(maxDelayMs, baseDelayMs × 2^attempt)`, so that many clients that
 * failed together do not come back together.
 */
export function backoffDelay(attempt: number, options: RetryOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt));
  const random = options.random ?? Math.random;
  return Math.floor(random() * ceiling);
}

/**
 * Runs `attempt` until it succeeds, fails with an error `isRetryable` refuses, the retries are used
 * up, or `signal` aborts (during a backoff wait too). Returns the last result.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<SdkResult<T>>,
  isRetryable: (error: SdkError) => boolean,
  options: RetryOptions,
  signal?: AbortSignal,
): Promise<SdkResult<T>> {
  for (let n = 0; ; n++) {
    const result = await attempt(n);
    if (result.ok || n >= options.retries || !isRetryable(result.error)) return result;
    if (!(await sleep(backoffDelay(n, options), signal))) return result;
  }
}
