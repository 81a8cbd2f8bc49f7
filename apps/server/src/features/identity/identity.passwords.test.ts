import { describe, expect, it } from 'vitest';
import { createPasswordHasher, DEFAULT_SCRYPT_PARAMS } from './identity.passwords.js';

// Cheap parameters keep the table fast; one test below pins the production default.
const cheap = createPasswordHasher({ logN: 10, r: 8, p: 1 });

describe('password hashing', () => {
  it('hashes with the production parameters by default: scrypt N = 2^16, r = 8, a 16-byte salt', async () => {
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ logN: 16, r: 8, p: 1 });
    const hasher = createPasswordHasher();
    const stored = await hasher.hash('correct horse battery');
    const [scheme, logN, r, p, salt, hash] = stored.split('$');
    expect({ scheme, logN, r, p }).toEqual({ scheme: 'scrypt', logN: '16', r: '8', p: '1' });
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64url')).toHaveLength(32);
    expect(await hasher.verify('correct horse battery', stored)).toBe(true);
  });

  it('salts every hash: the same password twice gives two hashes that both verify', async () => {
    const [a, b] = await Promise.all([cheap.hash('same password'), cheap.hash('same password')]);
    expect(a).not.toBe(b);
    expect(await cheap.verify('same password', a)).toBe(true);
    expect(await cheap.verify('same password', b)).toBe(true);
  });

  it.each([
    ['the right password', 'Pa55word-ünïcode', true],
    ['a different password', 'Pa55word-unicode', false],
    ['a prefix of it', 'Pa55word', false],
    ['the empty string', '', false],
    ['the same letters in another case', 'pa55WORD-ÜNÏCODE', false],
  ])('verifies %s as %s', async (_name, attempt, expected) => {
    const stored = await cheap.hash('Pa55word-ünïcode');
    expect(await cheap.verify(attempt, stored)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['another scheme', 'bcrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['too few parts', 'scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA'],
    [
      'a cost that is not a number',
      'scrypt$x$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
    ['an absurd cost', 'scrypt$40$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a short salt', 'scrypt$10$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('refuses a malformed stored hash (%s) without throwing', async (_name, stored) => {
    expect(await cheap.verify('anything', stored)).toBe(false);
  });

  it('spends a check on unknown users and always says no', async () => {
    expect(await cheap.verifyNothing('whatever')).toBe(false);
  });

  it.each([
    ['weaker N', { logN: 10, r: 8, p: 1 }, { logN: 11, r: 8, p: 1 }, true],
    ['the same parameters', { logN: 10, r: 8, p: 1 }, { logN: 10, r: 8, p: 1 }, false],
    ['stronger N', { logN: 11, r: 8, p: 1 }, { logN: 10, r: 8, p: 1 }, false],
    ['smaller r', { logN: 10, r: 4, p: 1 }, { logN: 10, r: 8, p: 1 }, true],
  ])('asks for a rehash of a hash made with %s', async (_name, made, current, expected) => {
    const stored = await createPasswordHasher(made).hash('pw');
    expect(createPasswordHasher(current).needsRehash(stored)).toBe(expected);
  });
});
