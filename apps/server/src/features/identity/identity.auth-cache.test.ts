import { describe, expect, it } from 'vitest';
import { createAuthCache } from './identity.auth-cache.js';

type Step =
  | ['set', string, string, number]
  | ['setStale', string, string, number]
  | ['get', string, number]
  | ['delete', string]
  | ['forget', string]
  | ['clear'];

describe('the authentication cache', () => {
  it.each<[string, Step[], Record<string, boolean>]>([
    ['answers a fresh entry', [['set', 'a', 'key:1', 0]], { a: true }],
    [
      'drops an entry at its time to live',
      [
        ['set', 'a', 'key:1', 0],
        ['get', 'a', 10_000],
      ],
      { a: false },
    ],
    [
      'evicts the least recently used beyond its size',
      [
        ['set', 'a', 'key:1', 0],
        ['set', 'b', 'key:2', 0],
        ['get', 'a', 1],
        ['set', 'c', 'key:3', 1],
      ],
      { a: true, b: false, c: true },
    ],
    [
      'forgets every entry of an owner',
      [
        ['set', 'a', 'user:x', 0],
        ['set', 'b', 'user:y', 0],
        ['forget', 'user:x'],
      ],
      { a: false, b: true },
    ],
    [
      'forgets one credential',
      [
        ['set', 'a', 'key:1', 0],
        ['delete', 'a'],
      ],
      { a: false },
    ],
    ['forgets everything', [['set', 'a', 'key:1', 0], ['clear']], { a: false }],
    [
      'refuses an answer looked up before a forget (it may be stale)',
      [['setStale', 'a', 'key:1', 0]],
      { a: false },
    ],
  ])('%s', (_name, steps, expected) => {
    const cache = createAuthCache<string>({ maxEntries: 2, ttlMs: 10_000 });
    for (const step of steps) {
      if (step[0] === 'set') cache.set(step[1], 'auth', step[2], step[3], cache.generation());
      if (step[0] === 'setStale') {
        const generation = cache.generation();
        cache.forgetOwner(step[2]);
        cache.set(step[1], 'auth', step[2], step[3], generation);
      }
      if (step[0] === 'get') cache.get(step[1], step[2]);
      if (step[0] === 'delete') cache.delete(step[1]);
      if (step[0] === 'forget') cache.forgetOwner(step[1]);
      if (step[0] === 'clear') cache.clear();
    }
    const present = Object.fromEntries(
      Object.keys(expected).map((hash) => [hash, cache.get(hash, 5_000) !== undefined]),
    );
    expect(present).toEqual(expected);
  });
});
