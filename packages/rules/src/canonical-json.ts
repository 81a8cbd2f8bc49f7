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
 * Appends the canonical text of `value` to `out`, a piece at a time: one `join` at the end gives a
 * flat string (appending to one string would build a rope that hashing must flatten, slowly, for
 * the megabytes of an evidence package).
 */
function write(value: unknown, walk: Walk, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) fail(walk, `${String(value)} is not a JSON number`);
      // ECMAScript's shortest round-trip form, as RFC 8785 (JCS) prescribes; -0 becomes 0.
      out.push(JSON.stringify(value));
      return;
    case 'object':
      break;
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      fail(walk, `a ${typeof value} is not a JSON value`);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  const { ancestors, keys } = walk;
  if (ancestors.has(value)) fail(walk, 'the value contains a cycle');
  if (ancestors.size >= MAX_DEPTH) {
    throw new AppError('LIMIT', `JSON nests deeper than ${MAX_DEPTH} levels at ${formatPath(keys)}`);
  }
  ancestors.add(value);
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i += 1) {
      keys.push(i);
      const item: unknown = value[i];
      if (item === undefined) fail(walk, 'undefined is not a JSON value');
      if (i > 0) out.push(',');
      write(item, walk, out);
      keys.pop();
    }
    out.push(']');
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) fail(walk, 'only plain objects are JSON objects');
    const record = value as Record<string, unknown>;
    // Code-unit order of the keys, as RFC 8785 prescribes. Keys whose value is undefined are absent.
    const sorted = Object.keys(record).sort();
    out.push('{');
    let first = true;
    for (const key of sorted) {
      const item = record[key];
      if (item === undefined) continue;
      keys.push(key);
      out.push(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
      write(item, walk, out);
      keys.pop();
      first = false;
    }
    out.push('}');
  }
  ancestors.delete(value);
}

/**
 * Canonical JSON (RFC 8785 style): object keys sorted by code unit, no whitespace, numbers in
 * ECMAScript's shortest form. Object properties whose value is undefined are left out, as
 * `JSON.stringify` does; anything else that is not JSON (undefined in an array, NaN, Infinity,
 * functions, symbols, bigints, class instances, cycles) throws an `AppError('VALIDATION')` naming
 * the path.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, { ancestors: new Set(), keys: [] }, out);
  return out.join('');
}
