import type { JsonObject } from '@precept/schema';
import type { PolicyVersionSource } from '../evaluation/policy-set.js';
import type { SdkResult } from '../sdk-error.js';
import type { PolicyDecision } from '../types.js';

/** The answer to a bundle request: unchanged since the ETag we hold, or a new bundle. */
export type BundleFetch =
  | { status: 'not-modified' }
  | {
      status: 'modified';
      etag: string;
      sources: PolicyVersionSource[];
      /** The server's business time zone: local decisions read dates as the server does. */
      timeZone: string;
    };

/** A local decision as it is reported to the server's decision log. */
export type ReportedDecision = PolicyDecision & { facts: JsonObject; createdAt: string };

/** What a local evaluator needs from the server: bundles and a place to report decisions. */
export interface LocalBackend {
  /**
   * Downloads the bundle of `policyKeys` (all published policies when undefined) holding the versions
   * in force at `asOf` (default: the server's now) or later, conditionally on `etag`. A body that cannot be read whole (truncated, not JSON, not a bundle) is a failure.
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
