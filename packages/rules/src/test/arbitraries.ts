// fast-check generators of valid policies of every kind over the fixture subject, and of facts
// that fit it, for the differential test (compiled closures ≡ json-rules-engine) and the properties.
import {
  OPERATORS,
  OPERATOR_NAMES,
  type Condition,
  type FactReference,
  type FieldType,
  type JsonValue,
  type OperatorName,
  type PolicyDocument,
  type TopLevelCondition,
} from '@precept/schema';
import fc from 'fast-check';
import { title } from './fixtures.js';

/** Something a condition can test: a fact, maybe a path into it, and the type found there. */
interface Target {
  fact: string;
  path?: string;
  type: FieldType;
  enumValues?: string[];
}

const LEVELS = ['low', 'high'];
const POSTS = ['teller', 'manager', 'guard'];

const TARGETS: Target[] = [
  { fact: 'score', type: 'number' },
  { fact: 'other', type: 'number' },
  { fact: 'count', type: 'integer' },
  { fact: 'name', type: 'string' },
  { fact: 'flag', type: 'boolean' },
  { fact: 'day', type: 'date' },
  { fact: 'otherDay', type: 'date' },
  { fact: 'level', type: 'enum', enumValues: LEVELS },
  { fact: 'post', type: 'enum', enumValues: POSTS },
  { fact: 'tags', type: 'string[]' },
  { fact: 'values', type: 'number[]' },
  { fact: 'branch', type: 'object' },
  { fact: 'branch', path: '$.staff', type: 'integer' },
  { fact: 'branch', path: '$.city', type: 'string' },
  { fact: 'branch', path: '$.address', type: 'object' },
  { fact: 'branch', path: '$.address.zip', type: 'string' },
  { fact: 'items', type: 'object[]' },
  { fact: 'items', path: '$[0]', type: 'object' },
  { fact: 'items', path: '$[0].qty', type: 'number' },
  { fact: 'items', path: '$[1].code', type: 'string' },
  { fact: 'items', path: '$[0].on', type: 'date' },
  { fact: 'certificates', type: 'object[]' },
];

/** Fact references that fit where a value of a type is expected, per operator value kind. */
const REFERENCES: Partial<Record<string, FactReference[]>> = {
  'same:number': [{ fact: 'other' }, { fact: 'count' }, { fact: 'items', path: '$[0].qty' }],
  'same:integer': [{ fact: 'score' }, { fact: 'branch', path: '$.staff' }],
  'same:string': [{ fact: 'name' }, { fact: 'level' }, { fact: 'branch', path: '$.city' }],
  'same:enum': [{ fact: 'name' }, { fact: 'level' }],
  'same:date': [{ fact: 'otherDay' }, { fact: 'day' }, { fact: 'items', path: '$[0].on' }],
  'same:boolean': [{ fact: 'flag' }],
  'element:string[]': [{ fact: 'name' }],
  'element:number[]': [{ fact: 'score' }, { fact: 'count' }],
  'list:string': [{ fact: 'tags' }],
  'list:number': [{ fact: 'values' }],
  'list:enum': [{ fact: 'tags' }],
  'elements:string[]': [{ fact: 'tags' }],
  'elements:number[]': [{ fact: 'values' }],
};

/** Dates around the as-of dates used, with month ends and a leap day. */
export const DATES = [
  '2023-12-31',
  '2024-02-29',
  '2025-06-30',
  '2025-12-01',
  '2025-12-31',
  '2026-01-01',
  '2026-01-02',
  '2026-01-31',
  '2026-02-28',
  '2026-03-01',
  '2026-03-31',
  '2026-04-30',
  '2027-01-01',
];

const dateArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...DATES) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 19_000, max: 21_000 })
      .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10)),
  },
);
const numberArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(-1, 0, 0.5, 1, 2, 2.5, 5, 10, 94.5, 94.9, 95, 95.5, 100) },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
);
const integerArb = fc.oneof(fc.constantFrom(-1, 0, 1, 2, 3, 5, 10), fc.integer({ min: -1000, max: 1000 }));
const stringArb = fc.constantFrom('', 'a', 'b', 'praise', 'A', 'B');

function scalarArb(type: FieldType, enumValues?: string[]): fc.Arbitrary<JsonValue> {
  switch (type) {
    case 'number':
      return numberArb;
    case 'integer':
      return integerArb;
    case 'string':
      return stringArb;
    case 'boolean':
      return fc.boolean();
    case 'date':
      return dateArb;
    case 'enum':
      return fc.constantFrom(...(enumValues ?? ['x']));
    case 'string[]':
    case 'number[]':
    case 'object':
    case 'object[]':
      throw new Error(`no scalar arbitrary for ${type}`);
  }
}

function elementOf(type: FieldType): FieldType {
  return type === 'string[]' ? 'string' : 'number';
}

function valueArb(target: Target, operator: OperatorName): fc.Arbitrary<JsonValue | FactReference> {
  const kind = OPERATORS[operator].value;
  let literal: fc.Arbitrary<JsonValue>;
  switch (kind) {
    case 'same':
      literal = scalarArb(target.type, target.enumValues);
      break;
    case 'list':
      literal = fc.array(scalarArb(target.type, target.enumValues), { minLength: 1, maxLength: 4 });
      break;
    case 'element':
      literal = scalarArb(elementOf(target.type));
      break;
    case 'elements':
      literal = fc.array(scalarArb(elementOf(target.type)), { minLength: 1, maxLength: 4 });
      break;
    case 'range':
      literal = fc
        .tuple(scalarArb(target.type), scalarArb(target.type))
        .map(([a, b]) => ((a as number | string) <= (b as number | string) ? [a, b] : [b, a]));
      break;
    case 'count':
      literal = fc.oneof(fc.constantFrom(0, 1, 29, 30, 31, 1, 6, 12), fc.integer({ min: 0, max: 400 }));
      break;
    case 'boolean':
      literal = fc.boolean();
      break;
  }
  const references = REFERENCES[`${kind}:${target.type}`];
  if (references === undefined) return literal;
  return fc.oneof(
    { weight: 4, arbitrary: literal },
    { weight: 1, arbitrary: fc.constantFrom(...references) },
  );
}

const LEAF_CHOICES = TARGETS.flatMap((target) =>
  OPERATOR_NAMES.filter((name) => OPERATORS[name].appliesTo.includes(target.type)).map((operator) => ({
    target,
    operator,
  })),
);

/** A valid leaf condition: every operator on every type it applies to. */
export const leafArb: fc.Arbitrary<Condition> = fc
  .constantFrom(...LEAF_CHOICES)
  .chain(({ target, operator }) =>
    valueArb(target, operator).map((value): Condition => ({
      fact: target.fact,
      operator,
      value,
      ...(target.path === undefined ? {} : { path: target.path }),
    })),
  );

const trees = fc.letrec<{ node: Condition; group: TopLevelCondition }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb, tie('group')),
  group: fc.oneof(
    { depthSize: 'small' },
    fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('node') }),
  ),
}));

/** A valid top-level condition tree (all / any / not, nested, over every operator). */
export const conditionArb: fc.Arbitrary<TopLevelCondition> = trees.group;

const standardArb = fc
  .array(fc.tuple(conditionArb, fc.constantFrom('minor', 'major', 'critical' as const)), {
    minLength: 1,
    maxLength: 4,
  })
  .map((targets): PolicyDocument => ({
    kind: 'standard',
    targets: targets.map(([condition, severity], i) => ({
      id: `t${i}`,
      title: title(`t${i}`),
      condition,
      severity,
    })),
  }));

const checklistArb = fc
  .record({
    passPercent: fc.constantFrom(0, 50, 60, 75, 80, 100),
    sections: fc.array(
      fc.array(
        fc.record({
          condition: conditionArb,
          points: fc.constantFrom(0.5, 1, 2, 5, 10),
          critical: fc.boolean(),
          deadlineDays: fc.constantFrom(0, 1, 7, 30, 365),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      { minLength: 1, maxLength: 2 },
    ),
  })
  .map(({ passPercent, sections }): PolicyDocument => {
    let n = 0;
    return {
      kind: 'checklist',
      passPercent,
      sections: sections.map((items, s) => ({
        id: `s${s}`,
        title: title(`s${s}`),
        items: items.map((item) => {
          const id = `i${n++}`;
          return {
            id,
            title: title(id),
            points: item.points,
            condition: item.condition,
            critical: item.critical,
            rectification: { owner: 'office', deadlineDays: item.deadlineDays },
          };
        }),
      })),
    };
  });

const UNIT_FACTS = [
  { fact: 'score' },
  { fact: 'count' },
  { fact: 'other' },
  { fact: 'branch', path: '$.staff' },
  { fact: 'items', path: '$[0].qty' },
];

const pointsArb = fc.oneof(
  fc.record({ mode: fc.constant('fixed' as const), value: fc.constantFrom(0.1, 1, 2, 5, 10) }),
  fc
    .record({
      value: fc.constantFrom(0.1, 0.5, 1, 2),
      unit: fc.constantFrom(...UNIT_FACTS),
      direction: fc.constantFrom('above', 'below', 'none'),
      threshold: fc.constantFrom(0, 1, 90, 95),
      step: fc.option(fc.constantFrom(0.1, 0.5, 1, 2), { nil: undefined }),
      cap: fc.option(fc.constantFrom(1, 3, 5, 10), { nil: undefined }),
    })
    .map(({ value, unit, direction, threshold, step, cap }) => ({
      mode: 'perUnit' as const,
      value,
      ...unit,
      ...(direction === 'above' ? { above: threshold } : direction === 'below' ? { below: threshold } : {}),
      ...(step === undefined ? {} : { step }),
      ...(cap === undefined ? {} : { cap }),
    })),
);

const scorecardArb = fc
  .record({
    lines: fc.array(
      fc.record({
        condition: conditionArb,
        type: fc.constantFrom('deduction' as const, 'bonus' as const),
        category: fc.constantFrom('a', 'b', 'c'),
        points: pointsArb,
      }),
      { minLength: 1, maxLength: 5 },
    ),
    capFor: fc.subarray<string>(['a', 'b', 'c']),
    capMax: fc.constantFrom(1, 2.5, 5, 8),
    bands: fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 4 }),
    clamp: fc.boolean(),
  })
  .map(({ lines, capFor, capMax, bands, clamp }): PolicyDocument => {
    const used = new Set<string>(lines.map((line) => line.category));
    return {
      kind: 'scorecard',
      baseScore: 100,
      ...(clamp ? { minScore: 60, maxScore: 105 } : {}),
      lines: lines.map((line, i) => ({ id: `l${i}`, title: title(`l${i}`), ...line })),
      categoryCaps: capFor
        .filter((category) => used.has(category))
        .map((category) => ({ category, max: capMax })),
      grades: [...bands]
        .sort((a, b) => b - a)
        .map((minScore, i) => ({ grade: `g${i}`, label: title(`g${i}`), minScore })),
    };
  });

const requirementArb = fc.oneof(
  fc.record({
    type: fc.constant('certificate' as const),
    code: fc.constantFrom('A', 'B'),
    maxAgeMonths: fc.option(fc.constantFrom(1, 12, 24), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('skillTest' as const),
    code: fc.constantFrom('A', 'B'),
    minLevel: fc.constantFrom(0, 2, 3),
    maxAgeMonths: fc.option(fc.constantFrom(6, 12), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('training' as const),
    code: fc.constantFrom('A', 'B'),
    maxAgeMonths: fc.option(fc.constantFrom(1, 12), { nil: undefined }),
  }),
  fc.record({ type: fc.constant('condition' as const), condition: conditionArb }),
);

const qualificationArb = fc
  .record({
    posts: fc.subarray(POSTS, { minLength: 1 }),
    requirements: fc.array(fc.array(requirementArb, { minLength: 1, maxLength: 4 }), {
      minLength: 3,
      maxLength: 3,
    }),
    warnWithinDays: fc.constantFrom(0, 30, 90),
  })
  .map(({ posts, requirements, warnWithinDays }): PolicyDocument => ({
    kind: 'qualification',
    facts: { post: 'post', certificates: 'certificates', skillTests: 'skillTests', trainings: 'trainings' },
    warnWithinDays,
    posts: posts.map((id, p) => ({
      id,
      title: title(id),
      requirements: (requirements[p] ?? []).map((requirement, r) => {
        const clean = Object.fromEntries(Object.entries(requirement).filter(([, v]) => v !== undefined));
        return { id: `r${r}`, title: title(`r${r}`), ...clean } as never;
      }),
    })),
  }));

const escalationArb = fc
  .array(
    fc.record({
      condition: conditionArb,
      responseHours: fc.constantFrom(0.5, 1, 2, 24, 72),
      actions: fc.array(fc.constantFrom(1, 4, 24, 168), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((levels): PolicyDocument => ({
    kind: 'escalation',
    levels: levels.map((level, i) => ({
      id: `v${i}`,
      title: title(`v${i}`),
      severity: 100 - i * 10,
      condition: level.condition,
      reportTo: ['branch', 'head office'],
      responseHours: level.responseHours,
      authority: 'leading group',
      actions: level.actions.map((deadlineHours, a) => ({
        id: `a${a}`,
        title: title(`a${a}`),
        owner: 'duty',
        deadlineHours,
      })),
    })),
  }));

const rulesetArb = fc
  .array(
    fc.record({
      conditions: conditionArb,
      priority: fc.constantFrom(1, 2, 3),
      params: fc.option(
        fc.dictionary(fc.constantFrom('a', 'b'), fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<JsonValue>),
        {
          nil: undefined,
        },
      ),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((rules): PolicyDocument => ({
    kind: 'ruleset',
    rules: rules.map((rule, i) => ({
      id: `r${i}`,
      priority: rule.priority,
      conditions: rule.conditions,
      event: { type: `e${i % 2}`, ...(rule.params === undefined ? {} : { params: rule.params }) },
    })),
  }));

/** A valid document of any kind over the fixture subject. */
export const documentArb: fc.Arbitrary<PolicyDocument> = fc.oneof(
  standardArb,
  checklistArb,
  scorecardArb,
  qualificationArb,
  escalationArb,
  rulesetArb,
);

/** Per-kind document arbitraries. */
export const documentArbs = {
  standard: standardArb,
  checklist: checklistArb,
  scorecard: scorecardArb,
  qualification: qualificationArb,
  escalation: escalationArb,
  ruleset: rulesetArb,
};

const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });

const recordCode = fc.constantFrom('A', 'B', 'C');

/** Facts that fit the fixture subject: some fields absent, some null, values near the boundaries. */
export const factsArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    score: maybe(numberArb),
    count: maybe(fc.integer({ min: 0, max: 20 })),
    name: maybe(stringArb),
    flag: maybe(fc.boolean()),
    day: maybe(dateArb),
    level: maybe(fc.constantFrom(...LEVELS)),
    tags: maybe(fc.array(stringArb, { maxLength: 4 })),
    values: maybe(fc.array(numberArb, { maxLength: 4 })),
    other: maybe(numberArb),
    otherDay: maybe(dateArb),
    branch: maybe(
      fc.record(
        { staff: integerArb, city: stringArb, address: fc.record({ zip: stringArb }, { requiredKeys: [] }) },
        { requiredKeys: [] },
      ),
    ),
    items: maybe(
      fc.array(fc.record({ code: stringArb, qty: numberArb, on: dateArb }, { requiredKeys: [] }), {
        maxLength: 3,
      }),
    ),
    post: maybe(fc.constantFrom(...POSTS)),
    certificates: fc.array(
      fc.record(
        { code: recordCode, issuedOn: dateArb, expiresOn: dateArb },
        { requiredKeys: ['code', 'issuedOn'] },
      ),
      { maxLength: 3 },
    ),
    skillTests: fc.array(
      fc.record(
        { code: recordCode, level: fc.integer({ min: 0, max: 5 }), takenOn: dateArb },
        { requiredKeys: ['code', 'takenOn'] },
      ),
      { maxLength: 3 },
    ),
    trainings: fc.array(fc.record({ code: recordCode, completedOn: dateArb }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

/** As-of inputs: dates, and instants whose UTC date differs from their local one. */
export const asOfArb = fc.constantFrom(
  '2026-01-01',
  '2026-01-31',
  '2026-03-01',
  '2026-02-28',
  '2025-12-31',
  '2026-01-01T23:30:00-02:00',
  '2026-01-01T00:30:00+08:00',
  '2026-03-31T12:00:00.000Z',
);
