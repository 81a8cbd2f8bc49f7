// Signing and verifying evidence packages (audit and decision-log exports). The signature is
// Ed25519 (node:crypto) over the canonical JSON of the package without its `signature` member, so
// any change to any byte that JSON carries — a row, a filter, the generation time — fails it; the
// rows' own sha256 is checked too, and for an audit export the hash chain of its rows.
//
// This module needs nothing of the server at run time but node:crypto and the canonical JSON of
// @precept/rules: the offline `evidence-verify.js` command is built on it.
import { createPublicKey, hash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, contentHash } from '@precept/rules';
import type { AuditEntry, EvidenceSignature } from '@precept/schema';
import { hashAuditEntry } from '../audit/audit.hash.js';
import { signingKeyIdOf } from './evidence.keys.js';

/** One check of {@link verifyEvidence}. */
export interface EvidenceCheck {
  name: 'shape' | 'rows-hash' | 'signature' | 'key' | 'chain';
  ok: boolean;
  detail: string;
}

/** What {@link verifyEvidence} found: `ok` when every check passed. */
export interface EvidenceVerification {
  ok: boolean;
  /** The signing key's id as the package names it (null when it carries no signature). */
  keyId: string | null;
  checks: EvidenceCheck[];
}

/** The signer: the private key and what the package says about it. */
export interface EvidenceSigner {
  readonly signingKey: KeyObject;
  readonly publicKeyPem: string;
  readonly signingKeyId: string;
}

/** The rows of a package and their canonical JSON, written once: hashed, and signed within the package. */
export interface CanonicalRows<R> {
  rows: R[];
  /** The UTF-8 bytes of `canonicalJson(rows)`. */
  bytes: Buffer;
  /** sha256 of `bytes` (the package's `sha256`). */
  sha256: string;
}

/**
 * Canonicalises rows once for {@link signEvidence} (the slow part of a large export) and encodes
 * them once: the package's hash and its signature read these bytes, never the text again.
 * `rowTexts`, when given, are the rows' canonical JSON, written by the caller (each must be
 * `canonicalJson(rows[i])`: an export that has part of each row canonicalised already splices it).
 */
export function canonicalRows<R>(rows: R[], rowTexts?: readonly string[]): CanonicalRows<R> {
  const bytes = Buffer.from(rowTexts === undefined ? canonicalJson(rows) : `[${rowTexts.join(',')}]`);
  return { rows, bytes, sha256: hash('sha256', bytes, 'hex') };
}

/**
 * The UTF-8 bytes of `canonicalJson({ ...members, rows })` with the rows' bytes given: the same
 * bytes, without walking or encoding the rows a second time (the members are a few hundred bytes).
 */
function canonicalPackage(members: Record<string, unknown>, rowsBytes: Buffer): Buffer {
  const keys = [...Object.keys(members).filter((key) => members[key] !== undefined), 'rows'].sort();
  const at = keys.indexOf('rows');
  const memberText = (key: string) => `${JSON.stringify(key)}:${canonicalJson(members[key])}`;
  const before = keys
    .slice(0, at)
    .map((key) => `${memberText(key)},`)
    .join('');
  const after = keys
    .slice(at + 1)
    .map((key) => `,${memberText(key)}`)
    .join('');
  return Buffer.concat([Buffer.from(`{${before}"rows":`), rowsBytes, Buffer.from(`${after}}`)]);
}

/**
 * Signs a package: returns it with its rows and `signature` (Ed25519 over the canonical JSON of the
 * package without `signature`).
 */
export function signEvidence<T extends object, R>(
  members: T,
  rows: CanonicalRows<R>,
  signer: EvidenceSigner,
): T & { rows: R[]; signature: EvidenceSignature } {
  const payload = canonicalPackage(members as Record<string, unknown>, rows.bytes);
  return {
    ...members,
    rows: rows.rows,
    signature: {
      algorithm: 'Ed25519',
      keyId: signer.signingKeyId,
      publicKey: signer.publicKeyPem,
      payloadSha256: hash('sha256', payload, 'hex'),
      value: sign(null, payload, signer.signingKey).toString('base64'),
    },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The chain check of an audit export: each row's hash is the hash of its content, and each row that
 * follows the previous one in the chain (filters may leave gaps) links to it by `prevHash`.
 */
function chainCheck(rows: unknown[]): EvidenceCheck {
  let previous: Record<string, unknown> | undefined;
  for (const row of rows) {
    if (!isRecord(row)) return { name: 'chain', ok: false, detail: 'a row is not an object' };
    const { hash, ...content } = row;
    let recomputed: string | undefined;
    try {
      recomputed = hashAuditEntry(content as Omit<AuditEntry, 'hash'>);
    } catch {
      recomputed = undefined;
    }
    if (recomputed !== hash) {
      return {
        name: 'chain',
        ok: false,
        detail: `row ${String(row.seq)}: its hash does not match its content`,
      };
    }
    if (
      previous !== undefined &&
      row.seq === (previous.seq as number) + 1 &&
      row.prevHash !== previous.hash
    ) {
      return {
        name: 'chain',
        ok: false,
        detail: `row ${String(row.seq)} does not link to row ${String(previous.seq)}`,
      };
    }
    previous = row;
  }
  return {
    name: 'chain',
    ok: true,
    detail: `${rows.length} rows hash to their content; consecutive rows link`,
  };
}

/**
 * Verifies a downloaded evidence package offline: its shape, the sha256 of its rows, its Ed25519
 * signature over everything else, and — when `trustedPublicKey` (PEM) is given — that the signing
 * key is that one. Without it the key the package carries is used, and the `key` check says so:
 * compare its id with the one the bank publishes.
 *
 * @example
 * const result = verifyEvidence(JSON.parse(readFileSync('export.json', 'utf8')), publishedPem);
 * if (!result.ok) console.error(result.checks.filter((c) => !c.ok));
 */
export function verifyEvidence(evidence: unknown, trustedPublicKey?: string): EvidenceVerification {
  const checks: EvidenceCheck[] = [];
  const fail = (check: EvidenceCheck): EvidenceVerification => ({
    ok: false,
    keyId: null,
    checks: [...checks, check],
  });
  if (!isRecord(evidence) || !Array.isArray(evidence.rows) || typeof evidence.sha256 !== 'string') {
    return fail({ name: 'shape', ok: false, detail: 'not an evidence package: rows and sha256 are missing' });
  }
  const signature = evidence.signature;
  if (
    !isRecord(signature) ||
    signature.algorithm !== 'Ed25519' ||
    typeof signature.value !== 'string' ||
    typeof signature.publicKey !== 'string' ||
    typeof signature.keyId !== 'string'
  ) {
    return fail({ name: 'shape', ok: false, detail: 'the package carries no Ed25519 signature' });
  }
  checks.push({ name: 'shape', ok: true, detail: `${evidence.rows.length} rows` });

  let rowsHash: string | undefined;
  try {
    rowsHash = contentHash(evidence.rows);
  } catch {
    rowsHash = undefined;
  }
  checks.push(
    rowsHash === evidence.sha256
      ? { name: 'rows-hash', ok: true, detail: `sha256 of the rows is ${rowsHash}` }
      : {
          name: 'rows-hash',
          ok: false,
          detail: `the rows hash to ${rowsHash ?? '(not JSON)'}, the package says ${evidence.sha256}`,
        },
  );

  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(trustedPublicKey ?? signature.publicKey);
  } catch {
    return fail({ name: 'key', ok: false, detail: 'the public key is not a PEM key' });
  }
  const keyId = signingKeyIdOf(publicKey);
  if (trustedPublicKey === undefined) {
    checks.push({
      name: 'key',
      ok: true,
      detail: `verified with the key the package carries (id ${keyId}); compare it with the key the bank publishes`,
    });
  } else {
    checks.push(
      keyId === signature.keyId
        ? { name: 'key', ok: true, detail: `signed by the trusted key ${keyId}` }
        : {
            name: 'key',
            ok: false,
            detail: `signed by key ${signature.keyId}, not by the trusted key ${keyId}`,
          },
    );
  }

  const { signature: _signature, ...unsigned } = evidence;
  let valid = false;
  try {
    valid = verify(
      null,
      Buffer.from(canonicalJson(unsigned)),
      publicKey,
      Buffer.from(signature.value, 'base64'),
    );
  } catch {
    valid = false;
  }
  checks.push(
    valid
      ? { name: 'signature', ok: true, detail: 'Ed25519 signature over the package is valid' }
      : {
          name: 'signature',
          ok: false,
          detail: 'the signature does not match the package: it was changed or signed by another key',
        },
  );
  if (isRecord(evidence.chain)) checks.push(chainCheck(evidence.rows));
  return { ok: checks.every((check) => check.ok), keyId: signature.keyId, checks };
}
