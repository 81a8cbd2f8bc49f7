import { canonicalJson } from './canonical-json.js';
import { sha256HexOfText } from './sha256.js';

/**
 * The content hash of a JSON value: sha256 (hex) of its UTF-8 canonical JSON. Equal content gives an
 * equal hash whatever the key order or formatting; throws like {@link canonicalJson} on non-JSON.
 *
 * @example
 * contentHash({ b: 1, a: 2 }) === contentHash({ a: 2, b: 1 }) // true
 */
export function contentHash(value: unknown): string {
  return sha256HexOfText(canonicalJson(value));
}
