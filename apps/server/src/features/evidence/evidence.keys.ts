// The server's two compliance keys: the HMAC key of personal-data pseudonyms and the Ed25519 key
// that signs evidence packages. Both come from the environment in production. The embedded
// database generates them once, beside its data folder (mode 0600), and says so with the public
// key's fingerprint; elsewhere (an in-memory database, PostgreSQL outside production) they are
// generated for this process only, with a warning: pseudonyms and signatures then change at restart.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComplianceConfig } from '../../config.js';
import type { Logger } from '../../log/logger.js';

/** The keys in use. */
export interface ComplianceKeys {
  /** HMAC-SHA256 key of pseudonyms. */
  readonly piiKey: Buffer;
  /** First 8 hex digits of the sha256 of the HMAC key: names it inside each pseudonym. */
  readonly piiKeyId: string;
  readonly signingKey: KeyObject;
  /** The public half as SPKI PEM: what recipients of evidence verify against. */
  readonly publicKeyPem: string;
  /** First 16 hex digits of the sha256 of the public key's DER form. */
  readonly signingKeyId: string;
  /** Where each key came from. */
  readonly origin: { readonly pii: KeyOrigin; readonly signing: KeyOrigin };
}

/** `environment`, `file` (kept beside the data), `generated` (written there now), `ephemeral`. */
export type KeyOrigin = 'environment' | 'file' | 'generated' | 'ephemeral';

const PII_FILE = 'pii.key';
const SIGNING_FILE = 'signing-ed25519.pem';

/** The id of a public key: the first 16 hex digits of the sha256 of its DER (SPKI) form. */
export function signingKeyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
}

async function readOrCreate(
  dir: string,
  file: string,
  create: () => string,
): Promise<{ text: string; origin: 'file' | 'generated' }> {
  const path = join(dir, file);
  try {
    return { text: await readFile(path, 'utf8'), origin: 'file' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const text = create();
  // `wx`: two processes starting on one folder never overwrite each other's key.
  try {
    await writeFile(path, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { text: await readFile(path, 'utf8'), origin: 'file' };
    throw error;
  }
  return { text, origin: 'generated' };
}

const newSigningPem = (): string =>
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;

/**
 * The keys this server uses: from the configuration, else from (or created in) `keysDir`, else
 * generated for this process. Logs where each came from; a generated signing key's public half is
 * logged once so that it can be published.
 */
export async function loadComplianceKeys(config: ComplianceConfig, log: Logger): Promise<ComplianceKeys> {
  let piiKey = config.piiKey;
  let piiOrigin: KeyOrigin = 'environment';
  let signingPem = config.signingKeyPem;
  let signingOrigin: KeyOrigin = 'environment';
  if (piiKey === undefined) {
    if (config.keysDir === null) {
      piiKey = randomBytes(32);
      piiOrigin = 'ephemeral';
    } else {
      const stored = await readOrCreate(config.keysDir, PII_FILE, () => `${randomBytes(32).toString('hex')}\n`);
      piiKey = Buffer.from(stored.text.trim(), 'hex');
      piiOrigin = stored.origin;
    }
  }
  if (signingPem === undefined) {
    if (config.keysDir === null) {
      signingPem = newSigningPem();
      signingOrigin = 'ephemeral';
    } else {
      const stored = await readOrCreate(config.keysDir, SIGNING_FILE, newSigningPem);
      signingPem = stored.text;
      signingOrigin = stored.origin;
    }
  }
  const signingKey = createPrivateKey(signingPem);
  const publicKey = createPublicKey(signingKey);
  const keys: ComplianceKeys = {
    piiKey,
    piiKeyId: createHash('sha256').update(piiKey).digest('hex').slice(0, 8),
    signingKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }) as string,
    signingKeyId: signingKeyIdOf(publicKey),
    origin: { pii: piiOrigin, signing: signingOrigin },
  };
  if (piiOrigin === 'ephemeral' || signingOrigin === 'ephemeral') {
    log.warn('compliance keys generated for this process only: pseudonyms and evidence signatures change at restart; set PRECEPT_PII_KEY and PRECEPT_SIGNING_KEY', {
      pii: piiOrigin,
      signing: signingOrigin,
    });
  }
  if (signingOrigin === 'generated') {
    log.info('generated the evidence signing key; publish its public key so recipients can verify exports', {
      keyId: keys.signingKeyId,
      publicKey: keys.publicKeyPem,
      file: join(config.keysDir!, SIGNING_FILE),
    });
  }
  if (piiOrigin === 'generated') log.info('generated the personal-data key', { keyId: keys.piiKeyId, file: join(config.keysDir!, PII_FILE) });
  return keys;
}
