import { describe, expect, it } from 'vitest';
import { applyFactPath, explainBadPath, parseFactPath, readSegments, resolveFactPath } from './fact-path.js';

describe('parseFactPath', () => {
  it.each([
    ['$.a', ['a']],
    ['$.a.b[0].c', ['a', 'b', 0, 'c']],
    ['$[3]', [3]],
    ['$[0].toString', [0, 'toString']],
  ])('%s → %j', (path, segments) => {
    expect(parseFactPath(path)).toEqual(segments);
    expect(explainBadPath(path)).toBeUndefined();
  });

  it.each([
    '$',
    '',
    'a.b',
    '$..a',
    '$.a[*]',
    '$["a"]',
    "$['a']",
    '$.a[?(@.b)]',
    '$.__proto__',
    '$.a.constructor',
    '$.prototype',
    '$[0].__proto__.x',
    '$.a[-1]',
    '$.1a',
    `$${'.a'.repeat(300)}`,
    5,
    null,
  ])('refuses %j', (path) => {
    expect(parseFactPath(path)).toBeUndefined();
    expect(explainBadPath(path)).toEqual(expect.any(String));
  });
});

describe('readSegments (own properties only)', () => {
  const value = { a: { b: [{ c: 1 }, { c: 2 }] }, list: [10, 20], s: 'text' };
  it.each([
    [['a', 'b', 1, 'c'], 2],
    [['list', 1], 20],
    [['list', 2], undefined],
    [['list', 'length'], undefined],
    [['s', 'length'], undefined],
    [['a', 'toString'], undefined],
    [['a', 'hasOwnProperty'], undefined],
    [['missing', 'x'], undefined],
    [['a', 0], undefined],
  ])('%j → %j', (segments, expected) => {
    expect(readSegments(value, segments)).toEqual(expected);
  });
});

describe('applyFactPath (json-rules-engine almanac semantics)', () => {
  it.each([
    [{ a: 1 }, undefined, { a: 1 }],
    [{ a: 1 }, ['a'], 1],
    [5, ['a'], 5],
    ['text', ['a'], 'text'],
    [undefined, ['a'], undefined],
    [null, ['a'], null],
    [{ a: 1 }, null, undefined],
    [[{ a: 1 }], [0, 'a'], 1],
  ])('%j at %j → %j', (factValue, segments, expected) => {
    expect(applyFactPath(factValue, segments)).toEqual(expected);
  });
});

describe('resolveFactPath', () => {
  it('follows an allowed path and refuses others', () => {
    expect(resolveFactPath({ a: [{ b: 'x' }] }, '$.a[0].b')).toBe('x');
    expect(resolveFactPath({ a: [{ b: 'x' }] }, '$..b')).toBeUndefined();
    expect(resolveFactPath({}, '$.constructor')).toBeUndefined();
  });
});
