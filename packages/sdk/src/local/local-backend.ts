import type { JsonObject } from '@precept/schema';
import type { SdkResult } from '../sdk-error.js';
import type { PolicyDecision } from '../types.js';

/**
 * The answer to a bundle request: unchanged since the ETag we hold, or a new bundle as received
 * (parsed JSON, not yet trusted: the evaluator verifies its signature and shape before use).
 */
export type BundleFetch = { status: 'not-modified' } | { status: 'modified'; bundle: unknown };

/** A local decision as it is reported to the server's decision log. */
export type ReportedDecision = PolicyDecision & { facts: JsonObject; createdAt: string };

/** What a local evaluator needs from the server: bundles and a place to report decisions. */
export interface LocalBackend {
  /**
   * Downloads the bundle of `policyKeys` (all published policies when undefined) holding the versions
   * in force at `asOf` (default: the server's now) or later, conditionally on `etag`. A body that
   * cannot be read whole (truncated, not JSON) is a failure.
   */
  fetchBundle(
    policyKeys: readonly string[] | undefined,
    etag: string | null,
    asOf: string | undefined,
    signal?: AbortSignal,
  ): Promise<SdkResult<BundleFetch>>;
  /** Sends a batch of local decisions to the decision log. */
  reportDecisions(decisions: ReportedDecision[]): Promise<SdkResult<unknown>>;
}
