import type { BundleFetch } from '../local/local-backend.js';
import { readJsonAnswer } from './http-answer.js';

/** The URL of the bundle of `policyKeys` as of `asOf` on the REST API. */
export function bundleUrl(
  baseUrl: string,
  policyKeys: readonly string[] | undefined,
  asOf: string | undefined,
): string {
  const url = new URL('api/v1/bundles', baseUrl);
  if (policyKeys && policyKeys.length > 0) url.searchParams.set('policies', [...policyKeys].sort().join(','));
  if (asOf !== undefined) url.searchParams.set('asOf', asOf);
  return url.toString();
}

/**
 * Reads a bundle response whole before anything uses it: 304 → not modified; 200 → the complete
 * body parsed as JSON (a cut or garbled body throws here, a `protocol` failure, never half-way
 * through a swap); an error status → its application error. The bundle is returned as JSON, not yet
 * trusted: the local evaluator checks its signature, its schema and every version before use.
 */
export async function readBundleResponse(response: Response): Promise<BundleFetch> {
  if (response.status === 304) return { status: 'not-modified' };
  return { status: 'modified', bundle: await readJsonAnswer(response) };
}
