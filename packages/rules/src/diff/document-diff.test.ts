import {
  DocumentDiffSchema,
  GUIDELINE_POLICIES,
  type DocumentChange,
  type PolicyDocument,
  type ScorecardDocument,
} from '@precept/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffDocuments } from './index.js';

const t = (zh: string, en = zh) => ({ zh, en });
const leaf = (fact: string, operator: string, value: unknown) => ({ fact, operator, value });

function scorecardV1(): ScorecardDocument {
  const entry = GUIDELINE_POLICIES.find((p) => p.policy.key === 'service-performance-scorecard');
  if (entry?.document.kind !== 'scorecard') throw new Error('the default scorecard is missing');
  return structuredClone(entry.document);
}

/** A document from plain JSON: the diff must work on whatever a store hands it. */
const doc = (value: unknown) => value as PolicyDocument;

describe('diffDocuments: two versions of the default scorecard', () => {
  const v1 = scorecardV1();
  const v2 = scorecardV1();
  const complaints = v2.lines.find((l) => l.id === 'complaints')!;
  const satisfaction = v2.lines.find((l) => l.id === 'satisfaction-rate')!;
  // weight: a complaint now costs 3 points
  if (complaints.points.mode === 'perUnit') complaints.points.value = 3;
  // threshold: satisfaction must reach 97%
  satisfaction.condition = { all: [leaf('customerSatisfactionRate', 'lessThan', 97) as never] };
  if (satisfaction.points.mode === 'perUnit') satisfaction.points.below = 97;
  // line added after complaints, line removed
  const petition = {
    id: 'petition-complaints',
    title: t('上访投诉', 'Petition complaints'),
    section: '十.扣分部分.客户投诉',
    type: 'deduction' as const,
    category: 'reputation',
    condition: { all: [leaf('complaints', 'greaterThan', 3) as never] },
    points: { mode: 'fixed' as const, value: 5 },
  };
  v2.lines.splice(v2.lines.indexOf(complaints) + 1, 0, petition);
  v2.lines = v2.lines.filter((l) => l.id !== 'local-rank-top10');

  it('reports the weight, the threshold, the added and the removed line, and nothing else', () => {
    const removed = v1.lines.find((l) => l.id === 'local-rank-top10')!;
    expect(diffDocuments(v1, v2)).toEqual<DocumentChange[]>([
      {
        op: 'removed',
        path: '$.lines[id=local-rank-top10]',
        element: { kind: 'line', id: 'local-rank-top10', title: removed.title },
        before: removed as never,
      },
      {
        op: 'changed',
        path: '$.lines[id=satisfaction-rate].condition.all[0].value',
        element: { kind: 'line', id: 'satisfaction-rate', title: satisfaction.title },
        field: 'condition.all[0].value',
        fact: 'customerSatisfactionRate',
        before: 95,
        after: 97,
      },
      {
        op: 'changed',
        path: '$.lines[id=satisfaction-rate].points.below',
        element: { kind: 'line', id: 'satisfaction-rate', title: satisfaction.title },
        field: 'points.below',
        before: 95,
        after: 97,
      },
      {
        op: 'changed',
        path: '$.lines[id=complaints].points.value',
        element: { kind: 'line', id: 'complaints', title: complaints.title },
        field: 'points.value',
        before: 2,
        after: 3,
      },
      {
        op: 'added',
        path: '$.lines[id=petition-complaints]',
        element: { kind: 'line', id: 'petition-complaints', title: petition.title },
        after: petition,
      },
    ]);
  });

  it('reports the reverse diff as the mirror image', () => {
    const ops = diffDocuments(v2, v1).map(
      (c) => `${c.op} ${c.path} ${JSON.stringify(c.before)}→${JSON.stringify(c.after)}`,
    );
    expect(ops).toEqual([
      'removed $.lines[id=petition-complaints] ' + JSON.stringify(petition) + '→undefined',
      'changed $.lines[id=satisfaction-rate].condition.all[0].value 97→95',
      'changed $.lines[id=satisfaction-rate].points.below 97→95',
      'changed $.lines[id=complaints].points.value 3→2',
      'added $.lines[id=local-rank-top10] undefined→' +
        JSON.stringify(v1.lines.find((l) => l.id === 'local-rank-top10')),
    ]);
  });

  it('gives changes that match the shared DocumentChange schema', () => {
    expect(DocumentDiffSchema.safeParse(diffDocuments(v1, v2)).success).toBe(true);
  });
});

describe('diffDocuments: no change, no diff', () => {
  it.each(GUIDELINE_POLICIES.map((p) => [p.policy.key, p.document] as const))(
    '%s against a copy of itself',
    (_, document) => {
      expect(diffDocuments(document, structuredClone(document))).toEqual([]);
    },
  );
  it('ignores key order', () => {
    const a = doc({
      kind: 'standard',
      targets: [{ id: 'x', title: t('x'), severity: 'minor', condition: { all: [leaf('a', 'equal', 1)] } }],
    });
    const b = doc({
      targets: [
        {
          condition: { all: [{ value: 1, operator: 'equal', fact: 'a' }] },
          severity: 'minor',
          title: { en: 'x', zh: 'x' },
          id: 'x',
        },
      ],
      kind: 'standard',
    });
    expect(diffDocuments(a, b)).toEqual([]);
  });
});

const target = (id: string, condition: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  title: t(`目标${id}`, `target ${id}`),
  severity: 'major',
  condition,
  ...extra,
});
const standard = (...targets: unknown[]) => doc({ kind: 'standard', targets });
const summary = (changes: DocumentChange[]) =>
  changes.map((c) =>
    [
      c.op,
      c.path,
      c.field ?? '-',
      c.fact ?? '-',
      JSON.stringify(c.before) ?? '-',
      JSON.stringify(c.after) ?? '-',
    ].join(' | '),
  );

describe('diffDocuments: table of element and condition changes', () => {
  const A = { all: [leaf('rate', 'greaterThanInclusive', 95)] };
  const cases: [string, PolicyDocument, PolicyDocument, string[]][] = [
    [
      'a field of an element and a title',
      standard(target('a', A), target('b', A)),
      standard(target('a', A, { severity: 'critical' }), target('b', A, { title: t('目标b', 'target B') })),
      [
        'changed | $.targets[id=a].severity | severity | - | "major" | "critical"',
        'changed | $.targets[id=b].title.en | title.en | - | "target b" | "target B"',
      ],
    ],
    [
      'an operator and a value of one leaf',
      standard(target('a', { all: [leaf('rate', 'greaterThan', 95), leaf('n', 'equal', 1)] })),
      standard(target('a', { all: [leaf('rate', 'greaterThanInclusive', 97), leaf('n', 'equal', 1)] })),
      [
        'changed | $.targets[id=a].condition.all[0].operator | condition.all[0].operator | rate | "greaterThan" | "greaterThanInclusive"',
        'changed | $.targets[id=a].condition.all[0].value | condition.all[0].value | rate | 95 | 97',
      ],
    ],
    [
      'a condition added to and one removed from an all',
      standard(target('a', { all: [leaf('x', 'equal', 1), leaf('y', 'equal', 2)] })),
      standard(target('a', { all: [leaf('y', 'equal', 2), leaf('z', 'lessThan', 3)] })),
      [
        'removed | $.targets[id=a].condition.all[0] | condition.all[0] | x | {"fact":"x","operator":"equal","value":1} | -',
        'added | $.targets[id=a].condition.all[1] | condition.all[1] | z | - | {"fact":"z","operator":"lessThan","value":3}',
      ],
    ],
    [
      'a leaf edited next to an inserted one pairs by fact',
      standard(target('a', { any: [leaf('x', 'equal', 1), leaf('y', 'equal', 2)] })),
      standard(target('a', { any: [leaf('w', 'equal', 0), leaf('x', 'equal', 1), leaf('y', 'equal', 5)] })),
      [
        'added | $.targets[id=a].condition.any[0] | condition.any[0] | w | - | {"fact":"w","operator":"equal","value":0}',
        'changed | $.targets[id=a].condition.any[2].value | condition.any[2].value | y | 2 | 5',
      ],
    ],
    [
      'all turned into any, nested not',
      standard(target('a', { all: [leaf('x', 'equal', 1), { not: leaf('y', 'equal', true) }] })),
      standard(target('a', { any: [leaf('x', 'equal', 1), { not: leaf('y', 'equal', false) }] })),
      [
        'changed | $.targets[id=a].condition | condition | - | "all" | "any"',
        'changed | $.targets[id=a].condition.any[1].not.value | condition.any[1].not.value | y | true | false',
      ],
    ],
    [
      'a fact reference replaced by a number',
      standard(target('a', { all: [leaf('loyalty', 'greaterThan', { fact: 'peerLoyalty' })] })),
      standard(target('a', { all: [leaf('loyalty', 'greaterThan', 85)] })),
      [
        'changed | $.targets[id=a].condition.all[0].value | condition.all[0].value | loyalty | {"fact":"peerLoyalty"} | 85',
      ],
    ],
    [
      'a reordering reports only what left the kept order',
      standard(target('a', A), target('b', A), target('c', A), target('d', A)),
      standard(target('d', A), target('a', A), target('b', A), target('c', A)),
      ['moved | $.targets[id=d] | - | - | {"parent":"$","index":3} | {"parent":"$","index":0}'],
    ],
    [
      'an insertion shifts the rest without moving them',
      standard(target('a', A), target('b', A)),
      standard(target('n', A), target('a', A), target('b', A)),
      [`added | $.targets[id=n] | - | - | - | ${JSON.stringify(target('n', A))}`],
    ],
    [
      'an id that is not a plain identifier is quoted',
      doc({
        kind: 'qualification',
        facts: { post: 'p', certificates: 'c', skillTests: 's', trainings: 't' },
        warnWithinDays: 30,
        posts: [
          {
            id: '柜员 A',
            title: t('柜员'),
            requirements: [{ id: 'c', title: t('c'), type: 'certificate', code: 'C1' }],
          },
        ],
      }),
      doc({
        kind: 'qualification',
        facts: { post: 'p', certificates: 'c', skillTests: 's', trainings: 't' },
        warnWithinDays: 60,
        posts: [
          {
            id: '柜员 A',
            title: t('柜员'),
            requirements: [{ id: 'c', title: t('c'), type: 'certificate', code: 'C2' }],
          },
        ],
      }),
      [
        'changed | $.warnWithinDays | warnWithinDays | - | 30 | 60',
        'changed | $.posts[id="柜员 A"].requirements[id=c].code | code | - | "C1" | "C2"',
      ],
    ],
  ];

  it.each(cases)('%s', (_, before, after, expected) => {
    const changes = diffDocuments(before, after);
    expect(summary(changes)).toEqual(expected);
    expect(DocumentDiffSchema.safeParse(changes).success).toBe(true);
  });
});

describe('diffDocuments: nested lists', () => {
  const item = (id: string, points: number, deadlineDays = 30) => ({
    id,
    title: t(`项${id}`, `item ${id}`),
    points,
    critical: false,
    condition: { all: [leaf(`f${id}`, 'equal', true)] },
    rectification: { owner: 'outlet', deadlineDays },
  });
  const checklist = (passPercent: number, sections: [string, unknown[]][]) =>
    doc({
      kind: 'checklist',
      passPercent,
      sections: sections.map(([id, items]) => ({ id, title: t(id), items })),
    });

  it('reports an item moved to another section as one move, with its own edits', () => {
    const before = checklist(80, [
      ['hall', [item('a', 10), item('b', 5)]],
      ['external', [item('c', 5)]],
    ]);
    const after = checklist(85, [
      ['hall', [item('a', 10)]],
      ['external', [item('b', 5, 15), item('c', 5)]],
    ]);
    expect(summary(diffDocuments(before, after))).toEqual([
      'changed | $.passPercent | passPercent | - | 80 | 85',
      'moved | $.sections[id=external].items[id=b] | - | - | {"parent":"$.sections[id=hall]","index":1} | {"parent":"$.sections[id=external]","index":0}',
      'changed | $.sections[id=external].items[id=b].rectification.deadlineDays | rectification.deadlineDays | - | 30 | 15',
    ]);
  });

  it('keeps requirements that share an id across posts apart', () => {
    const req = (id: string, minLevel: number) => ({
      id,
      title: t(id),
      type: 'skillTest',
      code: 'CASH',
      minLevel,
    });
    const qualification = (posts: [string, unknown[]][]) =>
      doc({
        kind: 'qualification',
        facts: { post: 'post', certificates: 'c', skillTests: 's', trainings: 't' },
        warnWithinDays: 60,
        posts: posts.map(([id, requirements]) => ({ id, title: t(id), requirements })),
      });
    const before = qualification([
      ['teller', [req('cert', 1), req('cash', 1)]],
      ['lobby', [req('cert', 1)]],
    ]);
    const after = qualification([
      ['teller', [req('cert', 1)]],
      ['lobby', [req('cert', 2), req('cash', 1)]],
    ]);
    expect(summary(diffDocuments(before, after))).toEqual([
      'changed | $.posts[id=lobby].requirements[id=cert].minLevel | minLevel | - | 1 | 2',
      'moved | $.posts[id=lobby].requirements[id=cash] | - | - | {"parent":"$.posts[id=teller]","index":1} | {"parent":"$.posts[id=lobby]","index":1}',
    ]);
    const ambiguous = qualification([
      ['teller', [req('cert', 1), req('cash', 1)]],
      ['lobby', [req('cash', 1)]],
    ]);
    const ambiguousAfter = qualification([
      ['teller', [req('cert', 1)]],
      ['lobby', [req('cash', 1)]],
    ]);
    expect(summary(diffDocuments(ambiguous, ambiguousAfter))).toEqual([
      `removed | $.posts[id=teller].requirements[id=cash] | - | - | ${JSON.stringify(req('cash', 1))} | -`,
    ]);
  });

  it('diffs escalation levels and their actions, a list of names as one value', () => {
    const action = (id: string, deadlineHours: number) => ({
      id,
      title: t(id),
      owner: 'office',
      deadlineHours,
    });
    const level = (id: string, severity: number, reportTo: string[], actions: unknown[]) => ({
      id,
      title: t(id),
      severity,
      condition: { any: [leaf('n', 'greaterThanInclusive', severity * 100)] },
      reportTo,
      responseHours: 24,
      authority: 'group',
      actions,
    });
    const before = doc({
      kind: 'escalation',
      levels: [level('l2', 2, ['branch'], [action('report', 2)]), level('l1', 1, ['branch'], [])],
    });
    const after = doc({
      kind: 'escalation',
      levels: [
        level('l3', 3, ['branch', 'head office'], []),
        level('l2', 2, ['branch', 'head office'], [action('report', 1)]),
        level('l1', 1, ['branch'], []),
      ],
    });
    expect(summary(diffDocuments(before, after))).toEqual([
      `added | $.levels[id=l3] | - | - | - | ${JSON.stringify(level('l3', 3, ['branch', 'head office'], []))}`,
      'changed | $.levels[id=l2].reportTo | reportTo | - | ["branch"] | ["branch","head office"]',
      'changed | $.levels[id=l2].actions[id=report].deadlineHours | deadlineHours | - | 2 | 1',
    ]);
  });

  it('keys grades by grade and category caps by category', () => {
    const v1 = scorecardV1();
    const v2 = scorecardV1();
    v2.grades[0]!.minScore = 96;
    v2.categoryCaps[0]!.max = 25;
    v2.grades.reverse();
    expect(summary(diffDocuments(v1, v2))).toEqual([
      'changed | $.categoryCaps[category=customer].max | max | - | 20 | 25',
      // reversed: one grade keeps its place relative to the others, three moved
      'moved | $.grades[grade=C] | - | - | {"parent":"$","index":2} | {"parent":"$","index":1}',
      'moved | $.grades[grade=B] | - | - | {"parent":"$","index":1} | {"parent":"$","index":2}',
      'moved | $.grades[grade=A] | - | - | {"parent":"$","index":0} | {"parent":"$","index":3}',
      'changed | $.grades[grade=A].minScore | minScore | - | 95 | 96',
    ]);
  });

  it('reports a change of kind, then every element removed and added', () => {
    const before = standard(target('a', { all: [leaf('x', 'equal', 1)] }));
    const after = doc({
      kind: 'ruleset',
      rules: [{ id: 'r', priority: 1, conditions: { all: [] }, event: { type: 'e' } }],
    });
    expect(diffDocuments(before, after).map((c) => `${c.op} ${c.path}`)).toEqual([
      'changed $.kind',
      'removed $.targets[id=a]',
      'added $.rules[id=r]',
    ]);
  });
});

describe('diffDocuments: keys named like Object.prototype members are plain keys', () => {
  const line = (extra: Record<string, unknown>) => doc({ kind: 'scorecard', lines: [{ id: 'a', ...extra }] });
  it.each([
    ['a top-level key only before', doc({ toString: null }), doc({}), ['changed $.toString -> -']],
    ['a kind that is a prototype name', doc({ kind: 'constructor' }), doc({ kind: 'constructor' }), []],
    [
      'a kind that is a prototype name, then none',
      doc({ kind: 'toString' }),
      doc({}),
      ['changed $.kind -> -'],
    ],
    ['an element field only after', line({}), line({ valueOf: 2 }), ['changed $.lines[id=a].valueOf -> 2']],
    [
      'a condition leaf key only before',
      line({ condition: { all: [{ fact: 'x', constructor: 1 }] } }),
      line({ condition: { all: [{ fact: 'x' }] } }),
      ['changed $.lines[id=a].condition.all[0].constructor -> -'],
    ],
  ])('%s', (_, before, after, expected) => {
    const changes = diffDocuments(before, after);
    expect(DocumentDiffSchema.safeParse(changes).success).toBe(true);
    expect(
      changes.map(
        (c) =>
          `${c.op} ${c.path} -> ${'after' in c && c.after !== undefined ? JSON.stringify(c.after) : '-'}`,
      ),
    ).toEqual(expected);
  });
});

describe('diffDocuments: properties', () => {
  it('never throws on arbitrary JSON and always returns changes of the shared schema', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const changes = diffDocuments(a as PolicyDocument, b as PolicyDocument);
        expect(DocumentDiffSchema.safeParse(changes).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on JSON whose keys are document keys and Object.prototype names', () => {
    // fc.jsonValue() rarely draws a key such as "toString": these objects are made of them.
    const key = fc.constantFrom(
      ...['kind', 'lines', 'id', 'title', 'condition', 'all', 'any', 'not', 'fact', 'value'],
      ...['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__'],
    );
    const leafValue = fc.oneof(
      fc.constantFrom('scorecard', 'standard', 'toString'),
      fc.integer(),
      fc.constant(null),
    );
    const json = fc.object({ key, values: [leafValue], maxDepth: 4 });
    fc.assert(
      fc.property(json, json, (a, b) => {
        const changes = diffDocuments(a as PolicyDocument, b as PolicyDocument);
        expect(DocumentDiffSchema.safeParse(changes).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated default policies, and a document against itself is empty', () => {
    const documents = GUIDELINE_POLICIES.map((p) => p.document);
    fc.assert(
      fc.property(fc.constantFrom(...documents), fc.constantFrom(...documents), fc.nat(), (a, b, seed) => {
        const mutated = structuredClone(b) as unknown as Record<string, unknown[]>;
        const key = Object.keys(mutated).find((k) => Array.isArray(mutated[k]));
        if (key) mutated[key] = [...mutated[key]!].reverse().slice(seed % 2);
        diffDocuments(a, mutated as unknown as PolicyDocument);
        expect(diffDocuments(a, structuredClone(a))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
