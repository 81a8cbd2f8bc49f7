// Caches of the evaluation hot path. Compiled versions are immutable, so they are kept by
// policy key and version (bounded, least recently used out first). Which version is in force when
// is cached per policy and dropped when a publish, retire or rollback changes it — in this process
// at once, in the others through LISTEN/NOTIFY.
import type { CompiledPolicy } from '@precept/rules';

/** A non-empty published window of one version, as epoch milliseconds (`toMs` = Infinity when open). */
export interface CachedWindow {
  version: number;
  contentHash: string;
  fromMs: number;
  toMs: number;
}

/** A bounded map that forgets the least recently used entry first. */
export class LruCache<K, V> {
  readonly #map = new Map<K, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#capacity) this.#map.delete(this.#map.keys().next().value as K);
  }

  delete(key: K): void {
    this.#map.delete(key);
  }

  clear(): void {
    this.#map.clear();
  }

  get size(): number {
    return this.#map.size;
  }
}

/** A compiled version and where it came from. */
export interface CompiledEntry {
  compiled: CompiledPolicy;
  version: number;
  contentHash: string;
  /** The top-level fields the version reads (`readFieldsOf`): what the decision log keeps in clear. */
  reads: readonly string[];
}

/** The evaluation caches; loaders are given per call so the cache holds no service references. */
export interface EvaluationCache {
  /** The compiled version, compiling it once (concurrent callers share the same promise). */
  compiled(key: string, version: number, load: () => Promise<CompiledEntry>): Promise<CompiledEntry>;
  /** The policy's published windows, loaded once until invalidated. */
  windows(key: string, load: () => Promise<CachedWindow[]>): Promise<CachedWindow[]>;
  /** Forgets a policy's windows (a publish changed them). */
  invalidate(key: string): void;
  /** Forgets every policy's windows (notifications may have been missed). */
  invalidateAll(): void;
}

/** Creates an {@link EvaluationCache}. */
export function createEvaluationCache({
  compiledCapacity = 1000,
}: { compiledCapacity?: number } = {}): EvaluationCache {
  const compiled = new LruCache<string, Promise<CompiledEntry>>(compiledCapacity);
  // A load in flight when its policy is invalidated is dropped from the map with it, so the next
  // caller reloads; callers already awaiting it get the answer of the moment they asked.
  const windows = new Map<string, Promise<CachedWindow[]>>();

  return {
    compiled(key, version, load) {
      const id = `${key}@${version}`;
      let entry = compiled.get(id);
      if (entry === undefined) {
        entry = load();
        compiled.set(id, entry);
        entry.catch(() => compiled.delete(id));
      }
      return entry;
    },
    windows(key, load) {
      let entry = windows.get(key);
      if (entry === undefined) {
        const loading = load();
        entry = loading;
        windows.set(key, loading);
        loading.catch(() => {
          if (windows.get(key) === loading) windows.delete(key);
        });
      }
      return entry;
    },
    invalidate(key) {
      windows.delete(key);
    },
    invalidateAll() {
      windows.clear();
    },
  };
}
