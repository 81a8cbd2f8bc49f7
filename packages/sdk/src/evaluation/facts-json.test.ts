import { describe, expect, it } from 'vitest';
import { toFactSetsJson, toFactsJson } from './facts-json.js';

const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;

describe('toFactsJson', () => {
  it.each([
    {
      name: 'plain JSON',
      facts: { a: 1, b: ['x'], c: { d: null } },
      json: { a: 1, b: ['x'], c: { d: null } },
    },
    { name: 'undefined fields dropped', facts: { a: 1, b: undefined }, json: { a: 1 } },
    {
      name: 'a Date as its ISO string',
      facts: { on: new Date('2026-06-30T00:00:00Z') },
      json: { on: '2026-06-30T00:00:00.000Z' },
    },
    {
      name: 'NaN and Infinity as null',
      facts: { a: Number.NaN, b: Number.POSITIVE_INFINITY },
      json: { a: null, b: null },
    },
    {
      name: 'a class instance as its fields',
      facts: new (class {
        x = 1;
      })(),
      json: { x: 1 },
    },
  ])('keeps $name', ({ facts, json }) => {
    expect(toFactsJson(facts)).toEqual({ ok: true, value: json });
  });

  it('returns a copy the caller cannot change afterwards', () => {
    const facts = { nested: { n: 1 } };
    const result = toFactsJson(facts);
    facts.nested.n = 2;
    expect(result).toEqual({ ok: true, value: { nested: { n: 1 } } });
  });

  it.each([
    { name: 'null', facts: null as unknown as object },
    { name: 'an array', facts: [1, 2] },
    { name: 'a cycle', facts: cyclic },
    { name: 'a BigInt', facts: { big: 1n } },
    { name: 'an object whose toJSON gives a string', facts: { toJSON: () => 'x' } },
  ])('refuses $name with VALIDATION at $.facts', ({ facts }) => {
    expect(toFactsJson(facts)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: '$.facts' }] },
    });
  });

  it('names the fact set of a batch that is not JSON', () => {
    expect(toFactSetsJson([{ a: 1 }, cyclic])).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: '$.factSets[1]' }] },
    });
  });
});
