import { describe, expect, it } from 'vitest';
import { childPath, isPathUnder, parsePath, pathFromSegments } from './json-path';

describe('childPath', () => {
  it.each([
    [['$', 'lines'], '$.lines'],
    [['$.lines', 2], '$.lines[2]'],
    [['$', 'lines', 2, 'condition', 'all', 0, 'value'], '$.lines[2].condition.all[0].value'],
    [['$', 'a-b'], '$["a-b"]'],
  ] as const)('%j → %s', (args, expected) => {
    const [base, ...rest] = args;
    expect(childPath(base, ...rest)).toBe(expected);
  });
});

describe('parsePath', () => {
  it.each([
    ['$', []],
    ['$.lines[2].condition.all[0].value', ['lines', 2, 'condition', 'all', 0, 'value']],
    ['$["a-b"][3]', ['a-b', 3]],
  ])('%s', (path, expected) => {
    expect(parsePath(path)).toEqual(expected);
    expect(pathFromSegments(expected)).toBe(path);
  });
});

describe('isPathUnder', () => {
  it.each([
    ['$.lines[2].x', '$.lines[2]', true],
    ['$.lines[2]', '$.lines[2]', true],
    ['$.lines[20]', '$.lines[2]', false],
    ['$.linesX', '$.lines', false],
    ['$.lines', '$', true],
  ])('%s under %s → %s', (path, prefix, expected) => {
    expect(isPathUnder(path, prefix)).toBe(expected);
  });
});
