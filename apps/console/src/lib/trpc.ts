/**
 * The console's one tRPC client: typed by the server's router (a type-only import), batched over
 * `/trpc`, authenticated by the session module, and bound to TanStack Query through
 * `@trpc/tanstack-react-query` (`useTRPC()` gives `queryOptions` / `mutationOptions` factories).
 *
 * @example
 * const trpc = useTRPC();
 * const policies = useQuery(trpc.policies.list.queryOptions({ kind: 'scorecard' }));
 */
import type { AppRouter } from '@precept/server';
import { QueryCache, QueryClient, MutationCache } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { getSessionUser, sessionHeaders, setSessionUser } from '../features/session/session-store';
import { readError } from './errors';

/** Inputs of every procedure, by path: `RouterInputs['policies']['list']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Outputs of every procedure, by path: `RouterOutputs['policies']['get']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** Provider, hooks and client access of the typed tRPC context. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** A tRPC client for the server the console was served from (or `baseUrl`). */
export function createTrpcClient(baseUrl = ''): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl}/trpc`,
        maxItems: 20,
        // Queries too go as POST: facts and personal values never sit in a URL (proxy and access logs).
        methodOverride: 'POST',
        headers: () => sessionHeaders(),
        fetch: (url, options) => fetch(url, { ...options, credentials: 'include' }),
      }),
    ],
  });
}

const NO_RETRY = new Set([
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'FACTS_INVALID',
  'LIMIT',
  'RATE_LIMITED',
]);

/** A failed call that says the session is gone signs the console out (the router then asks to sign in). */
function signOutOnUnauthorized(error: unknown): void {
  if (readError(error).code === 'UNAUTHORIZED' && getSessionUser()?.method === 'password')
    setSessionUser(null);
}

/**
 * The query client: no retries for errors a retry cannot fix, a short stale time so lists feel
 * live without refetching on every focus.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: signOutOnUnauthorized }),
    mutationCache: new MutationCache({ onError: signOutOnUnauthorized }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !NO_RETRY.has(readError(error).code) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}
