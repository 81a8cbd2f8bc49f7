import { defineProject } from 'vitest/config';
import { sourceResolve } from '../../vitest.shared.js';

export default defineProject({
  ...sourceResolve,
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./src/test/global-setup.ts'],
    // Every test starts a server on its own database copy (PGlite in WebAssembly, or PostgreSQL).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
