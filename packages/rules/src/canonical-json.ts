import { AppError } from '@precept/schema';
import { childPath } from './issue-codes.js';

const MAX_DEPTH = 1000;

function fail(path: string, message: string): never {
  throw new AppError('VALIDATION', `not JSON at ${path}: ${message}`, {
    issues: [{ path, code: 'shape', message }],
  });
}

function write(value: unknown, path: string, ancestors: Set<object>, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) fail(path, `${String(value)} is not a JSON number`);
      // ECMAScript's shortest round-trip form, as RFC 8785 (JCS) prescribes; -0 becomes 0.
      out.push(JSON.stringify(value));
      return;
    case 'object':
      break;
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      fail(path, `a ${typeof value} is not a JSON value`);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (ancestors.has(value)) fail(path, 'the value contains a cycle');
  if (ancestors.size >= MAX_DEPTH) {
    throw new AppError('LIMIT', `JSON nests deeper than ${MAX_DEPTH} levels at ${path}`);
  }
  ancestors.add(value);
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out.push(',');
      const item: unknown = value[i];
      if (item === undefined) fail(childPath(path, i), 'undefined is not a JSON value');
      write(item, childPath(path, i), ancestors, out);
    }
    out.push(']');
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) fail(path, 'only plain objects are JSON objects');
    const record = value as Record<string, unknown>;
    // Code-unit order of the keys, as RFC 8785 prescribes. Keys whose value is undefined are absent.
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    out.push('{');
    keys.forEach((key, index) => {
      if (index > 0) out.push(',');
      out.push(JSON.stringify(key), ':');
      write(record[key], childPath(path, key), ancestors, out);
    });
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
  write(value, '$', new Set(), out);
  return out.join('');
}
