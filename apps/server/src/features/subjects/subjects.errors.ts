import { AppError } from '@precept/schema';

/** The subject (or that version of it) does not exist. */
export function subjectNotFound(key: string, version?: number): AppError {
  return new AppError(
    'NOT_FOUND',
    version === undefined ? `subject "${key}" does not exist` : `subject "${key}" has no version ${version}`,
  );
}
