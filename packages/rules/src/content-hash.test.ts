import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GUIDELINE_POLICIES, GUIDELINE_SUBJECTS } from '@precept/schema';
import { canonicalJson } from './canonical-json.js';
import { compile } from './compile-policy.js';
import { contentHash, sha256HexOfText } from './content-hash.js';
import golden from './test/content-hashes.golden.json' with { type: 'json' };
import { hashFixtures } from './test/hash-fixtures.js';

const nodeSha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const recorded = golden as Record<string, string>;

describe('sha256HexOfText', () => {
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

  it('agrees with node:crypto on text of every padding length, astral characters and lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(sha256HexOfText(text)).toBe(nodeSha256(text));
      }),
      { numRuns: 1000 },
    );
    // A lone surrogate is hashed as U+FFFD, as node:crypto and TextEncoder encode it.
    expect(sha256HexOfText('\ud800x')).toBe(nodeSha256('\ufffdx'));
  });

  it('hashes a megabyte like node:crypto', () => {
    const big = Array.from({ length: 1 << 17 }, (_, i) => String.fromCharCode(32 + ((i * 31) % 90))).join('');
    const text = big.repeat(8);
    expect(sha256HexOfText(text)).toBe(nodeSha256(text));
  });
});

describe('content hashes of the fixtures', () => {
  const fixtures = Object.entries(hashFixtures());

  it('cover every recorded fixture and nothing unrecorded', () => {
    const names = new Set(fixtures.map(([name]) => name));
    const recordedValues = Object.keys(recorded).filter(
      (name) => !name.endsWith('/compiled') && !name.startsWith('text/'),
    );
    expect([...names].sort()).toEqual(recordedValues.sort());
    expect(fixtures.length).toBeGreaterThan(200);
  });

  it.each(fixtures)(
    '%s hashes as the hand-written SHA-256 recorded, and as node:crypto does',
    (name, value) => {
      expect(contentHash(value)).toBe(recorded[name]);
      expect(nodeSha256(canonicalJson(value))).toBe(recorded[name]);
    },
  );

  it.each(GUIDELINE_POLICIES.map((item) => [item.policy.key, item] as const))(
    'compiling %s gives the recorded content hash',
    (key, item) => {
      const subject = GUIDELINE_SUBJECTS.find((candidate) => candidate.key === item.policy.subjectKey)!;
      expect(compile(item.document, subject).contentHash).toBe(recorded[`guideline/policy/${key}/compiled`]);
    },
  );

  it('recorded text vectors still hash the same', () => {
    expect(sha256HexOfText('')).toBe(recorded['text/empty']);
    expect(sha256HexOfText('服务 \u{1F600} \ud800 x \udc00')).toBe(
      recorded['text/astral-and-lone-surrogates'],
    );
  });

  it('content hashes of arbitrary JSON agree with node:crypto', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(contentHash(value)).toBe(nodeSha256(canonicalJson(value)));
      }),
      { numRuns: 300 },
    );
  });
});
