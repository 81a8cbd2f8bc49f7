import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonShared, canonicalJsonWith } from './canonical-json.js';
import { contentHash } from './content-hash.js';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ z: { y: 1, x: 2 }, a: {} }, '{"a":{},"z":{"x":2,"y":1}}'],
    [{ a: undefined, b: 1 }, '{"b":1}'],
    [-0, '0'],
    [1e21, '1e+21'],
    [0.1, '0.1'],
    ['中文\n"', '"中文\\n\\""'],
    [{ é: 1, e: 2, E: 3 }, '{"E":3,"e":2,"é":1}'],
    [[], '[]'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  it.each([
    ['undefined in an array', [1, undefined], '$[1]'],
    ['NaN', { a: NaN }, '$.a'],
    ['Infinity', [Infinity], '$[0]'],
    ['a function', { f: () => 1 }, '$.f'],
    ['a symbol', { s: Symbol('s') }, '$.s'],
    ['a bigint', { n: 1n }, '$.n'],
    ['a Date', { d: new Date(0) }, '$.d'],
    ['a cycle', cyclic, '$.self'],
    ['undefined', undefined, '$'],
  ])('throws on %s, naming %s', (_, value, path) => {
    expect(() => canonicalJson(value)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', issues: [expect.objectContaining({ path })] }),
    );
  });

  it('keeps a __proto__ key as a member, as JSON.parse makes it', () => {
    const value = JSON.parse('{"z":1,"__proto__":{"b":2,"a":1}}') as unknown;
    expect(canonicalJson(value)).toBe('{"__proto__":{"a":1,"b":2},"z":1}');
    expect(Object.getPrototypeOf(JSON.parse(canonicalJson(value)))).toBe(Object.prototype);
  });

  it('reuses nothing it should have sorted: objects in order inside objects out of order, and the reverse', () => {
    expect(canonicalJson({ a: { d: 1, c: [{ y: 1, x: 2 }] }, b: [{ f: 1, e: 2 }] })).toBe(
      '{"a":{"c":[{"x":2,"y":1}],"d":1},"b":[{"e":2,"f":1}]}',
    );
    expect(canonicalJson({ b: { a: 1, b: 2 }, a: [1, { a: 1 }] })).toBe(
      '{"a":[1,{"a":1}],"b":{"a":1,"b":2}}',
    );
  });

  it('writes any value as canonical JSON or throws an AppError naming why, never anything else', () => {
    // The reference: sort every object's keys, then JSON.stringify (the canonical form by definition).
    const sortKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortKeys)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
            )
          : v;
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withNullPrototype: true,
          withSparseArray: true,
        }),
        (value) => {
          let text: string;
          try {
            text = canonicalJson(value);
          } catch (error) {
            expect(error).toMatchObject({ code: expect.stringMatching(/^(VALIDATION|LIMIT)$/) });
            return;
          }
          expect(text).toBe(JSON.stringify(sortKeys(JSON.parse(text))));
          expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('throws LIMIT rather than overflowing the stack on absurd nesting', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i += 1) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(expect.objectContaining({ code: 'LIMIT' }));
  });

  it('round-trips: parsing canonical JSON gives an equal value, and key order does not matter', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        const reordered = JSON.parse(
          JSON.stringify(value, (_, v: unknown) =>
            v && typeof v === 'object' && !Array.isArray(v)
              ? Object.fromEntries(Object.entries(v).reverse())
              : v,
          ),
        ) as unknown;
        expect(canonicalJson(reordered)).toBe(text);
        expect(contentHash(reordered)).toBe(contentHash(value));
      }),
      { numRuns: 500 },
    );
  });
});

describe('canonicalJson key order', () => {
  it("puts integer-like keys first in numeric order (JavaScript's own order; stored hashes depend on it)", () => {
    expect(canonicalJson({ b: 1, '10': 2, '9': 3, a: 4 })).toBe('{"9":3,"10":2,"a":4,"b":1}');
  });
});

describe('canonicalJsonWith', () => {
  it('writes the same text as canonicalJson when the written members are their canonical JSON', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.func(fc.boolean()), (record, pick) => {
        const written = Object.fromEntries(
          Object.keys(record)
            .filter((key) => pick(key))
            .map((key) => [key, canonicalJson(record[key])]),
        );
        expect(canonicalJsonWith(record, written)).toBe(canonicalJson(record));
      }),
      { numRuns: 1000 },
    );
  });

  it('puts a written member in key order even where the record lacks it, and leaves undefined members out', () => {
    expect(canonicalJsonWith({ b: 1, d: undefined, a: { y: 2, x: 1 } }, { c: '[1,2]' })).toBe(
      '{"a":{"x":1,"y":2},"b":1,"c":[1,2]}',
    );
    expect(canonicalJsonWith({}, {})).toBe('{}');
    // Integer-like keys first, ascending, as canonicalJson writes them (JavaScript's own order).
    expect(canonicalJsonWith({ b: 1, '10': 2, '9': 3 }, { '': '0' })).toBe(
      canonicalJson({ b: 1, '10': 2, '9': 3, '': 0 }),
    );
  });

  it('uses the written text whatever the record holds under that key', () => {
    expect(canonicalJsonWith({ outcome: { big: true }, id: 'x' }, { outcome: '{"small":1}' })).toBe(
      '{"id":"x","outcome":{"small":1}}',
    );
  });

  it('refuses what canonicalJson refuses, naming the path from the record', () => {
    expect(() => canonicalJsonWith({ facts: { a: [1, Number.NaN] }, outcome: 1 }, { outcome: '1' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining('$.facts.a[1]') }),
    );
    expect(() => canonicalJsonWith(new Date(0) as unknown as Record<string, unknown>, {})).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
  });
});

describe('canonicalJsonShared', () => {
  /** Freezes the objects and arrays of `value` that `pick` chooses by path, innermost first. */
  function freezeSome(value: unknown, pick: (path: string) => boolean, path = '$'): unknown {
    if (value === null || typeof value !== 'object') return value;
    for (const [key, member] of Object.entries(value)) freezeSome(member, pick, `${path}.${key}`);
    if (pick(path)) Object.freeze(value);
    return value;
  }

  it('writes the same text as canonicalJson, first and again, whatever parts are frozen', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.func(fc.boolean()), (json, pick) => {
        const value = freezeSome(structuredClone(json), pick);
        const expected = canonicalJson(value);
        expect(canonicalJsonShared(value)).toBe(expected);
        expect(canonicalJsonShared(value)).toBe(expected);
        // A shared frozen part inside a new value is reused as it is.
        expect(canonicalJsonShared({ again: value, other: [value] })).toBe(
          canonicalJson({ again: value, other: [value] }),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses what canonicalJson refuses, with its error', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withNullPrototype: true,
          withSparseArray: true,
        }),
        fc.func(fc.boolean()),
        (anything, pick) => {
          let value: unknown;
          try {
            value = freezeSome(anything, pick);
          } catch {
            return; // a Map or the like refused freezing its insides: not what this property is about
          }
          let expected: unknown;
          try {
            expected = canonicalJson(value);
          } catch (error) {
            expected = error;
          }
          let actual: unknown;
          try {
            actual = canonicalJsonShared(value);
          } catch (error) {
            actual = error;
          }
          if (typeof expected === 'string') expect(actual).toBe(expected);
          else
            expect(actual).toMatchObject({
              code: (expected as { code: string }).code,
              message: (expected as Error).message,
            });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('writes a frozen object afresh while something inside it can still change', () => {
    const inner = { n: 1 };
    const outer = Object.freeze({ inner });
    expect(canonicalJsonShared(outer)).toBe('{"inner":{"n":1}}');
    inner.n = 2;
    expect(canonicalJsonShared(outer)).toBe('{"inner":{"n":2}}');
    let reads = 0;
    const counted = Object.freeze(
      Object.defineProperty({}, 'n', { enumerable: true, get: () => (reads += 1) }) as Record<
        string,
        unknown
      >,
    );
    expect(canonicalJsonShared(counted)).toBe('{"n":1}');
    expect(canonicalJsonShared(counted)).toBe('{"n":2}');
  });

  it('keeps the depth limit and refuses loops through frozen parts', () => {
    let frozen: unknown = 1;
    for (let i = 0; i < 600; i += 1) frozen = Object.freeze([frozen]);
    expect(canonicalJsonShared(frozen)).toBe(canonicalJson(frozen));
    let deep: unknown = frozen;
    for (let i = 0; i < 600; i += 1) deep = [deep];
    expect(() => canonicalJsonShared(deep)).toThrow(expect.objectContaining({ code: 'LIMIT' }));
    const a: Record<string, unknown> = {};
    const b = Object.freeze({ a });
    a.b = b;
    Object.freeze(a);
    expect(() => canonicalJsonShared({ b })).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^(VALIDATION|LIMIT)$/) }),
    );
  });
});
