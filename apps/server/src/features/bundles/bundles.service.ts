import { sign } from 'node:crypto';
import { canonicalJson, ENGINE_VERSION, parseAsOf } from '@precept/rules';
import { contentHash } from '../../crypto/content-hash.js';
import { AppError, type Bundle, type Subject } from '@precept/schema';
import type { EvidenceSigner } from '../evidence/evidence.signature.js';
import type { PoliciesService } from '../policies/policies.service.js';
import type { SubjectsService } from '../subjects/subjects.service.js';

/** Dependencies of {@link createBundlesService}. */
export interface BundlesServiceDeps {
  policies: PoliciesService;
  subjects: SubjectsService;
  now: () => Date;
  /** The business time zone, given to local evaluators with the bundle. */
  timeZone: string;
  /** The key that signs evidence exports also signs bundles: local evaluators trust one key. */
  signer: Pick<EvidenceSigner, 'signingKey' | 'signingKeyId'>;
}

/**
 * Signs a bundle: Ed25519 over the canonical JSON of everything but the signature, so the SDK
 * verifies exactly what it evaluates with (a saved bundle file included).
 */
export function signBundle(
  unsigned: Omit<Bundle, 'signature'>,
  signer: BundlesServiceDeps['signer'],
): Bundle {
  const value = sign(null, Buffer.from(canonicalJson(unsigned)), signer.signingKey).toString('base64');
  return { ...unsigned, signature: { algorithm: 'Ed25519', keyId: signer.signingKeyId, value } };
}

/** Bundles: what the SDK's local evaluator downloads. */
export interface BundlesService {
  /**
   * The versions of `policyKeys` (all policies when undefined) in force at `asOf` (default now) or
   * scheduled after it, each with its document and pinned subject; `etag` hashes the content, so
   * it changes exactly when a version enters or leaves the bundle. Signed with the evidence key.
   */
  get(input: { policyKeys?: string[] | undefined; asOf?: string | undefined }): Promise<Bundle>;
}

/** Creates the {@link BundlesService}. */
export function createBundlesService({
  policies,
  subjects,
  now,
  timeZone,
  signer,
}: BundlesServiceDeps): BundlesService {
  // Subject versions never change once stored.
  const subjectCache = new Map<string, Promise<Subject>>();
  const subjectOf = (key: string, version: number): Promise<Subject> => {
    const id = `${key}@${version}`;
    let entry = subjectCache.get(id);
    if (entry === undefined) {
      entry = subjects.get(key, version).then((found) => found.subject);
      subjectCache.set(id, entry);
      entry.catch(() => subjectCache.delete(id));
    }
    return entry;
  };

  return {
    async get({ policyKeys, asOf }) {
      const effectiveAsOf = asOf ?? now().toISOString();
      const resolved = parseAsOf(effectiveAsOf, timeZone);
      if (resolved === undefined) {
        throw new AppError('VALIDATION', 'asOf must be a date or an ISO instant', {
          issues: [{ path: '$.asOf', code: 'shape', message: 'not a date' }],
        });
      }
      const keys = policyKeys === undefined ? undefined : [...new Set(policyKeys)].sort();
      const rows = await policies.listBundleRows(keys, new Date(resolved.ms));
      const versions = await Promise.all(
        rows.map(async (row) => ({
          policyKey: row.policyKey,
          kind: row.kind,
          version: row.version,
          contentHash: row.contentHash,
          document: row.document,
          subject: await subjectOf(row.subjectKey, row.subjectVersion),
          subjectVersion: row.subjectVersion,
          effectiveFrom: row.effectiveFrom.toISOString(),
          effectiveTo: row.effectiveTo === null ? null : row.effectiveTo.toISOString(),
        })),
      );
      const etag = contentHash(
        versions.map((v) => [
          v.policyKey,
          v.version,
          v.contentHash,
          v.subjectVersion,
          v.effectiveFrom,
          v.effectiveTo,
        ]),
      );
      return signBundle({ etag, asOf: effectiveAsOf, engineVersion: ENGINE_VERSION, timeZone, versions }, signer);
    },
  };
}
