import { describe, expect, it } from 'vitest';
import {
  apiKeyIdOf,
  clearedSessionCookie,
  digestsEqual,
  hashSecret,
  isSessionToken,
  newApiKeySecret,
  newSessionSecret,
  readCookie,
  readCredential,
  sessionCookie,
} from './identity.credentials.js';

const headersOf = (record: Record<string, string>): Headers => new Headers(record);
const KEY = 'pk_0123456789abcdef_' + 'A'.repeat(43);

describe('credentials', () => {
  it('makes 256-bit session tokens and keys whose stored form is only a hash', () => {
    const session = newSessionSecret();
    expect(isSessionToken(session.token)).toBe(true);
    expect(Buffer.from(session.token.slice(3), 'base64url')).toHaveLength(32);
    expect(session.tokenHash).toBe(hashSecret(session.token));
    expect(session.tokenHash).not.toContain(session.token.slice(3));
    const key = newApiKeySecret();
    expect(key.secret).toMatch(/^pk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyIdOf(key.secret)).toBe(key.id);
    expect(key.secretHash).toBe(hashSecret(key.secret));
    expect(newSessionSecret().token).not.toBe(session.token);
  });

  it.each([
    ['no credential', {}, undefined],
    ['a bearer API key', { authorization: `Bearer ${KEY}` }, { kind: 'key', secret: KEY }],
    ['an x-api-key header', { 'x-api-key': KEY }, { kind: 'key', secret: KEY }],
    [
      'a bearer session token',
      { authorization: 'Bearer ps_abc' },
      { kind: 'session', token: 'ps_abc', via: 'bearer' },
    ],
    [
      'the session cookie',
      { cookie: 'a=1; precept_session=ps_xyz; b=2' },
      { kind: 'session', token: 'ps_xyz', via: 'cookie' },
    ],
    [
      'a header and a cookie (the header wins)',
      { authorization: `Bearer ${KEY}`, cookie: 'precept_session=ps_xyz' },
      { kind: 'key', secret: KEY },
    ],
    [
      'a scheme that is not Bearer',
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { kind: 'session', token: '', via: 'bearer' },
    ],
    ['another cookie only', { cookie: 'precept_sessionX=ps_xyz' }, undefined],
  ])('reads %s', (_name, headers, expected) => {
    expect(readCredential(headersOf(headers))).toEqual(expected);
  });

  it.each([
    ['a well-formed key', KEY, '0123456789abcdef'],
    ['upper-case hex in the id', 'pk_0123456789ABCDEF_' + 'A'.repeat(43), undefined],
    ['a short secret', 'pk_0123456789abcdef_' + 'A'.repeat(42), undefined],
    ['no prefix', '0123456789abcdef_' + 'A'.repeat(43), undefined],
  ])('parses the id of %s', (_name, value, expected) => {
    expect(apiKeyIdOf(value)).toBe(expected);
  });

  it('compares digests in constant time and refuses unequal or empty ones', () => {
    const a = hashSecret('a');
    expect(digestsEqual(a, hashSecret('a'))).toBe(true);
    expect(digestsEqual(a, hashSecret('b'))).toBe(false);
    expect(digestsEqual(a, a.slice(0, 10))).toBe(false);
    expect(digestsEqual('', '')).toBe(false);
  });

  it('sets the session cookie httpOnly, SameSite=Strict, path /, with a max age, Secure when asked', () => {
    expect(sessionCookie('ps_t', 3600, { secure: false })).toBe(
      'precept_session=ps_t; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600',
    );
    expect(sessionCookie('ps_t', 3600.7, { secure: true })).toBe(
      'precept_session=ps_t; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600; Secure',
    );
    expect(clearedSessionCookie({ secure: false })).toBe(
      'precept_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0',
    );
  });

  it('reads one cookie among several', () => {
    expect(readCookie('x=1;precept_session=abc ; y=2', 'precept_session')).toBe('abc');
    expect(readCookie(null, 'precept_session')).toBeUndefined();
  });
});
