// Component tests (jsdom) and browser tests (`e2e/`, real Chromium, node environment) in one
// project, so the root test command runs both. The e2e files choose their environment in a docblock.
import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';
import { sourceResolve } from '../../vitest.shared.js';

export default defineProject({
  ...sourceResolve,
  plugins: [react()],
  test: {
    name: 'console',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'e2e/**/*.e2e.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    testTimeout: 30_000,
    hookTimeout: 240_000,
    // A browser step polls as long as the pages themselves wait (20 s), not expect.poll's default
    // second, which a busy machine can miss between a navigation and its render.
    expect: { poll: { timeout: 20_000 } },
  },
});
