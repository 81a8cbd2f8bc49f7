import { z } from 'zod';

/**
 * Every failure a user can cause has one of these codes. Services throw `AppError` with one of
 * them; the server maps each to a transport status in one exhaustive table.
 */
export const APP_ERROR_CODES = [
  /** The input does not match its schema or a document fails validation; `issues` name each JSON path. */
  'VALIDATION',
  /** The named policy, version, subject, decision or other entity does not exist. */
  'NOT_FOUND',
  /** The request lost a race: a stale `lockVersion`, a concurrent publish, a duplicate key, or a state that no longer allows it. */
  'CONFLICT',
  /** The caller is known but may not do this: missing role, or separation of duties. */
  'FORBIDDEN',
  /** The caller is not signed in, or the credential is wrong, expired or revoked. */
  'UNAUTHORIZED',
  /** The facts do not match the policy's subject; `issues` list each missing or mistyped field. */
  'FACTS_INVALID',
  /** A size, depth, batch or row limit was exceeded: send less. */
  'LIMIT',
  /** Too many attempts in a short time (failed sign-ins): wait, then try again. */
  'RATE_LIMITED',
  /** A dependency (the database) is unavailable for now; the request can be retried. */
  'UNAVAILABLE',
  /** An unexpected failure on our side; the message carries an error id to find the log entry. */
  'INTERNAL',
] as const;

/** One of {@link APP_ERROR_CODES}. */
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** zod schema of {@link AppErrorCode}. */
export const AppErrorCodeSchema = z.enum(APP_ERROR_CODES);

/** One problem at one place: a JSON path (`$.targets[0].condition.all[1].fact`), a code and a message. */
export const IssueSchema = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
/** One problem at one place. */
export type Issue = z.infer<typeof IssueSchema>;

/** The serialisable shape of an error, as clients receive it. */
export const AppErrorDataSchema = z.object({
  code: AppErrorCodeSchema,
  message: z.string(),
  issues: z.array(IssueSchema).optional(),
  /** An unexpected failure's id, logged with the full error. */
  errorId: z.string().optional(),
  /** The id of the HTTP request this error answers (also its `x-request-id` header and on its log lines). */
  requestId: z.string().optional(),
});
/** The serialisable shape of an error, as clients receive it. */
export type AppErrorData = z.infer<typeof AppErrorDataSchema>;

/**
 * The one error type services throw.
 *
 * @example
 * throw new AppError('NOT_FOUND', `policy "${key}" does not exist`);
 * throw new AppError('VALIDATION', 'the document is invalid', { issues });
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  readonly issues: readonly Issue[] | undefined;

  constructor(code: AppErrorCode, message: string, options?: { issues?: readonly Issue[]; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options?.issues;
  }

  /** The client-facing form: code, message and issues; never a stack. */
  toData(): AppErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues && this.issues.length > 0 ? { issues: [...this.issues] } : {}),
    };
  }
}

/** True when `value` is an {@link AppError} (also across package copies). */
export function isAppError(value: unknown): value is AppError {
  return (
    value instanceof AppError || (value instanceof Error && value.name === 'AppError' && 'code' in value)
  );
}

/** A result that is either a value or an error: what every `safe…` function returns. */
export type Result<T, E = AppErrorData> = { ok: true; value: T } | { ok: false; error: E };
