// Signing bundles in tests as the server does (Ed25519 over the canonical JSON of the bundle without
// its signature, node:crypto), with a key made for the test run.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { canonicalJson, contentHash, ENGINE_VERSION } from '@precept/rules';
import type { Bundle, PolicyDocument } from '@precept/schema';
import type { PolicyVersionSource } from '../src/evaluation/policy-set.js';

/** An Ed25519 key pair with its public key as PEM and its id as the server names it. */
export interface TestSigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

/** A new Ed25519 key pair. */
export function newSigningKey(): TestSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return {
    privateKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }) as string,
    keyId: createHash('sha256').update(der).digest('hex').slice(0, 16),
  };
}

/** The key the tests' bundles are signed with unless they say otherwise. */
export const TEST_KEY = newSigningKey();

/** `unsigned` with the signature the server would give it under `key`. */
export function signBundle(unsigned: Omit<Bundle, 'signature'>, key: TestSigningKey = TEST_KEY): Bundle {
  const value = sign(null, Buffer.from(canonicalJson(unsigned)), key.privateKey).toString('base64');
  return { ...unsigned, signature: { algorithm: 'Ed25519', keyId: key.keyId, value } };
}

/** A signed bundle of `versions` under `etag` (kind from each document; hash computed when not given). */
export function signedBundleOf(etag: string, versions: readonly PolicyVersionSource[], key: TestSigningKey = TEST_KEY): Bundle {
  return signBundle(
    {
      etag,
      asOf: '2026-01-01T00:00:00.000Z',
      engineVersion: ENGINE_VERSION,
      timeZone: 'Asia/Shanghai',
      versions: versions.map((version) => ({
        policyKey: version.policyKey,
        kind: (version.document as PolicyDocument).kind,
        version: version.version,
        contentHash: version.contentHash ?? contentHash(version.document),
        document: version.document as PolicyDocument,
        subject: version.subject,
        subjectVersion: 1,
        effectiveFrom: version.effectiveFrom ?? '2020-01-01T00:00:00.000Z',
        effectiveTo: version.effectiveTo,
      })),
    },
    key,
  );
}
