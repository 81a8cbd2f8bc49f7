// A deterministic pseudo-random source: the same seed always yields the same generated policies and
// facts, so two bench runs measure the same work and a mismatch found once can be found again.

/** A seeded source of pseudo-random values. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** A random subset of a list, order kept. */
  subset<T>(list: readonly T[], p?: number): T[];
}

/**
 * A mulberry32 generator (32-bit state, well mixed, fast) with helpers.
 *
 * @example
 * const random = createRandom(42);
 * random.int(1, 6); // the same roll on every run
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(list: readonly T[]): T => {
      if (list.length === 0) throw new Error('pick from an empty list');
      return list[int(0, list.length - 1)]!;
    },
    subset: <T>(list: readonly T[], p = 0.5): T[] => list.filter(() => next() < p),
  };
}
