import { BundleSchema, type AppErrorCode, type Bundle } from '@precept/schema';
import type { PolicyVersionSource } from '../evaluation/policy-set.js';
import { appCodeOfStatus } from '../transport/call-policy.js';
import type { BundleFetch } from '../local/local-backend.js';

/**
 * Thrown inside a call attempt for an HTTP error answer; its `data` has the shape of the server's
 * tRPC error data, so the call policy maps both transports' errors the same way.
 */
export class HttpAnswerError extends Error {
  override readonly name = 'HttpAnswerError';
  constructor(
    readonly status: number,
    readonly data: {
      appCode: AppErrorCode;
      issues?: unknown;
      errorId?: unknown;
      requestId?: unknown;
      httpStatus: number;
    },
    message: string,
  ) {
    super(message);
  }
}

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
 * body parsed as JSON and checked against the server's `BundleSchema` (a cut or garbled body fails
 * here, never half-way through a swap); an error status → its application error. Throws
 * {@link HttpAnswerError} for error answers so the call policy can classify them.
 */
export async function readBundleResponse(response: Response): Promise<BundleFetch> {
  if (response.status === 304) return { status: 'not-modified' };
  const text = await response.text();
  if (!response.ok) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const error = (
      body as
        | {
            error?: {
              code?: unknown;
              message?: unknown;
              issues?: unknown;
              errorId?: unknown;
              requestId?: unknown;
            };
          }
        | undefined
    )?.error;
    const code =
      typeof error?.code === 'string' ? (error.code as AppErrorCode) : appCodeOfStatus(response.status);
    const message = typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`;
    throw new HttpAnswerError(
      response.status,
      {
        appCode: code,
        issues: error?.issues,
        errorId: error?.errorId,
        requestId: error?.requestId,
        httpStatus: response.status,
      },
      message,
    );
  }
  const parsed = BundleSchema.safeParse(JSON.parse(text)); // a SyntaxError here is a `protocol` failure
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new SyntaxError(`not a bundle: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`);
  }
  return {
    status: 'modified',
    etag: parsed.data.etag,
    sources: sourcesOf(parsed.data),
    timeZone: parsed.data.timeZone,
  };
}

/** The policy versions of a bundle, as the compiler takes them. */
export function sourcesOf(bundle: Bundle): PolicyVersionSource[] {
  return bundle.versions.map((version) => ({
    policyKey: version.policyKey,
    version: version.version,
    document: version.document,
    subject: version.subject,
    contentHash: version.contentHash,
    effectiveFrom: version.effectiveFrom,
    effectiveTo: version.effectiveTo,
  }));
}
