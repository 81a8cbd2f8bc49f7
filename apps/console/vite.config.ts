// Vite config of the console. `@precept/source` first among the resolve conditions so workspace
// packages (`@precept/schema`) are bundled from their TypeScript sources, never a stale `dist`.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { sourceResolve } from '../../vitest.shared.js';
import { precompress } from './vite-precompress.js';

/** The API server the dev server proxies to (`pnpm dev` runs both). */
const apiTarget = 'http://127.0.0.1:3000';

export default defineConfig({
  ...sourceResolve,
  plugins: [react(), precompress()],
  server: {
    port: 5173,
    proxy: {
      '/trpc': apiTarget,
      '/api': apiTarget,
      '/healthz': apiTarget,
      '/readyz': apiTarget,
      '/metrics': apiTarget,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
