import type { Subject } from '@precept/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFacts } from './facts-checker.js';
import { compileFactsIntake } from './facts-intake.js';
import { factsArb } from './test/arbitraries.js';
import { field, strictSubject, subject } from './test/fixtures.js';

/** What the intake must read: each field's own enumerable value, by field position. */
function expectedValues(of: Subject, facts: Record<string, unknown>): unknown[] {
  return of.fields.map((f) =>
    Object.prototype.propertyIsEnumerable.call(facts, f.name) ? facts[f.name] : undefined,
  );
}

/** The same facts with their keys in another order. */
function reordered(facts: Record<string, unknown>, order: readonly number[]): Record<string, unknown> {
  const entries = Object.entries(facts);
  return Object.fromEntries(order.filter((i) => i < entries.length).map((i) => entries[i]!));
}

describe('compileFactsIntake', () => {
  const intake = compileFactsIntake(subject);

  it('reads each field to its position in the subject, whatever the key order', () => {
    const facts = { name: 'x', score: 1.5, count: 2, flag: false };
    const values = intake.read(facts);
    expect(values).toEqual(expectedValues(subject, facts));
    expect(values?.[intake.fieldIndex.get('score')!]).toBe(1.5);
    expect(intake.read({ flag: false, count: 2, score: 1.5, name: 'x' })).toEqual(values);
    expect(intake.fieldNames).toEqual(subject.fields.map((f) => f.name));
  });

  it.each([
    ['an unknown key', { score: 1, ghost: 1 }],
    ['a value of the wrong type', { score: '1' }],
    ['a number out of range', { count: -1 }],
    ['an enum value that does not exist', { level: 'mid' }],
    ['a bad date', { day: '2026-02-30' }],
    ['a bad element in a list', { tags: ['a', 1] }],
    ['a nested object that does not fit', { branch: { staff: 'many' } }],
  ])('refuses facts with %s', (_, facts) => {
    expect(intake.read(facts)).toBeUndefined();
  });

  it.each([
    ['the required field missing', {}],
    ['the required field null', { id: null }],
    ['the required field undefined', { id: undefined }],
  ])('refuses facts with %s', (_, facts) => {
    expect(compileFactsIntake(strictSubject).read(facts)).toBeUndefined();
    expect(compileFactsIntake(strictSubject).read({ ...facts, id: 'x', n: 3 })).toEqual(['x', 3]);
  });

  it.each([null, undefined, 5, 'facts', [], [1], new Date(0), new Map([['score', 1]])])(
    'refuses %j as a whole',
    (facts) => {
      expect(intake.read(facts)).toBeUndefined();
    },
  );

  it('accepts an object without a prototype, and refuses an instance of a class', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { score: 2 });
    expect(intake.read(bare)).toEqual(expectedValues(subject, { score: 2 }));
    class Facts {
      score = 2;
    }
    expect(intake.read(new Facts())).toBeUndefined();
  });

  it('reads own enumerable properties only (what JSON carries and the check looks at)', () => {
    const facts = { score: 1 };
    Object.defineProperty(facts, 'count', { value: 3, enumerable: false });
    const values = intake.read(facts)!;
    expect(values[intake.fieldIndex.get('count')!]).toBeUndefined();
    expect(intake.readUnchecked(facts)).toEqual(values);
  });

  it('reads facts whose getter deletes a later key as a key-by-key walk would (never misaligned)', () => {
    const facts: Record<string, unknown> = {
      get score() {
        delete facts.count;
        return 2;
      },
      count: 1,
      name: 'x',
    };
    expect(intake.read(facts)).toEqual(expectedValues(subject, { score: 2, name: 'x' }));
  });

  it('never reads a field from a polluted Object.prototype, and still checks every key', () => {
    Object.defineProperty(Object.prototype, 'score', {
      value: 7,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    try {
      const values = intake.read({ count: 1 })!;
      expect(values[intake.fieldIndex.get('score')!]).toBeUndefined();
      expect(values[intake.fieldIndex.get('count')!]).toBe(1);
      expect(intake.read({ count: 1, ghost: 2 })).toBeUndefined();
      expect(intake.read({ count: 'one' })).toBeUndefined();
    } finally {
      delete (Object.prototype as Record<string, unknown>).score;
    }
  });

  it('a field named like an Object.prototype member reads only an own property', () => {
    const odd = compileFactsIntake({
      ...strictSubject,
      fields: [field('toString', 'string'), field('constructor', 'number')],
    });
    expect(odd.read({})).toEqual([undefined, undefined]);
    expect(odd.read({ constructor: 4 })).toEqual([undefined, 4]);
    expect(odd.read({ toString: 4 })).toBeUndefined();
  });

  it('property: reads what it must, and accepts exactly what the reporting check accepts, in any key order', () => {
    // Each run is a fresh intake: the key-order trie grows from nothing through many orders.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(factsArb, fc.array(fc.nat(30), { maxLength: 30 })), {
          minLength: 1,
          maxLength: 20,
        }),
        (runs) => {
          const fresh = compileFactsIntake(subject);
          for (const [facts, order] of runs) {
            for (const variant of [facts, reordered(facts, order)]) {
              const valid = checkFacts(variant, subject).length === 0;
              const values = fresh.read(variant);
              expect(values !== undefined).toBe(valid);
              if (values !== undefined) expect(values).toEqual(expectedValues(subject, variant));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('stays right once its key-order trie is full (thousands of key orders)', () => {
    const wide: Subject = {
      ...strictSubject,
      fields: Array.from({ length: 24 }, (_, i) => field(`f${i}`, 'integer', { required: i === 0 })),
    };
    const wideIntake = compileFactsIntake(wide);
    const facts = Object.fromEntries(wide.fields.map((f, i) => [f.name, i]));
    fc.assert(
      fc.property(fc.array(fc.nat(23), { minLength: 24, maxLength: 24 }), (order) => {
        const variant = { ...reordered(facts, order), f0: 0 };
        expect(wideIntake.read(variant)).toEqual(expectedValues(wide, variant));
        expect(wideIntake.read({ ...variant, f3: -0.5 })).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });
});
