import { describe, expect, it } from 'vitest';
import { guidelineSubject } from '../../test/fixtures';
import {
  describeFieldPath,
  dottedPathOf,
  fieldAtPath,
  personalFieldPaths,
  personalPathsIn,
  pseudonymKeyId,
  shortPseudonym,
  splitAtPseudonyms,
} from './personal-data';
import type { Subject } from '@precept/schema';

const A = `hmac-sha256:bbb0e3c6:${'70faf2ce'.padEnd(64, '1')}`;
const B = `hmac-sha256:bbb0e3c6:${'a2506ad9'.padEnd(64, '2')}`;

/** A subject with a personal field nested in an object and one in a list of objects. */
const nested: Subject = {
  key: 'account',
  title: { zh: '账户', en: 'Account' },
  fields: [
    { name: 'id', type: 'string', label: { zh: '编号', en: 'ID' }, required: true },
    {
      name: 'holder',
      type: 'object',
      label: { zh: '持有人', en: 'Holder' },
      required: true,
      fields: [
        {
          name: 'phone',
          type: 'string',
          label: { zh: '电话', en: 'Phone' },
          required: false,
          personal: true,
        },
        { name: 'city', type: 'string', label: { zh: '城市', en: 'City' }, required: false },
      ],
    },
    {
      name: 'owner',
      type: 'object',
      label: { zh: '所有人', en: 'Owner' },
      required: false,
      personal: true,
      fields: [
        { name: 'name', type: 'string', label: { zh: '姓名', en: 'Name' }, required: true, personal: true },
      ],
    },
  ],
};

describe('pseudonyms', () => {
  it('shortens a pseudonym to the first digits of its HMAC and reads its key id', () => {
    expect(shortPseudonym(A)).toBe('70faf2ce…');
    expect(pseudonymKeyId(A)).toBe('bbb0e3c6');
  });

  it('cuts JSON text at its quoted pseudonyms and leaves everything else as it was', () => {
    const json = JSON.stringify({ employeeId: A, post: 'teller', names: [B, 'hmac-sha256:short'] }, null, 2);
    const parts = splitAtPseudonyms(json);
    expect(parts.filter((p) => typeof p !== 'string')).toEqual([{ pseudonym: A }, { pseudonym: B }]);
    // Put back together, the pieces are the text again.
    expect(parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p.pseudonym))).join('')).toBe(json);
    expect(splitAtPseudonyms('{"a": 1}')).toEqual(['{"a": 1}']);
  });
});

describe('personal fields', () => {
  it('lists the personal fields of the employee subject', () => {
    expect(personalFieldPaths(guidelineSubject('employee'))).toEqual(['employeeId', 'name', 'age']);
  });

  it('names nested personal fields by dotted path; a field inside a personal one is covered by it', () => {
    expect(personalFieldPaths(nested)).toEqual(['holder.phone', 'owner']);
    expect(fieldAtPath(nested, 'holder.phone')?.label.en).toBe('Phone');
    expect(fieldAtPath(nested, 'holder.street')).toBeUndefined();
  });

  it('reads the JSON paths of the decision log as dotted paths, and in words', () => {
    expect(dottedPathOf('$.holder.phone')).toBe('holder.phone');
    expect(dottedPathOf('$.holders[0].phone')).toBe('holders.phone');
    expect(describeFieldPath(nested, 'holder.phone', (text) => text.zh)).toBe('持有人 › 电话');
    expect(describeFieldPath(nested, 'holder.fax', (text) => text.en)).toBe('Holder › fax');
    expect(describeFieldPath(undefined, 'name', (text) => text.en)).toBe('name');
  });

  it('keeps the personal paths present in the facts', () => {
    const employee = guidelineSubject('employee');
    expect(personalPathsIn(employee, { employeeId: 'E-1', name: null, post: 'teller' })).toEqual([
      'employeeId',
    ]);
    expect(personalPathsIn(nested, { holder: { city: 'x' } })).toEqual(['holder.phone']);
    expect(personalPathsIn(undefined, { employeeId: 'E-1' })).toEqual([]);
  });
});
