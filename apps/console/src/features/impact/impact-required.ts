// A submit the server refused because the version has no current impact report and its window
// holds too many decisions to analyse on the spot (CONFLICT at `$.impact`).
import { readError } from '../../lib/errors';

/**
 * What the server said of the decisions to re-evaluate when `error` is the refusal of a submit
 * for want of an impact report (`"240000 decisions to re-evaluate"`); null for any other error.
 */
export function impactRequiredBy(error: unknown): string | null {
  const refusal = readError(error);
  if (refusal.code !== 'CONFLICT') return null;
  return refusal.issues?.find((issue) => issue.path === '$.impact')?.message ?? null;
}
