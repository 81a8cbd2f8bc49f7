import type { AppErrorCode } from '@precept/schema';
import { appCodeOfStatus } from '../transport/call-policy.js';

/**
 * Thrown inside a call attempt for an HTTP error answer of the REST API; its `data` carries the
 * server's error body (`{ error: { code, message, issues, errorId, requestId } }`) so that the call
 * policy maps it to an {@link SdkError} with the server's own code and JSON paths.
 */
export class HttpAnswerError extends Error {
  override readonly name = 'HttpAnswerError';
  constructor(
    readonly status: number,
    readonly data: {
      appCode: AppErrorCode;
      issues?: unknown;
      errorId?: unknown;
      requestId?: unknown;
      httpStatus: number;
    },
    message: string,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; issues?: unknown; errorId?: unknown; requestId?: unknown };
}

/**
 * The error of a non-2xx answer: {@link HttpAnswerError} when its body is the server's error JSON;
 * else a `SyntaxError`, which the call policy reports as a `protocol` failure — a proxy's error
 * page says nothing about whether the server processed the request, so it is never taken for the
 * server's own answer (an evaluation is then not resent).
 */
export function httpAnswerError(status: number, text: string): HttpAnswerError | SyntaxError {
  let body: ErrorBody | undefined;
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    body = undefined;
  }
  const error = typeof body === 'object' && body !== null ? body.error : undefined;
  if (typeof error !== 'object' || error === null) {
    return new SyntaxError(`HTTP ${status} without the server's error body`);
  }
  const code = typeof error.code === 'string' ? (error.code as AppErrorCode) : appCodeOfStatus(status);
  const message = typeof error.message === 'string' ? error.message : `HTTP ${status}`;
  return new HttpAnswerError(
    status,
    { appCode: code, issues: error.issues, errorId: error.errorId, requestId: error.requestId, httpStatus: status },
    message,
  );
}

/**
 * Reads a JSON answer whole: the parsed body of a 2xx answer, else throws {@link httpAnswerError}'s error.
 * A body that is not JSON throws a `SyntaxError`, which the call policy reports as a `protocol`
 * failure (a proxy's error page, a cut body).
 */
export async function readJsonAnswer(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) throw httpAnswerError(response.status, text);
  return JSON.parse(text) as unknown;
}
