// Where a local evaluator keeps its last good bundle between runs, so that it can start while the
// server is down. The store holds text; what it holds is the bundle exactly as the server signed it,
// so a saved file is verified like a download before it is used.
import { fail, ok, type SdkResult } from '../sdk-error.js';

/**
 * Keeps one saved bundle. `@precept/sdk/node` has a file-backed one (`fileBundleStore`); in a
 * browser, implement it over `localStorage` or IndexedDB.
 *
 * @example
 * const memory: BundleStore = { text: null, load() { return Promise.resolve(this.text) }, save(t) { this.text = t; return Promise.resolve() } };
 */
export interface BundleStore {
  /** The saved text, or `null` when nothing was saved yet. */
  load(): Promise<string | null>;
  /** Replaces the saved text; a crash half-way must leave the old text or the new, never a mix. */
  save(text: string): Promise<void>;
}

/** What a store holds: the bundle as the server signed it, and when it was downloaded. */
export interface SavedBundle {
  /** When the bundle was downloaded from the server (ISO instant); not covered by the signature. */
  fetchedAt: string;
  /** The bundle as received, signature included. */
  bundle: unknown;
}

const FORMAT = 'precept-saved-bundle/1';

/** The text a store saves for `saved`. */
export function encodeSavedBundle(saved: SavedBundle): string {
  return `${JSON.stringify({ format: FORMAT, fetchedAt: saved.fetchedAt, bundle: saved.bundle })}\n`;
}

/** Reads what a store saved; `VALIDATION` (refusal `malformed`) for text this SDK did not write. */
export function decodeSavedBundle(text: string): SdkResult<SavedBundle> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const saved = parsed as { format?: unknown; fetchedAt?: unknown; bundle?: unknown } | undefined;
  if (
    typeof saved !== 'object' ||
    saved === null ||
    saved.format !== FORMAT ||
    typeof saved.fetchedAt !== 'string' ||
    Number.isNaN(Date.parse(saved.fetchedAt))
  ) {
    const message = `the saved bundle is not a ${FORMAT} file`;
    const failed = fail('VALIDATION', message, { issues: [{ path: '$', code: 'malformed', message }] });
    failed.error.refusal = 'malformed';
    return failed;
  }
  return ok({ fetchedAt: new Date(saved.fetchedAt).toISOString(), bundle: saved.bundle });
}
