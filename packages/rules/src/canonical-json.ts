import { AppError } from '@precept/schema';
import { formatPath } from './issue-codes.js';

const MAX_DEPTH = 1000;

/** The walk's state: the ancestors (cycle check) and the keys leading to the current value (errors). */
interface Walk {
  readonly ancestors: Set<object>;
  readonly keys: (string | number)[];
}

function fail(walk: Walk, message: string): never {
  const path = formatPath(walk.keys);
  throw new AppError('VALIDATION', `not JSON at ${path}: ${message}`, {
    issues: [{ path, code: 'shape', message }],
  });
}

/**
 * Throws the error that names where `value` stops being JSON: walked only after {@link sortedCopy}
 * refused a value, so the fast path carries no path or ancestor bookkeeping.
 */
function explain(value: unknown, walk: Walk): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) fail(walk, `${String(value)} is not a JSON number`);
      return;
    case 'object':
      break;
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      fail(walk, `a ${typeof value} is not a JSON value`);
  }
  if (value === null) return;
  const { ancestors, keys } = walk;
  if (ancestors.has(value)) fail(walk, 'the value contains a cycle');
  if (ancestors.size >= MAX_DEPTH) {
    throw new AppError('LIMIT', `JSON nests deeper than ${MAX_DEPTH} levels at ${formatPath(keys)}`);
  }
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      keys.push(i);
      const item: unknown = value[i];
      if (item === undefined) fail(walk, 'undefined is not a JSON value');
      explain(item, walk);
      keys.pop();
    }
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) fail(walk, 'only plain objects are JSON objects');
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined) continue;
      keys.push(key);
      explain(item, walk);
      keys.pop();
    }
  }
  ancestors.delete(value);
}

/**
 * Thrown by {@link sortedCopy} at the first value that is not JSON; {@link explain} then says where
 * and why. One instance: refusing a value costs no stack trace.
 */
const NOT_JSON = new Error('not JSON');

/**
 * `value` with every object's keys in code-unit order (RFC 8785), for `JSON.stringify` to write:
 * objects whose keys are already in order, and arrays, are reused unless something inside them
 * changed, so only out-of-order objects are copied. Throws {@link NOT_JSON} on anything
 * `JSON.stringify` would not write as canonical JSON (undefined in an array, NaN, Infinity,
 * functions, symbols, bigints, class instances — a Date's `toJSON` included) and past
 * {@link MAX_DEPTH} levels, which a cycle reaches too.
 */
function sortedCopy(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw NOT_JSON;
      return value;
    case 'object':
      break;
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      throw NOT_JSON;
  }
  if (value === null) return value;
  if (depth >= MAX_DEPTH) throw NOT_JSON;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (item === undefined) throw NOT_JSON;
      const sorted = sortedCopy(item, depth + 1);
      if (sorted !== item) {
        copy ??= value.slice();
        copy[i] = sorted;
      }
    }
    return copy ?? value;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) throw NOT_JSON;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i += 1) inOrder = keys[i - 1]! < keys[i]!;
  if (inOrder) {
    let copy: Record<string, unknown> | undefined;
    for (const key of keys) {
      const item = record[key];
      // An undefined member is left out by JSON.stringify, as by the canonical form.
      if (item === undefined) continue;
      const sorted = sortedCopy(item, depth + 1);
      if (sorted !== item) {
        copy ??= copyOf(record, keys);
        copy[key] = sorted;
      }
    }
    return copy ?? record;
  }
  keys.sort();
  const copy = emptyFor(keys);
  for (const key of keys) {
    const item = record[key];
    if (item !== undefined) copy[key] = sortedCopy(item, depth + 1);
  }
  return copy;
}

/**
 * A new object to fill with `keys`: without a prototype when one of them is `__proto__`, so that
 * key stays an own member (as `JSON.parse` makes it) instead of setting the prototype.
 */
function emptyFor(keys: readonly string[]): Record<string, unknown> {
  return keys.includes('__proto__') ? (Object.create(null) as Record<string, unknown>) : {};
}

/** A shallow copy of `record` with its `keys`, in their order. */
function copyOf(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const copy = emptyFor(keys);
  for (const key of keys) copy[key] = record[key];
  return copy;
}

/**
 * Canonical JSON (RFC 8785 style): object keys sorted by code unit, no whitespace, numbers in
 * ECMAScript's shortest form. One departure from RFC 8785, kept because every stored hash depends
 * on it: integer-like keys ("0", "9", "10") come first in ascending numeric order, as JavaScript
 * orders an object's own keys. Object properties whose value is undefined are left out, as
 * `JSON.stringify` does; anything else that is not JSON (undefined in an array, NaN, Infinity,
 * functions, symbols, bigints, class instances, cycles) throws an `AppError('VALIDATION')` naming
 * the path.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  let sorted: unknown;
  try {
    sorted = sortedCopy(value, 0);
  } catch (error) {
    if (error !== NOT_JSON) throw error;
    explain(value, { ancestors: new Set(), keys: [] });
    // Unreachable while the two walks agree on what JSON is; never write a value they disagree on.
    throw new Error('canonicalJson: a value was refused without a reason');
  }
  // JSON.stringify writes strings and numbers as RFC 8785 prescribes (ECMAScript's forms; -0 as 0);
  // with the keys in order and nothing but JSON values left, its text is the canonical one.
  return JSON.stringify(sorted);
}

/**
 * Canonical JSON of a plain object some of whose members are written already: the same text as
 * `canonicalJson(record)` when each `written[key]` is `canonicalJson(record[key])` (a member of
 * `written` stands whatever `record` holds under that key), without walking those members again.
 * A large evidence export splices each row's rebuilt outcome — canonicalised once for its hash
 * check — into the row. The written texts are trusted as canonical; the other members are checked
 * as by {@link canonicalJson}, and an error names the path from `record`.
 *
 * @example
 * canonicalJsonWith({ b: 1, a: { y: 2, x: 1 } }, { a: '{"x":1,"y":2}' }) // '{"a":{"x":1,"y":2},"b":1}'
 */
export function canonicalJsonWith(
  record: Readonly<Record<string, unknown>>,
  written: Readonly<Record<string, string>>,
): string {
  const unwritten = (): Record<string, unknown> =>
    Object.fromEntries(Object.entries(record).filter(([key]) => !Object.hasOwn(written, key)));
  const proto = Object.getPrototypeOf(record) as unknown;
  if (proto !== Object.prototype && proto !== null) canonicalJson(record);
  const keys = Object.keys(record).filter((key) => record[key] !== undefined && !Object.hasOwn(written, key));
  keys.push(...Object.keys(written));
  keys.sort();
  // In the order canonicalJson writes them: an object's own order after sorting (integer-like keys
  // first, ascending), as the sorted copy JSON.stringify walks has it.
  const ordered = emptyFor(keys);
  for (const key of keys) ordered[key] = true;
  const members: string[] = [];
  try {
    for (const key of Object.keys(ordered)) {
      members.push(
        `${JSON.stringify(key)}:${Object.hasOwn(written, key) ? written[key]! : canonicalJson(record[key])}`,
      );
    }
  } catch (error) {
    // Only a member not written can fail: walked again from the record, the error names the whole path.
    canonicalJson(unwritten());
    throw error;
  }
  return `{${members.join(',')}}`;
}
