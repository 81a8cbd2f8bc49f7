// A small, short-lived memory of credentials that authenticated, so a busy API key or session does
// not cost a database round trip per request. Entries are keyed by the credential's sha256 (the
// secret itself is never kept), bounded in number (least recently used goes first) and in age
// (`ttlMs`); a revocation, a disabled account or a role change forgets the entries it concerns at
// once in the instance that made it and, through a notification, in the others. A lookup that
// started before a forget may not store its (possibly stale) answer: a generation counter guards
// that race.

/** What the cache remembers of one credential. */
export interface AuthCacheEntry<T> {
  /** The authentication to answer with. */
  value: T;
  /** Which key (`key:<id>`) or person (`user:<username>`) it belongs to, for targeted forgetting. */
  owner: string;
  /** Epoch ms after which the entry is not used. */
  expiresAtMs: number;
}

/** A bounded LRU of authenticated credentials with a time to live. */
export interface AuthCache<T> {
  /** The entry for `hash` if fresh at `nowMs` (and marks it recently used). */
  get(hash: string, nowMs: number): AuthCacheEntry<T> | undefined;
  /** The current generation: pass it to {@link AuthCache.set} to store only if nothing was forgotten meanwhile. */
  generation(): number;
  /** Stores an entry unless something was forgotten since `generation`. */
  set(hash: string, value: T, owner: string, nowMs: number, generation: number): void;
  /** Forgets one credential. */
  delete(hash: string): void;
  /** Forgets every entry of `owner` (`key:<id>` or `user:<username>`). */
  forgetOwner(owner: string): void;
  /** Forgets everything (a lost notification connection may have missed some forgets). */
  clear(): void;
  /** Number of entries (tests). */
  readonly size: number;
}

/**
 * Creates an {@link AuthCache}.
 *
 * @example
 * const cache = createAuthCache<Authentication>({ maxEntries: 1000, ttlMs: 10_000 });
 */
export function createAuthCache<T>({
  maxEntries,
  ttlMs,
}: {
  maxEntries: number;
  ttlMs: number;
}): AuthCache<T> {
  const entries = new Map<string, AuthCacheEntry<T>>();
  let generation = 0;
  return {
    get(hash, nowMs) {
      const entry = entries.get(hash);
      if (entry === undefined) return undefined;
      if (entry.expiresAtMs <= nowMs) {
        entries.delete(hash);
        return undefined;
      }
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      entries.delete(hash);
      entries.set(hash, entry);
      return entry;
    },
    generation: () => generation,
    set(hash, value, owner, nowMs, since) {
      if (since !== generation || ttlMs <= 0 || maxEntries <= 0) return;
      entries.delete(hash);
      entries.set(hash, { value, owner, expiresAtMs: nowMs + ttlMs });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    delete(hash) {
      generation += 1;
      entries.delete(hash);
    },
    forgetOwner(owner) {
      generation += 1;
      for (const [hash, entry] of entries) if (entry.owner === owner) entries.delete(hash);
    },
    clear() {
      generation += 1;
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
