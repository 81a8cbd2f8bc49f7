import type { AppErrorCode, AppErrorData, Issue, Result } from '@precept/schema';

/**
 * How a call failed without an answer from the server:
 * - `unreachable`: the request certainly never reached the server (connection refused, unknown host);
 * - `network`: the connection failed mid-way — the server may or may not have processed it;
 * - `timeout`: no answer within the timeout; `aborted`: cancelled by the caller's signal;
 * - `protocol`: an answer came but was not a readable response (a proxy's error page, a cut body).
 */
export type TransportFailure = 'unreachable' | 'network' | 'timeout' | 'aborted' | 'protocol';

/**
 * Why a local evaluator refused a bundle (from the server or a saved file), kept the last good one,
 * and reported `VALIDATION` with this `refusal`: `unsigned` (no signature), `key-mismatch` (signed
 * by another key than the one configured), `signature-invalid` (changed after it was signed),
 * `malformed` (signed, yet not a bundle this SDK reads).
 */
export type BundleRefusal = 'unsigned' | 'key-mismatch' | 'signature-invalid' | 'malformed';

/**
 * The error every SDK call reports: the server's {@link AppErrorData} (code, message, JSON-path issues,
 * error id, and the request id the server logged the call under), plus, when the request never got a proper answer, which transport failure it was.
 * Transport failures carry the code `UNAVAILABLE`.
 */
export interface SdkError extends AppErrorData {
  /** Set when the server gave no usable answer. */
  transport?: TransportFailure | undefined;
  /** HTTP status of the answer, when there was one. */
  status?: number | undefined;
  /** Set when a bundle was refused: why (see {@link BundleRefusal}). */
  refusal?: BundleRefusal | undefined;
}

/**
 * What every SDK call returns: `{ ok: true, value }` or `{ ok: false, error }`. The SDK never throws
 * for a failure a caller can cause or meet (network, timeout, bad facts), and never substitutes a
 * default decision.
 *
 * @example
 * const result = await client.evaluate('service-performance-scorecard', facts);
 * if (!result.ok) console.error(result.error.code, result.error.message);
 * else console.log(result.value.outcome.total);
 */
export type SdkResult<T> = Result<T, SdkError>;

/** A successful result. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A failed result with `code` and `message` (and optional issues and transport detail). */
export function fail(
  code: AppErrorCode,
  message: string,
  extra?: {
    issues?: readonly Issue[];
    transport?: TransportFailure;
    status?: number;
    errorId?: string;
    requestId?: string;
  },
): { ok: false; error: SdkError } {
  const error: SdkError = { code, message };
  if (extra?.issues && extra.issues.length > 0) error.issues = [...extra.issues];
  if (extra?.transport !== undefined) error.transport = extra.transport;
  if (extra?.status !== undefined) error.status = extra.status;
  if (extra?.errorId !== undefined) error.errorId = extra.errorId;
  if (extra?.requestId !== undefined) error.requestId = extra.requestId;
  return { ok: false, error };
}

/** The message of any thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}
