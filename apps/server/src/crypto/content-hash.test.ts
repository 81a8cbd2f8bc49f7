import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash as pureContentHash } from '@precept/rules';
import { GUIDELINE_POLICIES, GUIDELINE_SUBJECTS, generateDemoFacts } from '@precept/schema';
import { contentHash } from './content-hash.js';

describe('contentHash (node:crypto)', () => {
  it('is the rules core’s content hash on the guideline and the demo facts', () => {
    const values: unknown[] = [...GUIDELINE_SUBJECTS, ...GUIDELINE_POLICIES, ...generateDemoFacts()];
    for (const value of values) expect(contentHash(value)).toBe(pureContentHash(value));
    expect(contentHash({ b: 1, a: '中' })).toBe(contentHash({ a: '中', b: 1 }));
  });

  it('is the rules core’s content hash on arbitrary JSON, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        expect(contentHash(value)).toBe(pureContentHash(value));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses what is not JSON, as canonicalJson does', () => {
    expect(() => contentHash({ a: Number.NaN })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});
