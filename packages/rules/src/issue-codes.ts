import type { Issue } from '@precept/schema';

/**
 * The codes of the issues `validate`, `validateSubject` and `checkFacts` report. Stable: the console
 * and API clients may switch on them; the English `message` beside each is for people.
 */
export const ISSUE_CODES = [
  /** The JSON does not have the shape of its schema (missing key, wrong JSON type, unknown key). */
  'shape',
  /** A size limit of `LIMITS` is exceeded (document bytes, nesting, conditions per rule, rules, list length). */
  'limit',
  /** A condition (or fact reference, or per-unit line) names a fact the subject does not have. */
  'unknown_fact',
  /** The operator does not apply to the field's type (e.g. `greaterThan` on a string). */
  'operator_not_allowed',
  /** A condition's value does not fit the operator and the field (wrong type, bad range, bad count). */
  'value_type',
  /** An enum value (in a condition, or a post id) that the subject's enum field does not list. */
  'unknown_enum_value',
  /** A fact `path` that is not an own-property path `$.a.b[0]`, names a forbidden segment, or leads nowhere. */
  'bad_path',
  /** An `all` or `any` with no conditions. */
  'empty_group',
  /** Two elements of one list share an id (or two fields of one subject level share a name). */
  'duplicate_id',
  /** A rule of the policy kind is broken (grade bands out of order, unused category cap, …). */
  'kind_rule',
  /** A subject is malformed (enum without values, object without fields, min above max, …). */
  'subject_rule',
  /** Facts: a required field is missing (or null). */
  'missing',
  /** Facts: a value has the wrong JSON type for its field. */
  'wrong_type',
  /** Facts: a field the subject does not define. */
  'unknown_field',
  /** Facts: a `date` field that is not a calendar date `YYYY-MM-DD`. */
  'bad_date',
  /** Facts: a number outside the field's `min`/`max`. */
  'out_of_range',
] as const;

/** One of {@link ISSUE_CODES}. */
export type IssueCode = (typeof ISSUE_CODES)[number];

/** Builds an {@link Issue}. */
export function makeIssue(path: string, code: IssueCode, message: string): Issue {
  return { path, code, message };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a property name to a JSON path: `.name`, or `["odd key"]` when it is not an identifier. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Turns path segments (as zod reports them) into a JSON path such as `$.lines[2].condition`. */
export function formatPath(segments: readonly PropertyKey[], root = '$'): string {
  let path = root;
  for (const segment of segments) {
    path = childPath(path, typeof segment === 'symbol' ? String(segment) : segment);
  }
  return path;
}
