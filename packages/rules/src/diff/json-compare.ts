// Structural comparison helpers for the diff: they accept anything (a document may come straight from
// a database row) and never throw.

/** A plain JSON-like object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The value of an own property, or undefined. A document read from anywhere may name keys such as
 * `toString` or `constructor`; reading them with `object[key]` would find `Object.prototype`'s
 * functions, which are not part of the document (and are not JSON).
 */
export function ownValue(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * A stable string for a JSON-like value: object keys sorted, properties whose value is undefined left
 * out (as `JSON.stringify` does). Two values have the same key exactly when they are deep-equal.
 */
export function stableKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableKey(value[key])}`).join(',')}}`;
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : String(value);
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return `${value}n`;
    case 'symbol':
    case 'function':
    case 'object':
      // null, and values JSON has no form for: equal only to themselves by kind.
      return value === null ? 'null' : `<${typeof value}>`;
  }
}

/** Deep equality of JSON-like values; `undefined` properties count as absent. */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  return stableKey(a) === stableKey(b);
}

/**
 * Longest common subsequence of two key sequences, as pairs of indexes `[i, j]` in increasing order.
 * Used to tell a real reordering from elements that merely shifted around an insertion or removal.
 */
export function longestCommonSubsequence(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j]: LCS length of a[i..] and b[..j] suffixes, flattened.
  const lengths = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lengths[at(i, j)] =
        a[i] === b[j]
          ? lengths[at(i + 1, j + 1)]! + 1
          : Math.max(lengths[at(i + 1, j)]!, lengths[at(i, j + 1)]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i += 1;
      j += 1;
    } else if (lengths[at(i + 1, j)]! >= lengths[at(i, j + 1)]!) {
      i += 1;
    } else {
      j += 1;
    }
  }
  return pairs;
}
