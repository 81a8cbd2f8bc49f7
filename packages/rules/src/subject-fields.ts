import type { Field, FieldType, Subject } from '@precept/schema';
import type { PathSegment } from './fact-path.js';

/** A field as a condition sees it: a subject field, or what a path step reaches (an element of a list). */
export interface FieldView {
  readonly type: FieldType;
  readonly values?: readonly { value: string }[] | undefined;
  readonly fields?: readonly Field[] | undefined;
}

/** The subject's top-level fields by name (own keys only: a fact called `toString` is just a name). */
export function indexFields(fields: readonly Field[]): Map<string, Field> {
  const index = new Map<string, Field>();
  for (const field of fields) if (!index.has(field.name)) index.set(field.name, field);
  return index;
}

/** The subject's top-level fields by name. */
export function indexSubject(subject: Subject): Map<string, Field> {
  return indexFields(subject.fields);
}

/** The element type of an array field type (`string[]` → `string`), undefined for other types. */
export function elementType(type: FieldType): FieldType | undefined {
  if (type === 'string[]') return 'string';
  if (type === 'number[]') return 'number';
  if (type === 'object[]') return 'object';
  return undefined;
}

/**
 * Follows a parsed path from a field: `.name` into an `object`'s fields, `[n]` into an element of a
 * list. Returns the field reached, or an English reason why the path leads nowhere.
 */
export function resolveFieldPath(
  start: FieldView,
  segments: readonly PathSegment[],
): { field: FieldView } | { error: string } {
  let current: FieldView = start;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      const element = elementType(current.type);
      if (element === undefined)
        return { error: `[${segment}] steps into a list, but here is a ${current.type}` };
      current = { type: element, fields: current.fields };
      continue;
    }
    if (current.type === 'object[]') {
      return {
        error: `"${segment}" is inside the elements of a list: write an index first, e.g. [0].${segment}`,
      };
    }
    if (current.type !== 'object')
      return { error: `.${segment} steps into an object, but here is a ${current.type}` };
    const next = current.fields?.find((field) => field.name === segment);
    if (next === undefined) return { error: `there is no field "${segment}" here` };
    current = next;
  }
  return { field: current };
}

/** True for the numeric field types. */
export function isNumericType(type: FieldType): boolean {
  return type === 'number' || type === 'integer';
}
