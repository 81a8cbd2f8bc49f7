import { defineProject } from 'vitest/config';
import { sourceResolve } from '../../vitest.shared.js';

export default defineProject({
  ...sourceResolve,
  test: {
    name: 'cli',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The bin test runs the compiled CLI: build it once before the files run.
    globalSetup: ['test/build-once.ts'],
    // Two in-process servers on PGlite (seeding, first users) take a while on a shared machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
