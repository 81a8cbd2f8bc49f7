import { AppError } from '@precept/schema';

/** The decision does not exist. */
export function decisionNotFound(id: string): AppError {
  return new AppError('NOT_FOUND', `decision ${id} does not exist`);
}

/**
 * A stored compact outcome does not rebuild the full outcome it was recorded with (its hash): the
 * log or the version changed under it, or the server's code no longer rebuilds what an older one
 * stored. Never the caller's doing, so INTERNAL, naming the decision.
 */
export function outcomeNotRebuilt(id: string, policyKey: string, version: number, why: string): AppError {
  return new AppError('INTERNAL', `decision ${id}: its outcome does not rebuild from ${policyKey} v${version} (${why})`);
}
