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
 * `keys` in the order canonicalJson writes an object's members: sorted, then as an object holds
 * them (integer-like keys first, ascending), which is the order of the sorted copy JSON.stringify walks.
 */
function canonicalOrder(keys: string[]): string[] {
  keys.sort();
  const ordered = emptyFor(keys);
  for (const key of keys) ordered[key] = true;
  return Object.keys(ordered);
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
  const members: string[] = [];
  try {
    for (const key of canonicalOrder(keys)) {
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

/**
 * Canonical texts of deeply frozen plain objects and arrays, with their heights (levels of nesting,
 * for the depth limit): nothing can change such a value, so each is written once. A key is weak, so
 * a text goes with its object (an evicted compiled policy's shared outcome entries).
 */
const frozenTexts = new WeakMap<object, { text: string; height: number }>();

/**
 * The height of a value that can never write differently — frozen, an array or a plain object,
 * data properties only (a getter could answer differently), every member a primitive (height 0)
 * or itself such a value — or -1 when it is not one (or nests deeper than the limit, or loops).
 */
function frozenHeight(value: object, depth: number): number {
  const kept = frozenTexts.get(value);
  if (kept !== undefined) return kept.height;
  if (depth >= MAX_DEPTH || !Object.isFrozen(value)) return -1;
  if (!Array.isArray(value)) {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return -1;
  }
  const descriptors = Object.getOwnPropertyDescriptors(value);
  let height = 1;
  for (const key of Reflect.ownKeys(descriptors)) {
    const descriptor = descriptors[key as keyof typeof descriptors]!;
    if (!('value' in descriptor)) return -1;
    const member = descriptor.value as unknown;
    if (member !== null && typeof member === 'object') {
      const below = frozenHeight(member, depth + 1);
      if (below < 0) return -1;
      height = Math.max(height, below + 1);
    }
  }
  return height;
}

/** The canonical text of a string, finite number or boolean; {@link NOT_JSON} for anything else. */
function primitiveText(value: unknown): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw NOT_JSON;
      return JSON.stringify(value);
    case 'bigint':
    case 'function':
    case 'object':
    case 'symbol':
    case 'undefined':
      throw NOT_JSON;
  }
}

/** {@link canonicalJsonShared}'s walk: throws {@link NOT_JSON} where canonicalJson would refuse. */
function writeShared(value: unknown, depth: number): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return primitiveText(value);
  if (depth >= MAX_DEPTH) throw NOT_JSON;
  const kept = frozenTexts.get(value);
  if (kept !== undefined) {
    if (depth + kept.height > MAX_DEPTH) throw NOT_JSON;
    return kept.text;
  }
  const height = Object.isFrozen(value) ? frozenHeight(value, 0) : -1;
  if (height >= 0) {
    if (depth + height > MAX_DEPTH) throw NOT_JSON;
    let text: string;
    try {
      text = canonicalJson(value);
    } catch (error) {
      if (error instanceof AppError) throw NOT_JSON;
      throw error;
    }
    frozenTexts.set(value, { text, height });
    return text;
  }
  if (Array.isArray(value)) {
    const items = new Array<string>(value.length);
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (item === undefined) throw NOT_JSON;
      items[i] = writeShared(item, depth + 1);
    }
    return `[${items.join(',')}]`;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) throw NOT_JSON;
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of canonicalOrder(Object.keys(record))) {
    const item = record[key];
    if (item !== undefined) members.push(`${JSON.stringify(key)}:${writeShared(item, depth + 1)}`);
  }
  return `{${members.join(',')}}`;
}

/**
 * {@link canonicalJson} for values built mostly from shared, deeply frozen parts — an outcome whose
 * unfired lines, memoised fired lines and categories are built once per compiled policy and frozen:
 * the same text, but each deeply frozen object or array is written once and its text reused, so
 * only the parts made for this value are walked. Refuses what canonicalJson refuses, with its error.
 *
 * @example
 * const line = Object.freeze({ id: 'a', points: 0 });
 * canonicalJsonShared({ total: 1, lines: [line] }) === canonicalJson({ total: 1, lines: [line] }) // true
 */
export function canonicalJsonShared(value: unknown): string {
  try {
    return writeShared(value, 0);
  } catch (error) {
    if (error !== NOT_JSON) throw error;
  }
  // canonicalJson names the place and the reason.
  return canonicalJson(value);
}
