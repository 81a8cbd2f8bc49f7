// Shared vitest settings: resolve workspace packages to their TypeScript sources (the
// `@precept/source` export condition) so tests never run against a stale build.
import { defaultClientConditions, defaultServerConditions } from 'vite';
import type { UserConfig } from 'vite';

/** Resolve conditions that prefer a workspace package's `src` over its `dist`. */
export const sourceResolve: Pick<UserConfig, 'resolve' | 'ssr'> = {
  resolve: { conditions: ['@precept/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@precept/source', ...defaultServerConditions] } },
};
