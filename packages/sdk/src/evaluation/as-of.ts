import { parseAsOf } from '@precept/rules';
import { fail, ok, type SdkResult } from '../sdk-error.js';

/** An as-of moment as given (the text every provider evaluates with), as epoch milliseconds, and its zone. */
export interface ResolvedAsOf {
  text: string;
  ms: number;
  /** The business time zone the moment was read in. */
  timeZone: string;
}

/**
 * Resolves an evaluation's as-of in the business time zone `timeZone`: a `Date` becomes its ISO
 * instant; a string must be `YYYY-MM-DD` (that day's start in `timeZone`) or an ISO instant with a
 * time zone; missing means `now()`.
 */
export function resolveAsOf(
  asOf: string | Date | undefined,
  now: () => Date,
  timeZone: string,
): SdkResult<ResolvedAsOf> {
  const value = asOf ?? now();
  const text = value instanceof Date ? (Number.isNaN(value.getTime()) ? '' : value.toISOString()) : value;
  const parsed = parseAsOf(text, timeZone);
  if (parsed === undefined) {
    const message = 'asOf must be a date YYYY-MM-DD, an ISO instant with a time zone, or a valid Date';
    return fail('VALIDATION', message, { issues: [{ path: '$.asOf', code: 'shape', message }] });
  }
  return ok({ text, ms: parsed.ms, timeZone });
}
