// What a database failure means to a caller. Stores catch the constraint violations they expect;
// this table classifies the rest in one place so none of them reaches a client as a bare 500.
import { AppError } from '@precept/schema';

/** SQLSTATE classes and codes with a meaning for callers. */
const CONFLICT_CODES = new Set([
  '23505', // unique_violation: a duplicate key, or a second open window
  '23P01', // exclusion_violation
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
]);

/** Connection-level failures: the database is restarting, unreachable or shutting us out. */
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

interface DriverError {
  code?: unknown;
  hint?: unknown;
  message?: unknown;
}

/**
 * The {@link AppError} a database error stands for, or `undefined` when it is not one we know
 * (the caller then reports it as `INTERNAL` with an error id).
 */
export function classifyDatabaseError(error: unknown): AppError | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const { code, hint, message } = error as DriverError;
  const text = typeof message === 'string' ? message : 'database error';
  if (code === 'P0001' && typeof hint === 'string' && hint.startsWith('precept:')) {
    return new AppError('CONFLICT', text, { cause: error });
  }
  if (typeof code === 'string' && CONFLICT_CODES.has(code)) {
    return new AppError('CONFLICT', 'the change conflicts with a concurrent one; reload and retry', {
      cause: error,
    });
  }
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || NETWORK_ERRORS.has(code))) {
    return new AppError('UNAVAILABLE', 'the database is unavailable; retry shortly', { cause: error });
  }
  if (
    /Connection terminated|connection (is )?closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
      text,
    )
  ) {
    return new AppError('UNAVAILABLE', 'the database is unavailable; retry shortly', { cause: error });
  }
  return undefined;
}

/** True when `error` is a unique-constraint violation (SQLSTATE 23505), optionally of `constraint`. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code } = error as DriverError;
  const name = (error as { constraint?: unknown }).constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}
