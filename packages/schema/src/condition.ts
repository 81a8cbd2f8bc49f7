import { z } from 'zod';
import { JsonValueSchema, type JsonValue, type LocalizedText } from './common.js';
import { FieldNameSchema, type FieldType } from './subject.js';

/**
 * A path into an object-valued fact: `$.a.b`, `$.list[0].c`. Own properties only: each segment is an
 * identifier or an index, never `__proto__`, `constructor` or `prototype` (checked by `validate`, and
 * again by the evaluator's path resolver). No filters, no scripts, no wildcards: it is not JSONPath.
 */
export const FACT_PATH_PATTERN = /^\$(\.[A-Za-z_][A-Za-z0-9_]{0,63}|\[\d{1,4}\])+$/;

/** A reference to another fact as a comparison value: `{ "fact": "peerAverage" }`. */
export interface FactReference {
  fact: string;
  path?: string | undefined;
}

/** A leaf condition: `fact` (at `path`) compared by `operator` with `value`. */
export interface FactCondition {
  fact: string;
  operator: OperatorName;
  value?: JsonValue | FactReference | undefined;
  path?: string | undefined;
  params?: { [key: string]: JsonValue } | undefined;
}
/** Every nested condition must hold. */
export interface AllCondition {
  all: Condition[];
}
/** At least one nested condition must hold. */
export interface AnyCondition {
  any: Condition[];
}
/** The nested condition must not hold. */
export interface NotCondition {
  not: Condition;
}
/** A condition tree in json-rules-engine's format. */
export type Condition = AllCondition | AnyCondition | NotCondition | FactCondition;
/** The root of a rule's condition tree: json-rules-engine requires `all`, `any` or `not` at the top. */
export type TopLevelCondition = AllCondition | AnyCondition | NotCondition;

/** How an operator's `value` is shaped, relative to the field it tests. */
export const OPERATOR_VALUE_KINDS = [
  /** A value of the field's own type. */
  'same',
  /** A list of values of the field's type. */
  'list',
  /** One element of an array field. */
  'element',
  /** A list of elements of an array field. */
  'elements',
  /** `[min, max]`, both inclusive, of the field's type. */
  'range',
  /** A non-negative whole number of days or months. */
  'count',
  /** `true` or `false`. */
  'boolean',
] as const;
/** One of {@link OPERATOR_VALUE_KINDS}. */
export type OperatorValueKind = (typeof OPERATOR_VALUE_KINDS)[number];

/** What the console and the validator know of an operator; the evaluator's implementations live in `@precept/rules`. */
export interface OperatorSpec {
  label: LocalizedText;
  /** Field types it may test. */
  appliesTo: readonly FieldType[];
  value: OperatorValueKind;
  /** Reads the as-of date of the evaluation. */
  isDateRelative: boolean;
}

const SCALARS = ['number', 'integer', 'string', 'boolean', 'date', 'enum'] as const;
const ORDERED = ['number', 'integer', 'date'] as const;
const ARRAYS = ['string[]', 'number[]'] as const;
const ALL_TYPES = [...SCALARS, ...ARRAYS, 'object', 'object[]'] as const;

const spec = (
  zh: string,
  en: string,
  appliesTo: readonly FieldType[],
  value: OperatorValueKind,
  isDateRelative = false,
): OperatorSpec => ({ label: { zh, en }, appliesTo, value, isDateRelative });

/**
 * The one registry of operators: json-rules-engine's built-ins plus ours. The evaluator implements
 * each (`satisfies Record<OperatorName, …>` keeps both exhaustive) and the console's condition
 * builder offers, for a field, exactly the operators whose `appliesTo` holds its type.
 * There is deliberately no regular-expression operator (ReDoS).
 */
export const OPERATORS = {
  equal: spec('等于', 'equals', SCALARS, 'same'),
  notEqual: spec('不等于', 'does not equal', SCALARS, 'same'),
  lessThan: spec('小于', 'less than', ORDERED, 'same'),
  lessThanInclusive: spec('小于等于', 'at most', ORDERED, 'same'),
  greaterThan: spec('大于', 'greater than', ORDERED, 'same'),
  greaterThanInclusive: spec('大于等于', 'at least', ORDERED, 'same'),
  between: spec('介于(含)', 'between (inclusive)', ORDERED, 'range'),
  in: spec('属于', 'is one of', ['number', 'integer', 'string', 'enum', 'date'], 'list'),
  notIn: spec('不属于', 'is none of', ['number', 'integer', 'string', 'enum', 'date'], 'list'),
  contains: spec('包含', 'contains', ARRAYS, 'element'),
  doesNotContain: spec('不包含', 'does not contain', ARRAYS, 'element'),
  containsAll: spec('包含全部', 'contains all of', ARRAYS, 'elements'),
  containsAny: spec('包含任一', 'contains any of', ARRAYS, 'elements'),
  exists: spec('已填写', 'is present', ALL_TYPES, 'boolean'),
  isEmpty: spec('为空', 'is empty', ['string', 'string[]', 'number[]', 'object[]'], 'boolean'),
  dateBefore: spec('早于', 'before', ['date'], 'same'),
  dateAfter: spec('晚于', 'after', ['date'], 'same'),
  withinDaysBefore: spec(
    '距评估日N天内(之前)',
    'within N days before the as-of date',
    ['date'],
    'count',
    true,
  ),
  withinDaysAfter: spec('距评估日N天内(之后)', 'within N days after the as-of date', ['date'], 'count', true),
  olderThanDays: spec('早于评估日N天以上', 'more than N days before the as-of date', ['date'], 'count', true),
  withinMonthsBefore: spec(
    '距评估日N个月内',
    'within N months before the as-of date',
    ['date'],
    'count',
    true,
  ),
  olderThanMonths: spec(
    '早于评估日N个月以上',
    'more than N months before the as-of date',
    ['date'],
    'count',
    true,
  ),
} as const satisfies Record<string, OperatorSpec>;

/** The name of an operator in {@link OPERATORS}. */
export type OperatorName = keyof typeof OPERATORS;
/** Every operator name, in registry order. */
export const OPERATOR_NAMES = Object.keys(OPERATORS) as OperatorName[];

/** True when `name` is an operator of the registry (own property; not `toString`). */
export function isOperatorName(name: unknown): name is OperatorName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(OPERATORS, name);
}

/** zod schema of a fact reference used as a comparison value. */
export const FactReferenceSchema: z.ZodType<FactReference> = z.strictObject({
  fact: FieldNameSchema,
  path: z.string().max(512).optional(),
});

/** zod schema of a leaf condition. Shape only: `validate` in `@precept/rules` type-checks it against the subject. */
export const FactConditionSchema: z.ZodType<FactCondition> = z.strictObject({
  fact: FieldNameSchema,
  operator: z.enum(OPERATOR_NAMES as [OperatorName, ...OperatorName[]]),
  value: z.union([FactReferenceSchema, JsonValueSchema]).optional(),
  path: z.string().max(512).optional(),
  params: z.record(z.string(), JsonValueSchema).optional(),
});

/** zod schema of a condition tree (recursive). */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionSchema) }),
    z.strictObject({ any: z.array(ConditionSchema) }),
    z.strictObject({ not: ConditionSchema }),
    FactConditionSchema,
  ]),
);

/** zod schema of a top-level condition (`all`, `any` or `not`). */
export const TopLevelConditionSchema: z.ZodType<TopLevelCondition> = z.union([
  z.strictObject({ all: z.array(ConditionSchema) }),
  z.strictObject({ any: z.array(ConditionSchema) }),
  z.strictObject({ not: ConditionSchema }),
]);
