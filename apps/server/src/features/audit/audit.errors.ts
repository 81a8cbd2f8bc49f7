import { AppError, EXPORT_MAX_ROWS } from '@precept/schema';

/**
 * An evidence export would hold more than `limit` rows: refused whole (a truncated export is not
 * evidence), naming the bound and the way out.
 */
export function exportTooLarge(what: string, limit: number = EXPORT_MAX_ROWS): AppError {
  return new AppError(
    'LIMIT',
    `the ${what} export holds more than ${limit} rows; narrow the time range or the filters`,
    {
      issues: [{ path: '$.from', code: 'EXPORT_TOO_LARGE', message: `more than ${limit} rows in the range` }],
    },
  );
}
