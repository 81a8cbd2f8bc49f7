import type { Field } from '@precept/schema';
import { parseDay } from './calendar-dates.js';

// Yes/no tests of field values, compiled once per subject: what the facts intake calls for the
// fields it does not check inline (lists, objects, enums). No paths, no messages: when a test
// fails, the reporting walk of `facts-checker.ts` says why.

/** A plain JSON-like object: not an array, and its prototype is `Object.prototype` or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A yes/no test of a value (never undefined or null) of one field; no paths, no messages. */
export type ValueTest = (value: unknown) => boolean;

/** Compiles the yes/no test of one field's values. */
export function testField(field: Field): ValueTest {
  const { min, max } = field;
  const inRange = (value: number) =>
    (min === undefined || value >= min) && (max === undefined || value <= max);
  switch (field.type) {
    case 'number':
      return (value) => typeof value === 'number' && Number.isFinite(value) && inRange(value);
    case 'integer':
      return (value) => typeof value === 'number' && Number.isInteger(value) && inRange(value);
    case 'string':
      return (value) => typeof value === 'string';
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'date':
      return (value) => !Number.isNaN(parseDay(value));
    case 'enum': {
      const allowed = new Set((field.values ?? []).map((value) => value.value));
      return (value) => typeof value === 'string' && allowed.has(value);
    }
    case 'string[]':
    case 'number[]':
    case 'object[]': {
      const element = testField({
        ...field,
        type: field.type === 'string[]' ? 'string' : field.type === 'number[]' ? 'number' : 'object',
      });
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (const item of value) if (item === undefined || item === null || !element(item)) return false;
        return true;
      };
    }
    case 'object': {
      const test = testObject(field.fields ?? []);
      return (value) => isPlainObject(value) && test(value);
    }
  }
}

function testObject(fields: readonly Field[]): (object: Record<string, unknown>) => boolean {
  const tests = new Map<string, { required: boolean; test: ValueTest }>();
  for (const field of fields) tests.set(field.name, { required: field.required, test: testField(field) });
  const required = fields.filter((field) => field.required).map((field) => field.name);
  return (object) => {
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      const entry = tests.get(key);
      if (entry === undefined) return false;
      const value = object[key];
      if (value === undefined || value === null) {
        if (entry.required) return false;
      } else if (!entry.test(value)) return false;
    }
    for (const name of required) if (!Object.hasOwn(object, name)) return false;
    return true;
  };
}
