// The server's content hashes (audit rows, evidence packages, subjects, test cases, bundles):
// SHA-256 of canonical JSON through node:crypto. The rules core computes the same function with a
// pure implementation (it also runs in browsers); content-hash.test.ts holds the two to each other.
import { hash } from 'node:crypto';
import { canonicalJson } from '@precept/rules';

/**
 * sha256 (hex) of a JSON value's UTF-8 canonical JSON: what `contentHash` of `@precept/rules`
 * returns, computed natively. Throws like `canonicalJson` on a value that is not JSON.
 *
 * @example
 * contentHash({ b: 1, a: 2 }) === contentHash({ a: 2, b: 1 }) // true
 */
export function contentHash(value: unknown): string {
  // One-shot `hash` (Node ≥ 20.12): no Hash object per call.
  return hash('sha256', canonicalJson(value), 'hex');
}
