import { AsOfSchema } from '@precept/schema';
import { fail, ok, type SdkResult } from '../sdk-error.js';

/** An as-of moment as given (the text every provider evaluates with) and as epoch milliseconds. */
export interface ResolvedAsOf {
  text: string;
  ms: number;
}

/**
 * Resolves an evaluation's as-of: a `Date` becomes its ISO instant; a string must be `YYYY-MM-DD` or
 * an ISO instant with a time zone (a date means that day's start, UTC); missing means `now()`.
 */
export function resolveAsOf(asOf: string | Date | undefined, now: () => Date): SdkResult<ResolvedAsOf> {
  const value = asOf ?? now();
  const text = value instanceof Date ? (Number.isNaN(value.getTime()) ? '' : value.toISOString()) : value;
  if (!AsOfSchema.safeParse(text).success) {
    const message = 'asOf must be a date YYYY-MM-DD, an ISO instant with a time zone, or a valid Date';
    return fail('VALIDATION', message, { issues: [{ path: '$.asOf', code: 'shape', message }] });
  }
  return ok({ text, ms: Date.parse(text) });
}
