// Password hashing with scrypt from node:crypto: memory-hard, a random salt per password, the cost
// parameters stored with the hash so they can rise later, and a constant-time comparison. Hashing is
// throttled to a few at a time so a burst of sign-ins cannot exhaust memory (each hash takes
// 128·N·r bytes: 64 MiB at the default N = 2^16, r = 8).
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost parameters. */
export interface ScryptParams {
  /** log2 of N, the CPU/memory cost. */
  logN: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

/** The production default: N = 2^16, r = 8, p = 1 (64 MiB, roughly 0.1-0.3 s per hash). */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { logN: 16, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const PREFIX = 'scrypt';

/** A hasher bound to cost parameters and a concurrency limit. */
export interface PasswordHasher {
  /** `scrypt$<logN>$<r>$<p>$<salt base64url>$<hash base64url>`. */
  hash(password: string): Promise<string>;
  /** Constant-time check of `password` against a stored hash; false for a malformed hash. */
  verify(password: string, stored: string): Promise<boolean>;
  /** Spends the time a real check would, for an unknown username (no timing difference to probe). */
  verifyNothing(password: string): Promise<false>;
  /** True when `stored` was made with weaker parameters than this hasher's (rehash after sign-in). */
  needsRehash(stored: string): boolean;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return undefined;
  const [logN, r, p] = parts.slice(1, 4).map((part) => Number.parseInt(part, 10)) as [number, number, number];
  if (![logN, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || logN > 24 || r > 64 || p > 16) {
    return undefined;
  }
  const salt = Buffer.from(parts[4]!, 'base64url');
  const hash = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { params: { logN, r, p }, salt, hash };
}

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  const N = 2 ** params.logN;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 128 * N * params.r * 2 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, options, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

/** A counting semaphore: at most `limit` tasks run at once, the rest wait in order. */
function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

/**
 * Creates a {@link PasswordHasher}.
 *
 * @example
 * const hasher = createPasswordHasher({ logN: 16, r: 8, p: 1 });
 * const stored = await hasher.hash('correct horse battery');
 * await hasher.verify('correct horse battery', stored); // true
 */
export function createPasswordHasher(
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
  concurrency = 2,
): PasswordHasher {
  const limit = createLimiter(concurrency);
  let decoy: Promise<string> | undefined;

  const hasher: PasswordHasher = {
    async hash(password) {
      const salt = randomBytes(SALT_LENGTH);
      const hash = await limit(() => derive(password, salt, params, KEY_LENGTH));
      return [
        PREFIX,
        params.logN,
        params.r,
        params.p,
        salt.toString('base64url'),
        hash.toString('base64url'),
      ].join('$');
    },

    async verify(password, stored) {
      const parsed = parseHash(stored);
      if (parsed === undefined) return false;
      const actual = await limit(() => derive(password, parsed.salt, parsed.params, parsed.hash.length));
      return timingSafeEqual(actual, parsed.hash);
    },

    async verifyNothing(password) {
      decoy ??= hasher.hash(randomBytes(16).toString('hex'));
      await hasher.verify(password, await decoy);
      return false;
    },

    needsRehash(stored) {
      const parsed = parseHash(stored);
      return (
        parsed === undefined ||
        parsed.params.logN < params.logN ||
        parsed.params.r < params.r ||
        parsed.params.p < params.p
      );
    },
  };
  return hasher;
}
