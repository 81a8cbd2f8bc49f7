import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateSubject } from './subject-validate.js';
import { field, subject } from './test/fixtures.js';

const withFields = (fields: unknown[]): unknown => ({ key: 'x', title: { zh: 'x', en: 'x' }, fields });

describe('validateSubject', () => {
  it('accepts the fixture subject and returns it', () => {
    expect(validateSubject(subject)).toEqual({ ok: true, subject, issues: [] });
  });

  it.each([
    ['duplicate names', [field('a', 'number'), field('a', 'string')], '$.fields[1].name', 'duplicate_id'],
    ['enum without values', [field('a', 'enum')], '$.fields[0].values', 'subject_rule'],
    [
      'duplicate enum values',
      [
        field('a', 'enum', {
          values: [
            { value: 'v', label: { zh: 'v', en: 'v' } },
            { value: 'v', label: { zh: 'w', en: 'w' } },
          ],
        }),
      ],
      '$.fields[0].values[1].value',
      'duplicate_id',
    ],
    [
      'values on a string',
      [field('a', 'string', { values: [{ value: 'v', label: { zh: 'v', en: 'v' } }] })],
      '$.fields[0].values',
      'subject_rule',
    ],
    ['object without fields', [field('a', 'object')], '$.fields[0].fields', 'subject_rule'],
    ['object[] without fields', [field('a', 'object[]')], '$.fields[0].fields', 'subject_rule'],
    [
      'fields on a number',
      [field('a', 'number', { fields: [field('b', 'number')] })],
      '$.fields[0].fields',
      'subject_rule',
    ],
    ['min above max', [field('a', 'number', { min: 5, max: 1 })], '$.fields[0].min', 'subject_rule'],
    ['min on a date', [field('a', 'date', { min: 1 })], '$.fields[0].min', 'subject_rule'],
    [
      'nested duplicate',
      [field('a', 'object', { fields: [field('b', 'number'), field('b', 'number')] })],
      '$.fields[0].fields[1].name',
      'duplicate_id',
    ],
    ['forbidden name', [field('__proto__', 'number')], '$.fields[0].name', 'shape'],
    ['unknown type', [{ ...field('a', 'number'), type: 'money' }], '$.fields[0].type', 'shape'],
    ['no fields', [], '$.fields', 'shape'],
  ])('%s → %s %s', (_, fields, path, code) => {
    const result = validateSubject(withFields(fields));
    expect(result.ok).toBe(false);
    expect(result.issues).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('refuses nesting deeper than 32 levels', () => {
    let inner = field('leaf', 'number');
    for (let i = 0; i < 32; i += 1) inner = field(`f${i}`, 'object', { fields: [inner] });
    expect(validateSubject(withFields([inner])).issues).toContainEqual(
      expect.objectContaining({ code: 'limit' }),
    );
    let ok = field('leaf', 'number');
    for (let i = 0; i < 30; i += 1) ok = field(`f${i}`, 'object', { fields: [ok] });
    expect(validateSubject(withFields([ok])).ok).toBe(true);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (value) => {
        expect(typeof validateSubject(value).ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
    const cyclic: Record<string, unknown> = { key: 'x' };
    cyclic.fields = [cyclic];
    expect(validateSubject(cyclic).ok).toBe(false);
    expect(
      validateSubject({
        ...subject,
        fields: [
          {
            get name(): string {
              throw new Error('boom');
            },
          },
        ],
      }).ok,
    ).toBe(false);
  });
});
