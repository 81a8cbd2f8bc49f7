import { z } from 'zod';
import { KeySchema, LocalizedLongTextSchema, LocalizedTextSchema, type LocalizedText } from './common.js';

/** The types a subject's field (a fact) can have. */
export const FIELD_TYPES = [
  'number',
  'integer',
  'string',
  'boolean',
  /** A calendar date `YYYY-MM-DD`. */
  'date',
  /** One of the field's `values`. */
  'enum',
  'string[]',
  'number[]',
  /** A nested object with its own `fields`; reached with a condition `path` such as `$.a.b`. */
  'object',
  /** A list of nested objects with their own `fields` (certificates, skill tests, …). */
  'object[]',
] as const;
/** One of {@link FIELD_TYPES}. */
export type FieldType = (typeof FIELD_TYPES)[number];

/** A fact name (a subject field): a JavaScript-style identifier, never `__proto__`, `constructor`, `prototype`. */
export const FIELD_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Names that would reach an object's prototype; refused everywhere a name or path is accepted. */
export const FORBIDDEN_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** zod schema of a fact or field name. */
export const FieldNameSchema = z
  .string()
  .regex(FIELD_NAME_PATTERN, 'must be an identifier: letters, digits, "_", not starting with a digit')
  .refine((name) => !FORBIDDEN_NAMES.includes(name), 'must not be __proto__, constructor or prototype');

/** One allowed value of an enum field, with its labels. */
export const EnumValueSchema = z.strictObject({
  value: z.string().min(1).max(100),
  label: LocalizedTextSchema,
});
/** One allowed value of an enum field. */
export type EnumValue = z.infer<typeof EnumValueSchema>;

/** A typed field of a subject: what a fact is called, its type, labels, unit and whether it is required. */
export interface Field {
  name: string;
  type: FieldType;
  label: LocalizedText;
  description?: LocalizedText | undefined;
  /** Unit shown beside values: `%`, or both languages `{ zh: '件', en: 'cases' }`. */
  unit?: string | LocalizedText | undefined;
  required: boolean;
  /** Allowed values of an `enum` field. */
  values?: EnumValue[] | undefined;
  /** Fields of an `object` or of each element of an `object[]`. */
  fields?: Field[] | undefined;
  /** Inclusive bounds of a `number` / `integer` (and of each element of `number[]`). */
  min?: number | undefined;
  max?: number | undefined;
  /**
   * Personal data (a name, a staff or ID number, a phone number, an age…). The decision log stores
   * such a value in clear only when the policy version that decided reads its top-level field;
   * otherwise it stores a keyed pseudonym ({@link PSEUDONYM_PATTERN}). Responses show personal
   * values only to the roles allowed to see them, and pseudonyms to everyone else. Once a field is
   * marked personal, a later version of the subject cannot unmark it.
   */
  personal?: boolean | undefined;
}

/** zod schema of {@link Field}; recursive through `fields`. */
export const FieldSchema: z.ZodType<Field> = z.lazy(() =>
  z.strictObject({
    name: FieldNameSchema,
    type: z.enum(FIELD_TYPES),
    label: LocalizedTextSchema,
    description: LocalizedLongTextSchema.optional(),
    unit: z
      .union([
        z.string().max(20),
        z.strictObject({ zh: z.string().min(1).max(20), en: z.string().min(1).max(20) }),
      ])
      .optional(),
    required: z.boolean(),
    values: z.array(EnumValueSchema).min(1).max(1000).optional(),
    fields: z.array(FieldSchema).min(1).max(1000).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    personal: z.boolean().optional(),
  }),
);

/**
 * A pseudonym of a personal value: `hmac-sha256:<key id>:<hex>`, the HMAC-SHA256 under the
 * server's personal-data key (`PRECEPT_PII_KEY`, named by the first 8 hex digits of its own
 * sha256) of the value's canonical JSON. The same value under the same key always gives the same
 * pseudonym, so whoever holds the value can find its decisions; the value cannot be read back.
 */
export const PSEUDONYM_PATTERN = /^hmac-sha256:[0-9a-f]{8}:[0-9a-f]{64}$/;

/** True when `value` is a pseudonym ({@link PSEUDONYM_PATTERN}). */
export function isPseudonym(value: unknown): value is string {
  return typeof value === 'string' && value.length === 85 && PSEUDONYM_PATTERN.test(value);
}

/** A subject (fact schema): what a policy evaluates, as a set of typed fields. */
export const SubjectSchema = z.strictObject({
  key: KeySchema,
  title: LocalizedTextSchema,
  description: LocalizedLongTextSchema.optional(),
  fields: z.array(FieldSchema).min(1).max(1000),
});
/** A subject (fact schema). */
export type Subject = z.infer<typeof SubjectSchema>;
