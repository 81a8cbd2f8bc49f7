import { APP_ERROR_CODES, type AppErrorCode, type Issue } from '@precept/schema';
import { fail, messageOf, ok, type SdkError, type SdkResult } from '../sdk-error.js';
import { FetchFailure, isAbortError } from './fetch-failure.js';
import { withRetry, type RetryOptions } from './retry-policy.js';
import { createDeadline } from './signals.js';

/** How one remote call is made. */
export interface CallPolicy {
  /** Per attempt. */
  timeoutMs: number;
  retry: RetryOptions;
  /**
   * Whether sending the call twice is harmless. Evaluations are logged, so they are not: they are
   * resent only when the first attempt certainly never reached the server, or the server answered
   * `UNAVAILABLE` (it refused before deciding). Reads and decision reports (deduplicated by decision
   * id on the server) are idempotent and are also resent after timeouts and dropped connections.
   */
  isIdempotent: boolean;
  /** The caller's cancellation. */
  signal?: AbortSignal | undefined;
}

const APP_CODES: ReadonlySet<string> = new Set(APP_ERROR_CODES);

/** HTTP statuses of a gateway or server that did not process the request. */
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

function asIssues(value: unknown): Issue[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const issues = value.filter(
    (issue): issue is Issue =>
      typeof issue === 'object' &&
      issue !== null &&
      typeof (issue as Issue).path === 'string' &&
      typeof (issue as Issue).message === 'string',
  );
  return issues.length > 0
    ? issues.map((issue) => ({ path: issue.path, code: String(issue.code), message: issue.message }))
    : undefined;
}

/** The application code of an HTTP status with no application error body. */
export function appCodeOfStatus(status: number): AppErrorCode {
  if (status === 400 || status === 422) return status === 422 ? 'FACTS_INVALID' : 'VALIDATION';
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'LIMIT';
  if (status === 429) return 'RATE_LIMITED';
  if (UNAVAILABLE_STATUSES.has(status)) return 'UNAVAILABLE';
  return 'INTERNAL';
}

/**
 * The SDK error for anything a transport threw: the server's application error (code, message,
 * issues, error id) when it answered with one, else a transport failure.
 */
export function toSdkError(
  error: unknown,
  context: { hasTimedOut: boolean; isAborted: boolean; timeoutMs: number },
): SdkError {
  if (context.hasTimedOut) {
    return fail('UNAVAILABLE', `no answer within ${context.timeoutMs} ms`, { transport: 'timeout' }).error;
  }
  if (context.isAborted || isAbortError(error))
    return fail('UNAVAILABLE', 'the call was aborted', { transport: 'aborted' }).error;
  const fetchFailure = findCause(error, (cause): cause is FetchFailure => cause instanceof FetchFailure);
  if (fetchFailure) {
    return fail('UNAVAILABLE', `cannot reach the server: ${fetchFailure.message}`, {
      transport: fetchFailure.isNotSent ? 'unreachable' : 'network',
    }).error;
  }
  // An HTTP error answer (`HttpAnswerError`): `data` is the server's error body.
  const data = (error as { data?: unknown } | null)?.data;
  if (typeof data === 'object' && data !== null) {
    const { appCode, issues, errorId, requestId, httpStatus } = data as Record<string, unknown>;
    const status = typeof httpStatus === 'number' ? httpStatus : undefined;
    const code: AppErrorCode =
      typeof appCode === 'string' && APP_CODES.has(appCode)
        ? (appCode as AppErrorCode)
        : appCodeOfStatus(status ?? 500);
    const extra: Parameters<typeof fail>[2] = {};
    const parsedIssues = asIssues(issues);
    if (parsedIssues) extra.issues = parsedIssues;
    if (typeof errorId === 'string') extra.errorId = errorId;
    if (typeof requestId === 'string') extra.requestId = requestId;
    if (status !== undefined) extra.status = status;
    return fail(code, messageOf(error), extra).error;
  }
  // No error body: a response that was not a well-formed answer (a proxy's HTML page, a cut body).
  return fail('UNAVAILABLE', `the server's answer could not be read: ${messageOf(error)}`, {
    transport: 'protocol',
  }).error;
}

function findCause<T>(error: unknown, test: (cause: unknown) => cause is T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    if (test(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether a failed attempt may be resent under `policy` (see {@link CallPolicy.isIdempotent}). */
export function isRetryable(error: SdkError, isIdempotent: boolean): boolean {
  if (error.transport === 'aborted') return false;
  if (error.transport === 'unreachable') return true;
  if (error.transport === undefined) return error.code === 'UNAVAILABLE';
  return isIdempotent; // timeout, dropped connection, unreadable answer: maybe processed
}

/**
 * Runs `attempt` with a per-attempt deadline, mapping any throw to an {@link SdkError}, and resends
 * it with full-jitter backoff while {@link isRetryable} allows. Never throws.
 */
export function callWithPolicy<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  policy: CallPolicy,
): Promise<SdkResult<T>> {
  return withRetry(
    async () => {
      if (policy.signal?.aborted)
        return fail('UNAVAILABLE', 'the call was aborted', { transport: 'aborted' });
      const deadline = createDeadline(policy.timeoutMs, policy.signal);
      try {
        return ok(await attempt(deadline.signal));
      } catch (error) {
        return {
          ok: false,
          error: toSdkError(error, {
            hasTimedOut: deadline.hasTimedOut(),
            isAborted: policy.signal?.aborted === true,
            timeoutMs: policy.timeoutMs,
          }),
        };
      } finally {
        deadline.release();
      }
    },
    (error) => isRetryable(error, policy.isIdempotent),
    policy.retry,
    policy.signal,
  );
}
