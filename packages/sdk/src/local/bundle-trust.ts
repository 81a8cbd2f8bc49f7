// Trusting a bundle: the server signs each bundle with its evidence key (Ed25519 over the canonical
// JSON of the bundle without `signature`); a local evaluator checks that signature against the
// public key it was configured with before it looks at anything else in the bundle — whether the
// bundle came from the server or from a file saved earlier. @noble/curves does the Ed25519 check,
// so the same code runs in browsers and in Node.
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalJson } from '@precept/rules';
import { BundleSchema, type Bundle } from '@precept/schema';
import { fail, ok, type BundleRefusal, type SdkResult } from '../sdk-error.js';

/** A public key to verify bundles with, and its id as the server names it in a signature. */
export interface TrustedKey {
  /** The raw 32-byte Ed25519 public key. */
  readonly raw: Uint8Array;
  /** First 16 hex digits of the sha256 of the key's DER (SPKI) form (`system.signingKey`'s `keyId`). */
  readonly keyId: string;
}

/** The DER (SPKI) prefix of every Ed25519 public key: SEQUENCE { algorithm 1.3.101.112, BIT STRING }. */
const SPKI_PREFIX = Uint8Array.of(0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00);

function base64ToBytes(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function rawOfSpki(der: Uint8Array): Uint8Array | undefined {
  if (der.length !== SPKI_PREFIX.length + 32) return undefined;
  if (!SPKI_PREFIX.every((byte, index) => der[index] === byte)) return undefined;
  return der.slice(SPKI_PREFIX.length);
}

/**
 * Reads the server's signing public key: the SPKI PEM that `system.signingKey` serves and the
 * server prints at its first start (`-----BEGIN PUBLIC KEY-----…`), the base64 of that DER form, or
 * the raw 32 bytes. Throws a `TypeError` for anything else (a configuration mistake).
 */
export function parsePublicKey(key: string | Uint8Array): TrustedKey {
  let raw: Uint8Array | undefined;
  if (key instanceof Uint8Array) {
    raw = key.length === 32 ? Uint8Array.from(key) : undefined;
  } else {
    const body = key
      .replace(/-----BEGIN PUBLIC KEY-----|-----END PUBLIC KEY-----/g, '')
      .replace(/\s+/g, '');
    const der = base64ToBytes(body);
    raw = der === undefined ? undefined : rawOfSpki(der);
  }
  if (raw === undefined) {
    throw new TypeError(
      'publicKey must be the server\'s Ed25519 signing key: its SPKI PEM ("-----BEGIN PUBLIC KEY-----…", as system.signingKey serves it) or its 32 raw bytes',
    );
  }
  const der = new Uint8Array(SPKI_PREFIX.length + 32);
  der.set(SPKI_PREFIX);
  der.set(raw, SPKI_PREFIX.length);
  return { raw, keyId: bytesToHex(sha256(der)).slice(0, 16) };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function refuse(refusal: BundleRefusal, path: string, message: string): { ok: false; error: ReturnType<typeof fail>['error'] } {
  const failed = fail('VALIDATION', message, { issues: [{ path, code: refusal, message }] });
  failed.error.refusal = refusal;
  return failed;
}

/**
 * Checks a bundle as it was received (parsed JSON, untrusted): its Ed25519 signature against `key`
 * first, then its shape. Fails with `VALIDATION` and a `refusal` saying why: `unsigned` (no
 * signature), `key-mismatch` (signed by another key than the trusted one), `signature-invalid`
 * (changed since it was signed), `malformed` (signed, yet not a bundle this SDK reads).
 */
export function verifyBundle(received: unknown, key: TrustedKey): SdkResult<Bundle> {
  if (!isRecord(received)) return refuse('malformed', '$', 'the bundle is not a JSON object');
  const { signature, ...unsigned } = received;
  if (
    !isRecord(signature) ||
    signature.algorithm !== 'Ed25519' ||
    typeof signature.keyId !== 'string' ||
    typeof signature.value !== 'string'
  ) {
    return refuse('unsigned', '$.signature', 'the bundle carries no Ed25519 signature');
  }
  if (signature.keyId !== key.keyId) {
    return refuse(
      'key-mismatch',
      '$.signature.keyId',
      `the bundle is signed by key ${signature.keyId}, not by the trusted key ${key.keyId}`,
    );
  }
  const value = base64ToBytes(signature.value);
  let isValid = false;
  try {
    const message = new TextEncoder().encode(canonicalJson(unsigned));
    isValid = value !== undefined && ed25519.verify(value, message, key.raw, { zip215: false });
  } catch {
    isValid = false;
  }
  if (!isValid) {
    return refuse(
      'signature-invalid',
      '$.signature.value',
      'the bundle does not match its signature: it was changed after the server signed it',
    );
  }
  const parsed = BundleSchema.safeParse(received);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const path = first ? `$${first.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}` : '$';
    return refuse('malformed', path, `not a bundle this SDK reads: ${first?.message ?? 'invalid'}`);
  }
  return ok(parsed.data);
}
