// A deterministic generator of policies of every kind and of facts, for the bench's differential
// check (compiled evaluator ≡ json-rules-engine). It is written independently of the rules
// package's fast-check arbitraries (which are not exported), over the same shape of subject: a field
// of every type, nested objects, lists of records. Leaves cover every operator on every type it
// applies to, with fact references, paths (some out of range), boundary numbers and dates around
// month ends and leap days; facts are sometimes missing, null or — in a few cases — invalid.
import {
  OPERATORS,
  OPERATOR_NAMES,
  type Condition,
  type Field,
  type FieldType,
  type JsonValue,
  type OperatorName,
  type PolicyDocument,
  type Subject,
  type TopLevelCondition,
} from '@precept/schema';
import type { Random } from './seeded-random.js';

const text = (value: string) => ({ zh: value, en: value });

function field(name: string, type: FieldType, extra: Partial<Field> = {}): Field {
  return { name, type, label: text(name), required: false, ...extra };
}

const LEVELS = ['low', 'high'];
const POSTS = ['teller', 'manager', 'guard'];

/** The subject of every generated policy: a field of every type, objects, lists of records. */
export const DIFFERENTIAL_SUBJECT: Subject = {
  key: 'differential-subject',
  title: text('differential subject'),
  fields: [
    field('score', 'number'),
    field('count', 'integer', { min: 0 }),
    field('name', 'string'),
    field('flag', 'boolean'),
    field('day', 'date'),
    field('level', 'enum', { values: LEVELS.map((value) => ({ value, label: text(value) })) }),
    field('tags', 'string[]'),
    field('values', 'number[]'),
    field('other', 'number'),
    field('otherDay', 'date'),
    field('branch', 'object', {
      fields: [
        field('staff', 'integer'),
        field('city', 'string'),
        field('address', 'object', { fields: [field('zip', 'string')] }),
      ],
    }),
    field('items', 'object[]', {
      fields: [field('code', 'string'), field('qty', 'number'), field('on', 'date')],
    }),
    field('post', 'enum', { values: POSTS.map((value) => ({ value, label: text(value) })) }),
    field('certificates', 'object[]', {
      fields: [
        field('code', 'string', { required: true }),
        field('issuedOn', 'date', { required: true }),
        field('expiresOn', 'date'),
      ],
    }),
    field('skillTests', 'object[]', {
      fields: [
        field('code', 'string', { required: true }),
        field('level', 'integer'),
        field('takenOn', 'date', { required: true }),
      ],
    }),
    field('trainings', 'object[]', {
      fields: [field('code', 'string', { required: true }), field('completedOn', 'date', { required: true })],
    }),
  ],
};

/** Something a condition can test: a fact, maybe a path into it, and the type found there. */
interface Target {
  fact: string;
  path?: string;
  type: FieldType;
  enumValues?: string[];
}

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
  { fact: 'items', path: '$[2].qty', type: 'number' },
  { fact: 'items', path: '$[1].code', type: 'string' },
  { fact: 'items', path: '$[0].on', type: 'date' },
  { fact: 'certificates', type: 'object[]' },
];

/** Fact references that fit where a value is expected, by `operator value kind:field type`. */
const REFERENCES: Partial<Record<string, { fact: string; path?: string }[]>> = {
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

/** Dates around the as-of dates: month ends, a leap day, year ends. */
const DATES = [
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

/** As-of inputs: dates, and instants whose UTC date differs from their local one. */
export const AS_OF_VALUES = [
  '2026-01-01',
  '2026-01-31',
  '2026-03-01',
  '2026-02-28',
  '2025-12-31',
  '2026-01-01T23:30:00-02:00',
  '2026-01-01T00:30:00+08:00',
  '2026-03-31T12:00:00.000Z',
];

const BOUNDARY_NUMBERS = [-1, 0, 0.1, 0.5, 1, 2, 2.5, 5, 10, 89.9, 90, 94.5, 94.9, 95, 95.5, 100];
const STRINGS = ['', 'a', 'b', 'praise', 'A', 'B'];

function date(random: Random): string {
  if (random.chance(0.8)) return random.pick(DATES);
  return new Date(random.int(19_000, 21_000) * 86_400_000).toISOString().slice(0, 10);
}

function number(random: Random): number {
  if (random.chance(0.75)) return random.pick(BOUNDARY_NUMBERS);
  return Math.round((random.next() * 2 - 1) * 1e6 * 1000) / 1000;
}

function integer(random: Random): number {
  return random.chance(0.7) ? random.pick([-1, 0, 1, 2, 3, 5, 10]) : random.int(-1000, 1000);
}

function scalar(random: Random, type: FieldType, enumValues?: string[]): JsonValue {
  switch (type) {
    case 'number':
      return number(random);
    case 'integer':
      return integer(random);
    case 'string':
      return random.pick(STRINGS);
    case 'boolean':
      return random.chance(0.5);
    case 'date':
      return date(random);
    case 'enum':
      return random.pick(enumValues ?? ['x']);
    case 'string[]':
    case 'number[]':
    case 'object':
    case 'object[]':
      throw new Error(`no scalar of type ${type}`);
  }
}

const elementOf = (type: FieldType): FieldType => (type === 'string[]' ? 'string' : 'number');

function list<T>(random: Random, min: number, max: number, make: () => T): T[] {
  return Array.from({ length: random.int(min, max) }, make);
}

function conditionValue(random: Random, target: Target, operator: OperatorName): JsonValue {
  const kind = OPERATORS[operator].value;
  const references = REFERENCES[`${kind}:${target.type}`];
  if (references !== undefined && random.chance(0.2)) {
    const reference = random.pick(references);
    return { ...reference };
  }
  switch (kind) {
    case 'same':
      return scalar(random, target.type, target.enumValues);
    case 'list':
      return list(random, 1, 4, () => scalar(random, target.type, target.enumValues));
    case 'element':
      return scalar(random, elementOf(target.type));
    case 'elements':
      return list(random, 1, 4, () => scalar(random, elementOf(target.type)));
    case 'range': {
      const a = scalar(random, target.type) as number | string;
      const b = scalar(random, target.type) as number | string;
      return a <= b ? [a, b] : [b, a];
    }
    case 'count':
      return random.chance(0.6) ? random.pick([0, 1, 6, 12, 29, 30, 31]) : random.int(0, 400);
    case 'boolean':
      return random.chance(0.5);
  }
}

const LEAF_CHOICES = TARGETS.flatMap((target) =>
  OPERATOR_NAMES.filter((name) => OPERATORS[name].appliesTo.includes(target.type)).map((operator) => ({
    target,
    operator,
  })),
);

/** Every (target, operator) pair a leaf can take: each operator on each type it applies to. */
export const LEAF_CHOICE_COUNT = LEAF_CHOICES.length;

function leaf(random: Random): Condition {
  const { target, operator } = random.pick(LEAF_CHOICES);
  return {
    fact: target.fact,
    operator,
    value: conditionValue(random, target, operator),
    ...(target.path === undefined ? {} : { path: target.path }),
  };
}

function group(random: Random, depth: number): TopLevelCondition {
  const child = (): Condition => (depth < 3 && random.chance(0.3) ? group(random, depth + 1) : leaf(random));
  const roll = random.next();
  if (roll < 0.45) return { all: list(random, 1, 3, child) };
  if (roll < 0.85) return { any: list(random, 1, 3, child) };
  return { not: child() };
}

/** A random top-level condition tree (all / any / not, up to 4 levels deep). */
export function generateCondition(random: Random): TopLevelCondition {
  return group(random, 1);
}

function standard(random: Random): PolicyDocument {
  return {
    kind: 'standard',
    targets: list(random, 1, 4, () => generateCondition(random)).map((condition, i) => ({
      id: `t${i}`,
      title: text(`t${i}`),
      condition,
      severity: random.pick(['minor', 'major', 'critical'] as const),
    })),
  };
}

function checklist(random: Random): PolicyDocument {
  let n = 0;
  return {
    kind: 'checklist',
    passPercent: random.pick([0, 50, 60, 75, 80, 100]),
    sections: list(random, 1, 2, () => 0).map((_, s) => ({
      id: `s${s}`,
      title: text(`s${s}`),
      items: list(random, 1, 3, () => {
        const id = `i${n++}`;
        return {
          id,
          title: text(id),
          points: random.pick([0.5, 1, 2, 5, 10]),
          condition: generateCondition(random),
          critical: random.chance(0.3),
          rectification: { owner: 'office', deadlineDays: random.pick([0, 1, 7, 30, 365]) },
        };
      }),
    })),
  };
}

const UNIT_FACTS = [
  { fact: 'score' },
  { fact: 'count' },
  { fact: 'other' },
  { fact: 'branch', path: '$.staff' },
  { fact: 'items', path: '$[0].qty' },
];

function linePoints(random: Random) {
  if (random.chance(0.4)) return { mode: 'fixed' as const, value: random.pick([0.1, 1, 2, 5, 10]) };
  const direction = random.pick(['above', 'below', 'none']);
  const threshold = random.pick([0, 1, 90, 95]);
  return {
    mode: 'perUnit' as const,
    value: random.pick([0.1, 0.5, 1, 2]),
    ...random.pick(UNIT_FACTS),
    ...(direction === 'above' ? { above: threshold } : direction === 'below' ? { below: threshold } : {}),
    ...(random.chance(0.5) ? { step: random.pick([0.1, 0.5, 1, 2]) } : {}),
    ...(random.chance(0.5) ? { cap: random.pick([1, 3, 5, 10]) } : {}),
  };
}

function scorecard(random: Random): PolicyDocument {
  const lines = list(random, 1, 5, () => 0).map((_, i) => ({
    id: `l${i}`,
    title: text(`l${i}`),
    type: random.pick(['deduction', 'bonus'] as const),
    category: random.pick(['a', 'b', 'c']),
    condition: generateCondition(random),
    points: linePoints(random),
  }));
  const used = [...new Set(lines.map((line) => line.category))];
  const capMax = random.pick([1, 2.5, 5, 8]);
  const bands = [...new Set(list(random, 1, 4, () => random.int(0, 120)))].sort((a, b) => b - a);
  return {
    kind: 'scorecard',
    baseScore: 100,
    ...(random.chance(0.5) ? { minScore: 60, maxScore: 105 } : {}),
    lines,
    categoryCaps: random.subset(used).map((category) => ({ category, max: capMax })),
    grades: bands.map((minScore, i) => ({ grade: `g${i}`, label: text(`g${i}`), minScore })),
  };
}

function requirement(random: Random, r: number) {
  const base = { id: `r${r}`, title: text(`r${r}`) };
  const code = random.pick(['A', 'B']);
  const maxAge = (choices: number[]) =>
    random.chance(0.5) ? { maxAgeMonths: random.pick(choices) } : ({} as Record<string, never>);
  switch (random.int(0, 3)) {
    case 0:
      return { ...base, type: 'certificate' as const, code, ...maxAge([1, 12, 24]) };
    case 1:
      return {
        ...base,
        type: 'skillTest' as const,
        code,
        minLevel: random.pick([0, 2, 3]),
        ...maxAge([6, 12]),
      };
    case 2:
      return { ...base, type: 'training' as const, code, ...maxAge([1, 12]) };
    default:
      return { ...base, type: 'condition' as const, condition: generateCondition(random) };
  }
}

function qualification(random: Random): PolicyDocument {
  const posts = random.subset(POSTS);
  if (posts.length === 0) posts.push(random.pick(POSTS));
  return {
    kind: 'qualification',
    facts: { post: 'post', certificates: 'certificates', skillTests: 'skillTests', trainings: 'trainings' },
    warnWithinDays: random.pick([0, 30, 90]),
    posts: posts.map((id) => ({
      id,
      title: text(id),
      requirements: list(random, 1, 4, () => 0).map((_, r) => requirement(random, r)),
    })),
  };
}

function escalation(random: Random): PolicyDocument {
  return {
    kind: 'escalation',
    levels: list(random, 1, 4, () => 0).map((_, i) => ({
      id: `v${i}`,
      title: text(`v${i}`),
      severity: 100 - i * 10,
      condition: generateCondition(random),
      reportTo: ['branch', 'head office'],
      responseHours: random.pick([0.5, 1, 2, 24, 72]),
      authority: 'leading group',
      actions: list(random, 0, 2, () => random.pick([1, 4, 24, 168])).map((deadlineHours, a) => ({
        id: `a${a}`,
        title: text(`a${a}`),
        owner: 'duty',
        deadlineHours,
      })),
    })),
  };
}

function eventParams(random: Random): Record<string, JsonValue> | undefined {
  if (random.chance(0.5)) return undefined;
  const params: Record<string, JsonValue> = {};
  for (const key of random.subset(['a', 'b'])) {
    params[key] = random.pick<JsonValue>([1, 'x', true, null, [1, 2], { k: 'v' }]);
  }
  return params;
}

function ruleset(random: Random): PolicyDocument {
  return {
    kind: 'ruleset',
    rules: list(random, 1, 5, () => 0).map((_, i) => {
      const params = eventParams(random);
      return {
        id: `r${i}`,
        priority: random.pick([1, 2, 3]),
        conditions: generateCondition(random),
        event: { type: `e${i % 2}`, ...(params === undefined ? {} : { params }) },
      };
    }),
  };
}

/** The generators of each kind, in a fixed order. */
export const DOCUMENT_GENERATORS = {
  standard,
  checklist,
  scorecard,
  qualification,
  escalation,
  ruleset,
} as const satisfies Record<PolicyDocument['kind'], (random: Random) => PolicyDocument>;

/** One value that is present (75%), absent (undefined: the key is left out) or null. */
function maybe<T>(random: Random, make: () => T): T | null | undefined {
  const roll = random.next();
  if (roll < 0.75) return make();
  return roll < 0.9 ? undefined : null;
}

const recordCode = (random: Random) => random.pick(['A', 'B', 'C']);

function optionalKeys(random: Random, entries: Record<string, () => unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, make] of Object.entries(entries)) if (random.chance(0.7)) out[key] = make();
  return out;
}

/** Facts that fit {@link DIFFERENTIAL_SUBJECT}: some fields absent, some null, values near the boundaries. */
export function generateFacts(random: Random): Record<string, unknown> {
  const candidates: Record<string, unknown> = {
    score: maybe(random, () => number(random)),
    count: maybe(random, () => random.int(0, 20)),
    name: maybe(random, () => random.pick(STRINGS)),
    flag: maybe(random, () => random.chance(0.5)),
    day: maybe(random, () => date(random)),
    level: maybe(random, () => random.pick(LEVELS)),
    tags: maybe(random, () => list(random, 0, 4, () => random.pick(STRINGS))),
    values: maybe(random, () => list(random, 0, 4, () => number(random))),
    other: maybe(random, () => number(random)),
    otherDay: maybe(random, () => date(random)),
    branch: maybe(random, () =>
      optionalKeys(random, {
        staff: () => integer(random),
        city: () => random.pick(STRINGS),
        address: () => optionalKeys(random, { zip: () => random.pick(STRINGS) }),
      }),
    ),
    items: maybe(random, () =>
      list(random, 0, 3, () =>
        optionalKeys(random, {
          code: () => random.pick(STRINGS),
          qty: () => number(random),
          on: () => date(random),
        }),
      ),
    ),
    post: maybe(random, () => random.pick(POSTS)),
    certificates: list(random, 0, 3, () => ({
      code: recordCode(random),
      issuedOn: date(random),
      ...(random.chance(0.5) ? { expiresOn: date(random) } : {}),
    })),
    skillTests: list(random, 0, 3, () => ({
      code: recordCode(random),
      ...(random.chance(0.8) ? { level: random.int(0, 5) } : {}),
      takenOn: date(random),
    })),
    trainings: list(random, 0, 3, () => ({ code: recordCode(random), completedOn: date(random) })),
  };
  const facts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(candidates)) if (value !== undefined) facts[key] = value;
  return facts;
}

/** Ways to spoil a set of facts, so that both evaluators' `FACTS_INVALID` errors are compared too. */
const SPOILERS: ((facts: Record<string, unknown>, random: Random) => void)[] = [
  (facts) => {
    facts.score = 'high';
  },
  (facts) => {
    facts.unknownField = 1;
  },
  (facts) => {
    facts.count = -3;
  },
  (facts) => {
    facts.day = '2026-02-30';
  },
  (facts) => {
    facts.level = 'medium';
  },
  (facts, random) => {
    facts.certificates = [{ code: recordCode(random) }];
  },
  (facts) => {
    facts.tags = ['a', 3];
  },
];

/** Facts that fit the subject (95%) or break it in one of a few ways (5%). */
export function generateCaseFacts(random: Random): Record<string, unknown> {
  const facts = generateFacts(random);
  if (random.chance(0.05)) random.pick(SPOILERS)(facts, random);
  return facts;
}
