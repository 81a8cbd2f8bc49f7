import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeUtf8, sha256Hex, sha256HexOfText } from './sha256.js';

const nodeSha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

describe('sha256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('sha256(%j) is the FIPS 180-4 vector', (text, hex) => {
    expect(sha256HexOfText(text)).toBe(hex);
  });

  it('agrees with node:crypto on arbitrary bytes (every padding length)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(sha256Hex(bytes)).toBe(nodeSha256(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with node:crypto on text, including astral and lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(Buffer.from(encodeUtf8(text)).equals(Buffer.from(text, 'utf8'))).toBe(true);
        expect(sha256HexOfText(text)).toBe(nodeSha256(text));
      }),
      { numRuns: 1000 },
    );
    expect(encodeUtf8('\ud800x')).toEqual(new Uint8Array([0xef, 0xbf, 0xbd, 0x78]));
  });

  it('hashes a megabyte like node:crypto', () => {
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 31) & 0xff);
    expect(sha256Hex(big)).toBe(nodeSha256(big));
  });
});
