// One error pipeline: services throw AppError; this turns whatever reached a procedure's boundary
// into a TRPCError with the mapped code, classifies known database failures, and gives anything
// unexpected an error id that is logged with the full error and shown to the client without detail.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { AppError, isAppError, type AppErrorData, type Issue } from '@precept/schema';
import { classifyDatabaseError } from '../db/database-errors.js';
import type { Logger } from '../log/logger.js';
import { appCodeOfTrpcCode, TRPC_CODE_OF } from './error-codes.js';

/** An unexpected failure, logged under `errorId`; the client sees only the id. */
export class InternalError extends AppError {
  readonly errorId: string;

  constructor(errorId: string, cause: unknown) {
    super('INTERNAL', `internal error (error id ${errorId})`, { cause });
    this.errorId = errorId;
  }
}

const errorIds = new WeakMap<object, string>();

/** The error id of an unexpected error, assigned once (so the log line and the response agree). */
export function errorIdOf(error: object): string {
  let id = errorIds.get(error);
  if (id === undefined) {
    id = randomUUID();
    errorIds.set(error, id);
  }
  return id;
}

const requestIds = new WeakMap<object, string>();

/**
 * Tags an error with the id of the request it answers. tRPC formats some errors — a malformed
 * batch, an unparsable input — before any context exists; the HTTP layer tags them first.
 */
export function tagRequestId(error: object, requestId: string): void {
  requestIds.set(error, requestId);
}

/** The request id an error was tagged with, if any. */
export function taggedRequestId(error: object): string | undefined {
  return requestIds.get(error);
}

/** A zod / Standard Schema issue path as a JSON path: `$.items[0].facts`. */
export function toJsonPath(path: readonly unknown[] | undefined): string {
  let out = '$';
  for (const segment of path ?? []) {
    const key = typeof segment === 'object' && segment !== null && 'key' in segment ? segment.key : segment;
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

interface SchemaIssue {
  path?: readonly unknown[];
  code?: unknown;
  message?: unknown;
}

function schemaIssuesOf(cause: unknown): Issue[] | undefined {
  if (cause === null || typeof cause !== 'object' || !Array.isArray((cause as { issues?: unknown }).issues))
    return undefined;
  return (cause as { issues: SchemaIssue[] }).issues.map((issue) => ({
    path: toJsonPath(issue.path),
    code: typeof issue.code === 'string' ? issue.code : 'invalid',
    message: typeof issue.message === 'string' ? issue.message : 'invalid value',
  }));
}

/**
 * Normalises an error that left a procedure: `AppError` → its mapped code; a known database
 * failure → `CONFLICT` / `UNAVAILABLE`; anything else unexpected → `INTERNAL` with a logged id.
 * tRPC's own client errors (input validation, parse errors) pass through unchanged.
 */
export function normalizeError(error: TRPCError, log: Logger, path: string | undefined): TRPCError {
  const cause = error.cause;
  if (cause instanceof InternalError) return error;
  if (isAppError(cause) && cause.code !== 'INTERNAL') {
    return new TRPCError({ code: TRPC_CODE_OF[cause.code], message: cause.message, cause });
  }
  if (error.code !== 'INTERNAL_SERVER_ERROR') return error;
  const classified = classifyDatabaseError(cause);
  if (classified !== undefined) {
    if (classified.code === 'UNAVAILABLE') log.warn('database unavailable', { path, error: cause });
    return new TRPCError({
      code: TRPC_CODE_OF[classified.code],
      message: classified.message,
      cause: classified,
    });
  }
  const errorId = errorIdOf(error);
  log.error('internal error', { errorId, path, error: cause ?? error });
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: `internal error (error id ${errorId})`,
    cause: new InternalError(errorId, cause ?? error),
  });
}

/** The client-facing data of an error: app code, message, issues and (for internal errors) the error id. Never a stack. */
export function appErrorDataOf(error: TRPCError): AppErrorData {
  const cause = error.cause;
  if (cause instanceof InternalError)
    return { code: 'INTERNAL', message: cause.message, errorId: cause.errorId };
  if (isAppError(cause) && cause.code !== 'INTERNAL') return cause.toData();
  const code = appCodeOfTrpcCode(error.code);
  if (code === 'INTERNAL') {
    const errorId = errorIdOf(error);
    return { code, message: `internal error (error id ${errorId})`, errorId };
  }
  const issues = schemaIssuesOf(cause);
  if (issues !== undefined && issues.length > 0) {
    const first = issues[0]!;
    return { code: 'VALIDATION', message: `invalid input at ${first.path}: ${first.message}`, issues };
  }
  if (code === 'VALIDATION' && /batch/i.test(error.message)) return { code: 'LIMIT', message: error.message };
  return { code, message: error.message };
}
