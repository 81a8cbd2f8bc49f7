// The secrets a caller presents, and how they travel: session tokens (cookie or bearer), API keys
// (`pk_<id>_<secret>`, bearer or `x-api-key`). Everything here is pure: generating, hashing,
// parsing headers and formatting the session cookie.
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The session cookie's name. */
export const SESSION_COOKIE = 'precept_session';
/** The header an API key may also travel in (besides `Authorization: Bearer`). */
export const API_KEY_HEADER = 'x-api-key';

const SESSION_TOKEN = /^ps_[A-Za-z0-9_-]{43}$/;
const API_KEY = /^pk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** sha256 of a secret, hex: how session tokens and key secrets are stored. */
export function hashSecret(secret: string): string {
  // One-shot `hash` (Node ≥ 20.12): a third of `createHash(…).update(…).digest()` per request.
  return hash('sha256', secret, 'hex');
}

/** Constant-time equality of two hex digests. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** A new session: a random id (named in audit rows) and a 256-bit token (only its hash is stored). */
export function newSessionSecret(): { id: string; token: string; tokenHash: string } {
  const token = `ps_${randomBytes(32).toString('base64url')}`;
  return { id: randomBytes(12).toString('hex'), token, tokenHash: hashSecret(token) };
}

/** True when `value` has the shape of a session token (cheap check before a database lookup). */
export function isSessionToken(value: string): boolean {
  return SESSION_TOKEN.test(value);
}

/** A new API key: `pk_<16 hex id>_<43 base64url secret>`, and the hash to store. */
export function newApiKeySecret(): { id: string; secret: string; secretHash: string } {
  const id = randomBytes(8).toString('hex');
  const secret = `pk_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, secret, secretHash: hashSecret(secret) };
}

/** The id of a well-formed API key, or undefined. */
export function apiKeyIdOf(value: string): string | undefined {
  return API_KEY.exec(value)?.[1];
}

/** What a request presents to prove who it is. */
export type PresentedCredential =
  { kind: 'session'; token: string; via: 'cookie' | 'bearer' } | { kind: 'key'; secret: string };

/** The value of cookie `name` in a `Cookie` header, if present. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

/**
 * The credential of a request: `Authorization: Bearer pk_…` or `x-api-key` (an API key),
 * `Authorization: Bearer <session token>`, or the session cookie. An explicit header wins over the
 * cookie. Undefined when nothing is presented.
 */
export function readCredential(headers: {
  get(name: string): string | null;
}): PresentedCredential | undefined {
  const authorization = headers.get('authorization')?.trim();
  if (authorization !== undefined && authorization !== '') {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const value = match?.[1] ?? '';
    return value.startsWith('pk_')
      ? { kind: 'key', secret: value }
      : { kind: 'session', token: value, via: 'bearer' };
  }
  const apiKey = headers.get(API_KEY_HEADER)?.trim();
  if (apiKey !== undefined && apiKey !== '') return { kind: 'key', secret: apiKey };
  const cookie = readCookie(headers.get('cookie'), SESSION_COOKIE);
  if (cookie !== undefined && cookie !== '') return { kind: 'session', token: cookie, via: 'cookie' };
  return undefined;
}

/** Attributes of the session cookie. */
export interface SessionCookieOptions {
  /** Add `Secure` (the server is reached over HTTPS). */
  secure: boolean;
}

/**
 * The `Set-Cookie` value that stores a session token: httpOnly (scripts cannot read it),
 * `SameSite=Strict` (no cross-site request carries it; the console is same-origin), path `/`.
 */
export function sessionCookie(token: string, maxAgeSeconds: number, options: SessionCookieOptions): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/** The `Set-Cookie` value that deletes the session cookie. */
export function clearedSessionCookie(options: SessionCookieOptions): string {
  return sessionCookie('', 0, options);
}
