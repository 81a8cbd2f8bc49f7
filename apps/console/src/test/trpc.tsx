// Component tests of components that call the server: a tRPC client whose one link answers each
// procedure from a function of the test (the server's behaviour the test is about), with the real
// tRPC and TanStack Query machinery in between; rendered inside the usual providers.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, type TRPCLink } from '@trpc/client';
import type { AppRouter } from '@precept/server';
import { observable } from '@trpc/server/observable';
import type { ReactElement } from 'react';
import { TRPCProvider } from '../lib/trpc';
import { renderWithProviders, type TestRenderOptions } from './render';

/** What each procedure answers, by path (`impact.cases`); a call to any other path fails the test. */
export type Answers = Record<string, (input: unknown) => unknown>;

/** A link that answers from `answers` and records every call. */
function answeringLink(answers: Answers, calls: { path: string; input: unknown }[]): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        const answer = answers[op.path];
        Promise.resolve()
          .then(() => {
            if (!answer) throw new Error(`unexpected call to ${op.path}`);
            return answer(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: 'data', data } });
              observer.complete();
            },
            (error: unknown) => observer.error(error as never),
          );
      });
}

/** Renders `ui` with a tRPC client answering from `answers`; returns the render result and the calls made. */
export function renderWithTrpc(ui: ReactElement, answers: Answers, options?: TestRenderOptions) {
  const calls: { path: string; input: unknown }[] = [];
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const trpcClient = createTRPCClient<AppRouter>({ links: [answeringLink(answers, calls)] });
  const result = renderWithProviders(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {ui}
      </TRPCProvider>
    </QueryClientProvider>,
    options,
  );
  return { ...result, calls };
}
