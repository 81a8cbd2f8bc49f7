import { z } from 'zod';

/** Size limits every stored document and every request obeys; `validate` reports breaches as `LIMIT`. */
export const LIMITS = {
  /** Largest policy document, as canonical JSON in UTF-8 bytes. */
  documentBytes: 256 * 1024,
  /** Deepest nesting of a condition tree (and of facts). */
  depth: 32,
  /** Most leaf conditions in one rule (target, item, line, level, rule). */
  conditionsPerRule: 500,
  /** Most rules a document may compile to. */
  rules: 5000,
  /** Longest list anywhere in a document (targets, items, lines, values of `in`, …). */
  listItems: 1000,
  /** Most fact sets in one batch evaluation. */
  batchSize: 1000,
} as const;

/** Text in the two languages of the console: Chinese first, English beside it. */
export const LocalizedTextSchema = z.strictObject({
  zh: z.string().min(1).max(500),
  en: z.string().min(1).max(500),
});
/** Text in Chinese and English. */
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/**
 * A name people read — a department, a report recipient, an authority: both languages
 * (`{ zh, en }`), or one text as written. The plain form keeps documents written before names were
 * bilingual valid; the default policies use both languages (a test checks it).
 */
export const LocalizedNameSchema = z.union([z.string().min(1).max(200), LocalizedTextSchema]);
/** A name in both languages, or one text as written. */
export type LocalizedName = z.infer<typeof LocalizedNameSchema>;

/**
 * The text of a name or localized text in one language: the plain form as written, the localized
 * form in `lang`.
 *
 * @example
 * textIn({ zh: '事发分行', en: 'Branch where it happened' }, 'en'); // 'Branch where it happened'
 */
export function textIn(value: LocalizedName, lang: 'zh' | 'en'): string {
  return typeof value === 'string' ? value : value[lang];
}

/** Longer text in both languages: descriptions that explain defaults and reasoning. */
export const LocalizedLongTextSchema = z.strictObject({
  zh: z.string().min(1).max(4000),
  en: z.string().min(1).max(4000),
});

/** An identifier inside a document (target, item, line, level, requirement): `a-z`, digits, `-`, `_`, `.`. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** zod schema of an identifier inside a document. */
export const IdSchema = z
  .string()
  .regex(ID_PATTERN, 'must be 1-64 letters, digits, "-", "_" or "." and start with a letter or digit');

/** A stable key of a policy or subject: lower-case kebab-case. */
export const KEY_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** zod schema of a policy or subject key. */
export const KeySchema = z
  .string()
  .max(100)
  .regex(KEY_PATTERN, 'must be lower-case kebab-case, e.g. "service-targets"');

/** A calendar date, `YYYY-MM-DD` (checked to exist: no 2026-02-30). */
export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** True when `value` is a real calendar date in `YYYY-MM-DD` form. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** zod schema of a calendar date `YYYY-MM-DD`. */
export const IsoDateSchema = z.string().refine(isIsoDate, 'must be a calendar date YYYY-MM-DD');

/** An instant: ISO 8601 with a time zone (`2026-01-01T00:00:00.000Z`, `2026-01-01T08:00:00+08:00`). */
export const InstantSchema = z.iso.datetime({ offset: true });

/**
 * The as-of moment of an evaluation: an instant, or a calendar date meaning that day's start in the
 * business time zone (`PRECEPT_TIME_ZONE`, default Asia/Shanghai). Date operators compare calendar
 * dates in that zone: an instant's day is its date there.
 */
export const AsOfSchema = z.union([IsoDateSchema, InstantSchema]);

/**
 * An effective date: a calendar date (that day's start in the business time zone) or an instant.
 */
export const EffectiveDateSchema = z.union([IsoDateSchema, InstantSchema]);

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** zod schema of any JSON value (finite numbers only). */
export const JsonValueSchema: z.ZodType<JsonValue> = z.json();

/** A JSON object: the shape of a set of facts. */
export const JsonObjectSchema = z.record(z.string(), JsonValueSchema);
/** A JSON object. */
export type JsonObject = z.infer<typeof JsonObjectSchema>;
