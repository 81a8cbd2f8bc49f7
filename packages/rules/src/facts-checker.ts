import type { Field, Issue, Subject } from '@precept/schema';
import { parseDay } from './calendar-dates.js';
import { compileFactsIntake } from './facts-intake.js';
import { isPlainObject } from './field-tests.js';
import { childPath, makeIssue } from './issue-codes.js';

/** Checks a value of one field; pushes issues at `path`. Values are never undefined or null here. */
type ValueCheck = (value: unknown, path: string, issues: Issue[]) => void;

/** Checks a whole set of facts and returns every issue (none: the facts fit the subject). */
export type FactsChecker = (facts: unknown) => Issue[];

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return `a ${typeof value}`;
}

function wrongType(path: string, expected: string, value: unknown, issues: Issue[]): void {
  issues.push(makeIssue(path, 'wrong_type', `must be ${expected}, not ${describe(value)}`));
}

function compileNumber(field: Field, integer: boolean): ValueCheck {
  const { min, max } = field;
  const expected = integer ? 'a whole number' : 'a number';
  return (value, path, issues) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      wrongType(path, expected, value, issues);
    } else if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      issues.push(makeIssue(path, 'out_of_range', `${value} is outside ${min ?? '-∞'} … ${max ?? '∞'}`));
    }
  };
}

function compileList(element: ValueCheck, expected: string): ValueCheck {
  return (value, path, issues) => {
    if (!Array.isArray(value)) {
      wrongType(path, expected, value, issues);
      return;
    }
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (item === undefined || item === null) wrongType(childPath(path, i), 'a value', item, issues);
      else element(item, childPath(path, i), issues);
    }
  };
}

interface FieldEntry {
  readonly path: string;
  readonly required: boolean;
  readonly check: ValueCheck;
}

/** Checks an object against fields: unknown keys, missing required fields, each value. */
function compileObject(
  fields: readonly Field[],
): (value: Record<string, unknown>, path: string, issues: Issue[]) => void {
  const entries = new Map<string, Omit<FieldEntry, 'path'>>();
  for (const field of fields)
    entries.set(field.name, { required: field.required, check: compileField(field) });
  const required = fields.filter((field) => field.required).map((field) => field.name);
  return (object, path, issues) => {
    for (const key of Object.keys(object)) {
      const entry = entries.get(key);
      const at = childPath(path, key);
      if (entry === undefined) {
        issues.push(makeIssue(at, 'unknown_field', `the subject has no field "${key}" here`));
        continue;
      }
      const value = object[key];
      if (value === undefined || value === null) {
        if (entry.required) issues.push(makeIssue(at, 'missing', `"${key}" is required`));
      } else entry.check(value, at, issues);
    }
    for (const name of required) {
      if (!Object.hasOwn(object, name))
        issues.push(makeIssue(childPath(path, name), 'missing', `"${name}" is required`));
    }
  };
}

function compileObjectValue(fields: readonly Field[]): ValueCheck {
  const check = compileObject(fields);
  return (value, path, issues) => {
    if (!isPlainObject(value)) wrongType(path, 'an object', value, issues);
    else check(value, path, issues);
  };
}

function compileField(field: Field): ValueCheck {
  switch (field.type) {
    case 'number':
      return compileNumber(field, false);
    case 'integer':
      return compileNumber(field, true);
    case 'string':
      return (value, path, issues) => {
        if (typeof value !== 'string') wrongType(path, 'a string', value, issues);
      };
    case 'boolean':
      return (value, path, issues) => {
        if (typeof value !== 'boolean') wrongType(path, 'true or false', value, issues);
      };
    case 'date':
      return (value, path, issues) => {
        if (typeof value !== 'string') wrongType(path, 'a date "YYYY-MM-DD"', value, issues);
        else if (Number.isNaN(parseDay(value))) {
          issues.push(
            makeIssue(path, 'bad_date', `${JSON.stringify(value)} is not a calendar date YYYY-MM-DD`),
          );
        }
      };
    case 'enum': {
      const allowed = new Set((field.values ?? []).map((value) => value.value));
      const listed = [...allowed].map((value) => JSON.stringify(value)).join(', ');
      return (value, path, issues) => {
        if (typeof value !== 'string') wrongType(path, `one of ${listed}`, value, issues);
        else if (!allowed.has(value)) {
          issues.push(
            makeIssue(path, 'unknown_enum_value', `${JSON.stringify(value)} is not one of ${listed}`),
          );
        }
      };
    }
    case 'string[]':
      return compileList(compileField({ ...field, type: 'string' }), 'a list of strings');
    case 'number[]':
      return compileList(compileField({ ...field, type: 'number' }), 'a list of numbers');
    case 'object':
      return compileObjectValue(field.fields ?? []);
    case 'object[]':
      return compileList(compileObjectValue(field.fields ?? []), 'a list of objects');
  }
}

/**
 * Compiles a subject into a facts checker, once per subject: the checker then walks a set of facts
 * without interpreting the schema again. Reported: facts that are not an object, unknown fields,
 * missing required fields (null counts as missing), wrong JSON types, bad dates, enum values that do
 * not exist, numbers outside `min`/`max`, nested objects and lists, each with a path such as
 * `$.certificates[1].issuedOn`.
 */
export function compileFactsChecker(subject: Subject): FactsChecker {
  const report = compileFactsReport(subject);
  const intake = compileFactsIntake(subject);
  // The common case (facts that fit) takes the intake's yes/no pass; the reporting walk, which
  // builds a path for every value, runs only when something is wrong.
  return (facts) => (intake.read(facts) === undefined ? report(facts) : []);
}

/** The reporting walk alone: every issue of a set of facts, with its path and message. */
export function compileFactsReport(subject: Subject): FactsChecker {
  const check = compileObject(subject.fields);
  return (facts) => {
    if (!isPlainObject(facts))
      return [makeIssue('$', 'wrong_type', `facts must be a JSON object, not ${describe(facts)}`)];
    const issues: Issue[] = [];
    check(facts, '$', issues);
    return issues;
  };
}

/** The fast yes/no test of a whole set of facts (what `compileFactsChecker` tries first). */
export function compileFactsTest(subject: Subject): (facts: unknown) => boolean {
  const intake = compileFactsIntake(subject);
  return (facts) => intake.read(facts) !== undefined;
}

/**
 * Checks facts against a subject and returns every issue (an empty list when they fit). Compiles a
 * checker for the call; `compile` keeps one per policy so that `evaluate` does not.
 *
 * @example
 * checkFacts({ complaints: 'three' }, subject)
 * // [{ path: '$.complaints', code: 'wrong_type', message: 'must be a whole number, not a string' }, …]
 */
export function checkFacts(facts: unknown, subject: Subject): Issue[] {
  return compileFactsChecker(subject)(facts);
}
