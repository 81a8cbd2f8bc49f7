import { LIMITS, type PolicyDocument } from '@precept/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validate } from './document-validate.js';
import { ISSUE_CODES } from './issue-codes.js';
import { documentArb } from './test/arbitraries.js';
import { scorecard, subject, title } from './test/fixtures.js';

/** A standard with one target whose condition is `condition`. */
function standardWith(condition: unknown): unknown {
  return { kind: 'standard', targets: [{ id: 't', title: title('t'), severity: 'minor', condition }] };
}
const leaf = (extra: Record<string, unknown>) => standardWith({ all: [extra] });
const AT = '$.targets[0].condition.all[0]';

describe('validate: conditions', () => {
  it.each([
    ['unknown fact', leaf({ fact: 'nope', operator: 'equal', value: 1 }), `${AT}.fact`, 'unknown_fact'],
    ['bad fact name', leaf({ fact: '__proto__', operator: 'equal', value: 1 }), `${AT}.fact`, 'shape'],
    ['unknown operator', leaf({ fact: 'score', operator: 'matches', value: 1 }), `${AT}.operator`, 'shape'],
    [
      'operator on the wrong type',
      leaf({ fact: 'name', operator: 'greaterThan', value: 'a' }),
      `${AT}.operator`,
      'operator_not_allowed',
    ],
    [
      'contains on a scalar',
      leaf({ fact: 'score', operator: 'contains', value: 1 }),
      `${AT}.operator`,
      'operator_not_allowed',
    ],
    [
      'string for a number',
      leaf({ fact: 'score', operator: 'equal', value: '5' }),
      `${AT}.value`,
      'value_type',
    ],
    [
      'number for a date',
      leaf({ fact: 'day', operator: 'dateBefore', value: 20260101 }),
      `${AT}.value`,
      'value_type',
    ],
    [
      'impossible date',
      leaf({ fact: 'day', operator: 'dateBefore', value: '2026-02-30' }),
      `${AT}.value`,
      'value_type',
    ],
    ['missing value', leaf({ fact: 'score', operator: 'equal' }), `${AT}.value`, 'value_type'],
    [
      'unknown enum value',
      leaf({ fact: 'level', operator: 'equal', value: 'medium' }),
      `${AT}.value`,
      'unknown_enum_value',
    ],
    [
      'unknown enum value in a list',
      leaf({ fact: 'level', operator: 'in', value: ['low', 'mid'] }),
      `${AT}.value[1]`,
      'unknown_enum_value',
    ],
    ['empty in-list', leaf({ fact: 'name', operator: 'in', value: [] }), `${AT}.value`, 'value_type'],
    ['in with a scalar', leaf({ fact: 'name', operator: 'in', value: 'a' }), `${AT}.value`, 'value_type'],
    [
      'element of the wrong type',
      leaf({ fact: 'tags', operator: 'contains', value: 1 }),
      `${AT}.value`,
      'value_type',
    ],
    [
      'range upside down',
      leaf({ fact: 'score', operator: 'between', value: [5, 1] }),
      `${AT}.value`,
      'value_type',
    ],
    ['range of one', leaf({ fact: 'score', operator: 'between', value: [5] }), `${AT}.value`, 'value_type'],
    [
      'negative count',
      leaf({ fact: 'day', operator: 'withinDaysBefore', value: -1 }),
      `${AT}.value`,
      'value_type',
    ],
    [
      'fractional count',
      leaf({ fact: 'day', operator: 'olderThanMonths', value: 1.5 }),
      `${AT}.value`,
      'value_type',
    ],
    [
      'exists with a number',
      leaf({ fact: 'score', operator: 'exists', value: 1 }),
      `${AT}.value`,
      'value_type',
    ],
    [
      'reference to an unknown fact',
      leaf({ fact: 'score', operator: 'equal', value: { fact: 'ghost' } }),
      `${AT}.value.fact`,
      'unknown_fact',
    ],
    [
      'reference to an incompatible fact',
      leaf({ fact: 'score', operator: 'equal', value: { fact: 'name' } }),
      `${AT}.value`,
      'value_type',
    ],
    [
      'reference where a count is needed',
      leaf({ fact: 'day', operator: 'olderThanDays', value: { fact: 'count' } }),
      `${AT}.value`,
      'value_type',
    ],
    [
      'reference with an extra key',
      leaf({ fact: 'score', operator: 'equal', value: { fact: 'other', params: {} } }),
      `${AT}.value.params`,
      'shape',
    ],
    [
      'path on a scalar fact',
      leaf({ fact: 'score', operator: 'equal', value: 1, path: '$.a' }),
      `${AT}.path`,
      'bad_path',
    ],
    [
      'path to a missing field',
      leaf({ fact: 'branch', operator: 'equal', value: 1, path: '$.nope' }),
      `${AT}.path`,
      'bad_path',
    ],
    [
      'object[] path without an index',
      leaf({ fact: 'items', operator: 'equal', value: 1, path: '$.qty' }),
      `${AT}.path`,
      'bad_path',
    ],
    [
      'JSONPath filter',
      leaf({ fact: 'items', operator: 'exists', value: true, path: '$[?(@.qty)]' }),
      `${AT}.path`,
      'bad_path',
    ],
    [
      'forbidden segment',
      leaf({ fact: 'branch', operator: 'exists', value: true, path: '$.constructor' }),
      `${AT}.path`,
      'bad_path',
    ],
    [
      'params',
      leaf({ fact: 'score', operator: 'equal', value: 1, params: { a: 1 } }),
      `${AT}.params`,
      'shape',
    ],
    [
      'unknown key',
      leaf({ fact: 'score', operator: 'equal', value: 1, priority: 2 }),
      `${AT}.priority`,
      'shape',
    ],
    ['empty all', standardWith({ all: [] }), '$.targets[0].condition.all', 'empty_group'],
    ['empty nested any', standardWith({ all: [{ any: [] }] }), `${AT}.any`, 'empty_group'],
    [
      'two groups in one node',
      standardWith({ all: [{ fact: 'score', operator: 'exists', value: true }], any: [] }),
      '$.targets[0].condition.any',
      'shape',
    ],
    [
      'a leaf at the top',
      standardWith({ fact: 'score', operator: 'exists', value: true }),
      '$.targets[0].condition',
      'shape',
    ],
    ['no condition', standardWith(undefined), '$.targets[0].condition', 'shape'],
    ['a string condition', standardWith('score > 1'), '$.targets[0].condition', 'shape'],
  ])('%s → %s %s', (_, document, path, code) => {
    const result = validate(document, subject);
    expect(result.ok).toBe(false);
    expect(result.issues).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('accepts every operator on every type it applies to (see the generators)', () => {
    fc.assert(
      fc.property(documentArb, (document) => {
        expect(validate(document, subject).issues).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('reports every problem, not just the first', () => {
    const document = standardWith({
      all: [
        { fact: 'nope', operator: 'equal', value: 1 },
        { fact: 'name', operator: 'greaterThan', value: 'a' },
        { any: [] },
        { fact: 'level', operator: 'equal', value: 'x' },
      ],
    });
    const codes = validate(document, subject).issues.map((issue) => issue.code);
    expect(codes).toEqual(['unknown_fact', 'operator_not_allowed', 'empty_group', 'unknown_enum_value']);
  });
});

describe('validate: limits', () => {
  const deep = (levels: number): unknown => {
    let node: unknown = { fact: 'score', operator: 'exists', value: true };
    for (let i = 0; i < levels; i += 1) node = { all: [node] };
    return node;
  };
  it('allows nesting of 32 and refuses 33', () => {
    expect(validate(standardWith(deep(LIMITS.depth)), subject).issues).toEqual([]);
    expect(validate(standardWith(deep(LIMITS.depth + 1)), subject).issues).toContainEqual(
      expect.objectContaining({ code: 'limit' }),
    );
  });
  it('refuses absurd nesting without overflowing the stack', () => {
    expect(validate(standardWith(deep(100_000)), subject).issues).toEqual([
      expect.objectContaining({ path: '$', code: 'limit' }),
    ]);
  });
  it('refuses more than 500 conditions in one rule', () => {
    const leaves = (n: number) =>
      Array.from({ length: n }, () => ({ fact: 'score', operator: 'exists', value: true }));
    expect(validate(standardWith({ any: leaves(500) }), subject).issues).toEqual([]);
    expect(
      validate(standardWith({ any: [{ all: leaves(400) }, { all: leaves(101) }] }), subject).issues,
    ).toEqual([expect.objectContaining({ path: '$.targets[0].condition', code: 'limit' })]);
  });
  it('refuses lists over 1,000 items', () => {
    const values = Array.from({ length: 1001 }, (_, i) => `v${i}`);
    expect(validate(leaf({ fact: 'name', operator: 'in', value: values }), subject).issues).toEqual([
      expect.objectContaining({ path: `${AT}.value`, code: 'limit' }),
    ]);
    const targets = Array.from({ length: 1001 }, (_, i) => ({
      id: `t${i}`,
      title: title('t'),
      severity: 'minor',
      condition: { all: [{ fact: 'score', operator: 'exists', value: true }] },
    }));
    expect(validate({ kind: 'standard', targets }, subject).issues).toContainEqual(
      expect.objectContaining({ path: '$.targets', code: 'limit' }),
    );
  });
  it('refuses more than 5,000 rules', () => {
    const item = (i: number) => ({
      id: `i${i}`,
      title: { zh: 'x', en: 'x' },
      points: 1,
      condition: { all: [{ fact: 'flag', operator: 'equal', value: true }] },
      rectification: { owner: 'o', deadlineDays: 1 },
    });
    const sections = Array.from({ length: 6 }, (_, s) => ({
      id: `s${s}`,
      title: { zh: 'x', en: 'x' },
      items: Array.from({ length: 900 }, (_, i) => item(s * 1000 + i)),
    }));
    const issues = validate({ kind: 'checklist', passPercent: 50, sections }, subject).issues;
    expect(issues.map((issue) => issue.code)).toContain('limit');
  });
  it('refuses a document over 256 KiB of canonical JSON', () => {
    const big = {
      ...(scorecard as object),
      lines: (scorecard as { lines: object[] }).lines.map((line) => ({
        ...line,
        title: { zh: 'x'.repeat(100), en: 'y' },
      })),
    };
    expect(validate(big, subject).issues).toEqual([]);
    const huge = standardWith({
      all: [{ fact: 'name', operator: 'in', value: Array.from({ length: 1000 }, () => 'x'.repeat(300)) }],
    });
    expect(validate(huge, subject).issues).toEqual([expect.objectContaining({ path: '$', code: 'limit' })]);
  });
});

describe('validate: kinds', () => {
  const withScorecard = (patch: Record<string, unknown>) => ({ ...(scorecard as object), ...patch });
  const line = (scorecard as Extract<PolicyDocument, { kind: 'scorecard' }>).lines[0]!;
  it.each([
    [
      'duplicate target ids',
      {
        kind: 'standard',
        targets: [0, 1].map(() => ({
          id: 'same',
          title: title('t'),
          severity: 'minor',
          condition: { all: [{ fact: 'flag', operator: 'exists', value: true }] },
        })),
      },
      '$.targets[1].id',
      'duplicate_id',
    ],
    ['duplicate line ids', withScorecard({ lines: [line, line] }), '$.lines[1].id', 'duplicate_id'],
    [
      'unused category cap',
      withScorecard({ categoryCaps: [{ category: 'ghost', max: 1 }] }),
      '$.categoryCaps[0].category',
      'kind_rule',
    ],
    [
      'duplicate category cap',
      withScorecard({
        categoryCaps: [
          { category: 'service', max: 1 },
          { category: 'service', max: 2 },
        ],
      }),
      '$.categoryCaps[1].category',
      'duplicate_id',
    ],
    [
      'grade bands out of order',
      withScorecard({
        grades: [
          { grade: 'B', label: title('B'), minScore: 80 },
          { grade: 'A', label: title('A'), minScore: 90 },
        ],
      }),
      '$.grades[1].minScore',
      'kind_rule',
    ],
    [
      'equal grade bands',
      withScorecard({
        grades: [
          { grade: 'B', label: title('B'), minScore: 80 },
          { grade: 'A', label: title('A'), minScore: 80 },
        ],
      }),
      '$.grades[1].minScore',
      'kind_rule',
    ],
    ['min above max', withScorecard({ minScore: 50, maxScore: 40 }), '$.minScore', 'kind_rule'],
    ['base outside the range', withScorecard({ minScore: 0, maxScore: 90 }), '$.baseScore', 'kind_rule'],
    [
      'per-unit fact not numeric',
      withScorecard({ lines: [{ ...line, points: { mode: 'perUnit', value: 1, fact: 'name' } }] }),
      '$.lines[0].points.fact',
      'kind_rule',
    ],
    [
      'per-unit unknown fact',
      withScorecard({ lines: [{ ...line, points: { mode: 'perUnit', value: 1, fact: 'ghost' } }] }),
      '$.lines[0].points.fact',
      'unknown_fact',
    ],
    [
      'above and below',
      withScorecard({
        lines: [{ ...line, points: { mode: 'perUnit', value: 1, fact: 'count', above: 1, below: 5 } }],
      }),
      '$.lines[0].points.below',
      'kind_rule',
    ],
    [
      'bad points mode',
      withScorecard({ lines: [{ ...line, points: { mode: 'sometimes', value: 1 } }] }),
      '$.lines[0].points.mode',
      'shape',
    ],
    ['unknown kind', { kind: 'poem' }, '$.kind', 'shape'],
    ['not an object', 'scorecard', '$', 'shape'],
    ['an extra key', withScorecard({ extra: 1 }), '$', 'shape'],
  ])('%s → %s %s', (_, document, path, code) => {
    const result = validate(document, subject);
    expect(result.issues).toContainEqual(expect.objectContaining({ path, code }));
  });

  const levels = (severities: number[]) => ({
    kind: 'escalation',
    levels: severities.map((severity, i) => ({
      id: `l${i}`,
      title: title('l'),
      severity,
      condition: { all: [{ fact: 'flag', operator: 'equal', value: true }] },
      reportTo: ['x'],
      responseHours: 1,
      authority: 'y',
      actions: [
        { id: 'a', title: title('a'), owner: 'o', deadlineHours: 1 },
        { id: i === 1 ? 'a' : 'b', title: title('a'), owner: 'o', deadlineHours: 1 },
      ],
    })),
  });
  it('escalation levels: strictly descending severity, unique ids, owner and deadline', () => {
    expect(validate(levels([3, 2, 1]), subject).issues).toEqual([
      expect.objectContaining({ path: '$.levels[1].actions[1].id', code: 'duplicate_id' }),
    ]);
    expect(validate(levels([3, 3]), subject).issues).toContainEqual(
      expect.objectContaining({ path: '$.levels[1].severity', code: 'kind_rule' }),
    );
    const noAuthority = levels([1]) as { levels: Record<string, unknown>[] };
    delete noAuthority.levels[0]!.authority;
    noAuthority.levels[0]!.reportTo = [];
    expect(validate(noAuthority, subject).issues).toEqual([
      expect.objectContaining({ path: '$.levels[0].reportTo', code: 'shape' }),
      expect.objectContaining({ path: '$.levels[0].authority', code: 'shape' }),
    ]);
  });

  const qualification = (patch: Record<string, unknown>) => ({
    kind: 'qualification',
    facts: { post: 'post', certificates: 'certificates', skillTests: 'skillTests', trainings: 'trainings' },
    warnWithinDays: 30,
    posts: [
      {
        id: 'teller',
        title: title('t'),
        requirements: [{ id: 'r', title: title('r'), type: 'certificate', code: 'A' }],
      },
    ],
    ...patch,
  });
  it.each([
    [
      'post fact of the wrong type',
      {
        facts: {
          post: 'score',
          certificates: 'certificates',
          skillTests: 'skillTests',
          trainings: 'trainings',
        },
      },
      '$.facts.post',
      'kind_rule',
    ],
    [
      'unknown records fact',
      { facts: { post: 'post', certificates: 'ghost', skillTests: 'skillTests', trainings: 'trainings' } },
      '$.facts.certificates',
      'unknown_fact',
    ],
    [
      'records without their fields',
      { facts: { post: 'post', certificates: 'items', skillTests: 'skillTests', trainings: 'trainings' } },
      '$.facts.certificates',
      'kind_rule',
    ],
    [
      'records not a list',
      { facts: { post: 'post', certificates: 'branch', skillTests: 'skillTests', trainings: 'trainings' } },
      '$.facts.certificates',
      'kind_rule',
    ],
    [
      'post not in the enum',
      {
        posts: [
          {
            id: 'pilot',
            title: title('p'),
            requirements: [{ id: 'r', title: title('r'), type: 'training', code: 'A' }],
          },
        ],
      },
      '$.posts[0].id',
      'unknown_enum_value',
    ],
    [
      'duplicate posts',
      {
        posts: [0, 1].map(() => ({
          id: 'teller',
          title: title('p'),
          requirements: [{ id: 'r', title: title('r'), type: 'training', code: 'A' }],
        })),
      },
      '$.posts[1].id',
      'duplicate_id',
    ],
    [
      'duplicate requirements',
      {
        posts: [
          {
            id: 'teller',
            title: title('p'),
            requirements: [0, 1].map(() => ({ id: 'r', title: title('r'), type: 'training', code: 'A' })),
          },
        ],
      },
      '$.posts[0].requirements[1].id',
      'duplicate_id',
    ],
    [
      'bad condition requirement',
      {
        posts: [
          {
            id: 'teller',
            title: title('p'),
            requirements: [
              {
                id: 'r',
                title: title('r'),
                type: 'condition',
                condition: { all: [{ fact: 'ghost', operator: 'exists', value: true }] },
              },
            ],
          },
        ],
      },
      '$.posts[0].requirements[0].condition.all[0].fact',
      'unknown_fact',
    ],
  ])('qualification: %s → %s %s', (_, patch, path, code) => {
    expect(validate(qualification({}), subject).issues).toEqual([]);
    expect(validate(qualification(patch), subject).issues).toContainEqual(
      expect.objectContaining({ path, code }),
    );
  });

  it('checklist: item ids unique across sections; ruleset: rule ids unique', () => {
    const item = {
      id: 'x',
      title: title('x'),
      points: 1,
      condition: { all: [{ fact: 'flag', operator: 'equal', value: true }] },
      rectification: { owner: 'o', deadlineDays: 1 },
    };
    const checklist = {
      kind: 'checklist',
      passPercent: 80,
      sections: [
        { id: 's', title: title('s'), items: [item] },
        { id: 't', title: title('t'), items: [item] },
      ],
    };
    expect(validate(checklist, subject).issues).toEqual([
      expect.objectContaining({ path: '$.sections[1].items[0].id', code: 'duplicate_id' }),
    ]);
    const rule = {
      id: 'r',
      conditions: { any: [{ fact: 'flag', operator: 'equal', value: true }] },
      event: { type: 'e' },
    };
    expect(validate({ kind: 'ruleset', rules: [rule, rule] }, subject).issues).toEqual([
      expect.objectContaining({ path: '$.rules[1].id', code: 'duplicate_id' }),
    ]);
  });
});

describe('validate: never throws', () => {
  const check = (document: unknown) => {
    const result = validate(document, subject);
    expect(typeof result.ok).toBe('boolean');
    for (const issue of result.issues) {
      expect(ISSUE_CODES).toContain(issue.code);
      expect(issue.path.startsWith('$')).toBe(true);
    }
  };
  it('on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 1000 });
  });
  it('on arbitrary JSON shaped like a document', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('standard', 'checklist', 'scorecard', 'qualification', 'escalation', 'ruleset'),
        fc.dictionary(
          fc.constantFrom(
            'targets',
            'sections',
            'lines',
            'posts',
            'levels',
            'rules',
            'grades',
            'facts',
            'categoryCaps',
            'baseScore',
            'passPercent',
          ),
          fc.jsonValue(),
        ),
        (kind, rest) => check({ kind, ...rest }),
      ),
      { numRuns: 1000 },
    );
  });
  it('on mutated valid documents', () => {
    fc.assert(
      fc.property(documentArb, fc.array(fc.tuple(fc.nat(), fc.anything())), (document, edits) => {
        const copy = JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
        const nodes: Record<string, unknown>[] = [];
        const collect = (value: unknown) => {
          if (value && typeof value === 'object') {
            nodes.push(value as Record<string, unknown>);
            Object.values(value).forEach(collect);
          }
        };
        collect(copy);
        for (const [at, replacement] of edits) {
          const node = nodes[at % nodes.length]!;
          const keys = Object.keys(node);
          if (keys.length > 0) node[keys[at % keys.length]!] = replacement;
        }
        check(copy);
      }),
      { numRuns: 500 },
    );
  });
  it('on adversarial objects', () => {
    const cyclic: Record<string, unknown> = { kind: 'standard' };
    cyclic.targets = [cyclic];
    const throwing = {
      kind: 'standard',
      get targets(): unknown {
        throw new Error('boom');
      },
    };
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no keys');
        },
        get: () => {
          throw new Error('no');
        },
      },
    );
    const polluted = JSON.parse(
      '{"kind":"standard","__proto__":{"targets":[]},"targets":[{"__proto__":{"id":"x"}}]}',
    ) as unknown;
    const nullProto = Object.assign(Object.create(null) as object, { kind: 'ruleset', rules: [] });
    for (const document of [
      cyclic,
      throwing,
      proxy,
      polluted,
      nullProto,
      undefined,
      null,
      () => 1,
      Symbol('s'),
      1n,
      new Date(),
      [],
      'x'.repeat(1 << 20),
      { kind: 'standard', targets: new Array(1e6) },
    ]) {
      check(document);
    }
    expect(validate(throwing, subject).issues[0]?.message).toContain('boom');
  });
  it('on an invalid subject', () => {
    expect(validate(scorecard, { key: 'x' } as never).issues[0]?.message).toContain('subject');
  });
});
