import type { PolicySummary, StoredTestCase } from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { compareTestCases, exportedVersionOf, targetVersionOf } from './compare.js';
import { formatChange } from './diff.js';

const stored = (name: string, total: number, id = name): StoredTestCase => ({
  id,
  policyKey: 'p',
  version: 2,
  name,
  facts: { a: 1 },
  expect: { total },
});
const plain = (name: string, total: number) => ({ name, facts: { a: 1 }, expect: { total } });

describe('compareTestCases', () => {
  it.each([
    {
      name: 'equal lists (ids and versions ignored)',
      local: [plain('a', 1)],
      server: [stored('a', 1, 'x9')],
      expected: { added: 0, removed: 0, changed: 0 },
    },
    {
      name: 'a changed expectation',
      local: [plain('a', 2)],
      server: [stored('a', 1)],
      expected: { added: 0, removed: 0, changed: 1 },
    },
    {
      name: 'one more local case',
      local: [plain('a', 1), plain('b', 1)],
      server: [stored('a', 1)],
      expected: { added: 1, removed: 0, changed: 0 },
    },
    {
      name: 'one case fewer',
      local: [],
      server: [stored('a', 1)],
      expected: { added: 0, removed: 1, changed: 0 },
    },
    {
      name: 'the same cases in another order',
      local: [plain('b', 1), plain('a', 1)],
      server: [stored('a', 1), stored('b', 1)],
      expected: { added: 0, removed: 0, changed: 2 },
    },
  ])('counts $name', ({ local, server, expected }) => {
    expect(compareTestCases(local, server)).toEqual(expected);
  });
});

const summary = (fields: Partial<PolicySummary>): PolicySummary =>
  ({
    inForce: null,
    scheduled: null,
    latest: null,
    pending: [],
    isRetired: false,
    ...fields,
  }) as PolicySummary;
const window = (version: number) => ({
  version,
  contentHash: 'h',
  effectiveFrom: '2026-01-01T00:00:00.000Z',
  effectiveTo: null,
});

describe('which version export writes and import works on', () => {
  it.each([
    {
      name: 'in force, with a draft',
      s: summary({
        inForce: window(3),
        latest: { version: 4, status: 'draft' },
        pending: [{ version: 4, status: 'draft' }],
      }),
      exported: 3,
      drafts: 4,
      target: 4,
    },
    {
      name: 'scheduled only',
      s: summary({ scheduled: window(2), latest: { version: 2, status: 'published' } }),
      exported: 2,
      drafts: 2,
      target: 2,
    },
    {
      name: 'in force and scheduled',
      s: summary({ inForce: window(1), scheduled: window(2), latest: { version: 2, status: 'published' } }),
      exported: 1,
      drafts: 1,
      target: 1,
    },
    {
      name: 'retired',
      s: summary({ latest: { version: 5, status: 'retired' }, isRetired: true }),
      exported: 5,
      drafts: 5,
      target: 5,
    },
    {
      name: 'never published',
      s: summary({
        latest: { version: 1, status: 'in_review' },
        pending: [{ version: 1, status: 'in_review' }],
      }),
      exported: 1,
      drafts: 1,
      target: 1,
    },
    { name: 'no versions', s: summary({}), exported: undefined, drafts: undefined, target: undefined },
  ])('$name', ({ s, exported, drafts, target }) => {
    expect(exportedVersionOf(s, false)).toBe(exported);
    expect(exportedVersionOf(s, true)).toBe(drafts);
    expect(targetVersionOf(s)).toBe(target);
  });
});

describe('formatChange', () => {
  const element = { kind: 'line' as const, id: 'x' };
  it.each([
    {
      change: { op: 'changed' as const, path: '$.lines[id=x].points.value', element, before: 2, after: 3 },
      line: '~ $.lines[id=x].points.value: 2 → 3',
    },
    {
      change: { op: 'changed' as const, path: '$.description', element, after: 'new' },
      line: '~ $.description: (unset) → "new"',
    },
    {
      change: { op: 'added' as const, path: '$.lines[id=x]', element, after: { id: 'x' } },
      line: '+ $.lines[id=x]',
    },
    { change: { op: 'removed' as const, path: '$.lines[id=x]', element }, line: '- $.lines[id=x]' },
    { change: { op: 'moved' as const, path: '$.lines[id=x]', element }, line: '> $.lines[id=x]' },
    {
      change: { op: 'changed' as const, path: '$.title.en', element, before: 'a', after: 'b'.repeat(100) },
      line: `~ $.title.en: "a" → "${'b'.repeat(58)}…`,
    },
  ])('$line', ({ change, line }) => {
    expect(formatChange(change)).toBe(line);
  });
});
