// Content hashes: SHA-256 of canonical JSON. The rules core runs in Node, in browsers (the console)
// and in the SDK's local evaluator, and must hash synchronously and identically everywhere, so it
// uses @noble/hashes — an audited, dependency-free implementation — rather than node:crypto (absent
// in browsers) or WebCrypto (asynchronous). The server hashes its own records with node:crypto.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical-json.js';

/**
 * SHA-256 of a string's UTF-8 bytes (a lone surrogate counts as U+FFFD, as in `TextEncoder`), as 64
 * lower-case hex digits.
 *
 * @example
 * sha256HexOfText('abc') // 'ba7816bf…f20015ad'
 */
export function sha256HexOfText(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

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
