import { describe, expect, it } from 'vitest';
import { DocumentChangeSchema, DocumentDiffSchema } from './diff.js';

const element = { kind: 'line', id: 'complaints', title: { zh: '客户投诉', en: 'Customer complaints' } };

describe('DocumentChangeSchema', () => {
  it.each([
    [
      'a changed leaf',
      {
        op: 'changed',
        path: '$.lines[id=complaints].points.value',
        element,
        field: 'points.value',
        before: 2,
        after: 3,
      },
      true,
    ],
    [
      'an added element',
      { op: 'added', path: '$.lines[id=x]', element: { kind: 'line', id: 'x' }, after: { id: 'x' } },
      true,
    ],
    [
      'a move',
      {
        op: 'moved',
        path: '$.grades[grade=A]',
        element: { kind: 'grade', id: 'A' },
        before: { parent: '$', index: 0 },
        after: { parent: '$', index: 3 },
      },
      true,
    ],
    ['an unknown op', { op: 'renamed', path: '$', element }, false],
    ['an unknown element kind', { op: 'added', path: '$', element: { kind: 'widget', id: 'w' } }, false],
    ['no path', { op: 'added', element }, false],
  ])('%s', (_, change, ok) => {
    expect(DocumentChangeSchema.safeParse(change).success).toBe(ok);
  });
  it('parses an empty diff', () => {
    expect(DocumentDiffSchema.parse([])).toEqual([]);
  });
});
