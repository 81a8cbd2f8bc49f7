import { describe, expect, it } from 'vitest';
import { insertAfter, moveItem, removeAt, replaceAt, uniqueId } from './list-ops';

describe('list edits', () => {
  it.each([
    ['replaceAt', replaceAt(['a', 'b', 'c'], 1, 'x'), ['a', 'x', 'c']],
    ['removeAt', removeAt(['a', 'b', 'c'], 0), ['b', 'c']],
    ['moveItem down', moveItem(['a', 'b', 'c'], 0, 1), ['b', 'a', 'c']],
    ['moveItem past the end', moveItem(['a', 'b', 'c'], 1, 9), ['a', 'c', 'b']],
    ['moveItem up from the top', moveItem(['a', 'b'], 0, -1), ['a', 'b']],
    ['insertAfter', insertAfter(['a', 'c'], 0, 'b'), ['a', 'b', 'c']],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it.each([
    ['line', [], 'line'],
    ['line', ['line'], 'line-2'],
    ['line', ['line', 'line-2'], 'line-3'],
  ])('uniqueId(%s, %j) → %s', (base, taken, expected) => {
    expect(uniqueId(base, taken)).toBe(expected);
  });
});
