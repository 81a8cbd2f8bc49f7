/**
 * Error codes with which a request fails before a single byte reached the server: the connection
 * was refused, the name did not resolve, no route, or the connection could not be opened in time.
 * Only after one of these is it certain that a non-idempotent request (an evaluation, which the server
 * logs) was not processed, so only these make it safe to resend one.
 */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Why `fetch` itself threw (no HTTP answer). */
export class FetchFailure extends Error {
  override readonly name = 'FetchFailure';
  /** True when the request certainly never reached the server. */
  readonly isNotSent: boolean;
  /** The low-level error code (`ECONNREFUSED`, …), when the runtime gives one. */
  readonly errorCode: string | undefined;

  constructor(
    message: string,
    options: { isNotSent: boolean; errorCode?: string | undefined; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.isNotSent = options.isNotSent;
    this.errorCode = options.errorCode;
  }
}

/** The `code` of an error or of its causes (Node's fetch wraps the socket error as `cause`). */
function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const errors = (error as { errors?: unknown }).errors; // AggregateError from happy-eyeballs
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const found = findErrorCode(inner, depth + 1);
      if (found) return found;
    }
  }
  return findErrorCode((error as { cause?: unknown }).cause, depth + 1);
}

/** True when `error` is the abort of a fetch (by a signal). */
export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { name?: unknown }).name === 'AbortError' ||
      (error as { name?: unknown }).name === 'TimeoutError')
  );
}

/**
 * Wraps a `fetch` so that a failure to get an HTTP answer is thrown as a {@link FetchFailure} that
 * says whether the request certainly never left (aborts pass through unchanged).
 */
export function guardFetch(baseFetch: typeof fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await baseFetch(input, init);
    } catch (error) {
      if (isAbortError(error) || init?.signal?.aborted) throw error;
      const errorCode = findErrorCode(error);
      const cause = (error as { cause?: unknown }).cause;
      const causeMessage = cause instanceof Error && cause.message !== '' ? cause.message : undefined;
      const detail = errorCode ? ` (${errorCode})` : causeMessage ? ` (${causeMessage})` : '';
      const message = error instanceof Error ? error.message : 'fetch failed';
      throw new FetchFailure(`${message}${detail}`, {
        isNotSent: errorCode !== undefined && NOT_SENT_CODES.has(errorCode),
        errorCode,
        cause: error,
      });
    }
  };
}
