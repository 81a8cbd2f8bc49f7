import { defineProject } from 'vitest/config';
import { sourceResolve } from '../../vitest.shared.js';

export default defineProject({
  ...sourceResolve,
  test: {
    name: 'rules',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Property and differential tests are CPU-bound; under CI's parallel tasks on 2 cores the
    // default 5 s is a timing assertion in disguise.
    testTimeout: 60_000,
  },
});
