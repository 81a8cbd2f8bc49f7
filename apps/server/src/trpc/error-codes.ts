// The one table from application error codes to transport codes, and back for errors tRPC raises
// itself (unparseable body, batch too large, unknown procedure).
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { AppErrorCode } from '@precept/schema';

/** The tRPC code (and so the HTTP status) of each application error code; exhaustive by `satisfies`. */
export const TRPC_CODE_OF = {
  VALIDATION: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FACTS_INVALID: 'UNPROCESSABLE_CONTENT',
  LIMIT: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
} as const satisfies Record<AppErrorCode, TRPC_ERROR_CODE_KEY>;

/** The HTTP status of each application error code (the REST endpoints answer with these). */
export const HTTP_STATUS_OF = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  FACTS_INVALID: 422,
  LIMIT: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const satisfies Record<AppErrorCode, number>;

/** The application code of an error tRPC raised on its own (no `AppError` behind it). */
export function appCodeOfTrpcCode(code: TRPC_ERROR_CODE_KEY): AppErrorCode {
  switch (code) {
    case 'PARSE_ERROR':
    case 'BAD_REQUEST':
    case 'METHOD_NOT_SUPPORTED':
    case 'UNSUPPORTED_MEDIA_TYPE':
    case 'PRECONDITION_FAILED':
    case 'PRECONDITION_REQUIRED':
    case 'UNPROCESSABLE_CONTENT':
      return 'VALIDATION';
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case 'CONFLICT':
      return 'CONFLICT';
    case 'FORBIDDEN':
      return 'FORBIDDEN';
    case 'UNAUTHORIZED':
    case 'PAYMENT_REQUIRED':
      return 'UNAUTHORIZED';
    case 'PAYLOAD_TOO_LARGE':
      return 'LIMIT';
    case 'TOO_MANY_REQUESTS':
      return 'RATE_LIMITED';
    case 'SERVICE_UNAVAILABLE':
    case 'BAD_GATEWAY':
    case 'GATEWAY_TIMEOUT':
    case 'TIMEOUT':
    case 'CLIENT_CLOSED_REQUEST':
      return 'UNAVAILABLE';
    case 'INTERNAL_SERVER_ERROR':
    case 'NOT_IMPLEMENTED':
      return 'INTERNAL';
  }
}
