import type { ImpactReport } from '@precept/schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '../../lib/trpc';

/** The windows offered, in months back from now (the server allows at most 731 days). */
export const IMPACT_WINDOWS = [3, 6, 12, 24] as const;
/** The default window: the last 12 months, as the server's own default. */
export const DEFAULT_IMPACT_WINDOW = 12;
/** How often a running report's progress is read. */
const POLL_MS = 1000;

/** `[from, to)` of the last `months` months up to `now`, as ISO instants. */
export function impactWindow(months: number, now: Date = new Date()): { from: string; to: string } {
  const from = new Date(now);
  from.setUTCMonth(from.getUTCMonth() - months);
  return { from: from.toISOString(), to: now.toISOString() };
}

/** What the Impact tab works with: the newest report of a version (polled while it runs), run and cancel. */
export interface ImpactController {
  /** The newest report: undefined while loading, null when none has run. */
  report: ImpactReport | null | undefined;
  /** The `impact.latest` query (loading and error state). */
  latest: { data: unknown; error: unknown; isPending: boolean; refetch: () => unknown };
  run: (months: number) => void;
  cancel: () => void;
  isStarting: boolean;
  isCancelling: boolean;
  /** Why the last run or cancel was refused. */
  error: unknown;
}

/**
 * The logic of the Impact tab: reads `impact.latest`, polls `impact.get` every second while the
 * report runs, and, when it ends, refreshes what depends on it (the latest report, the version).
 */
export function useImpactReport(policyKey: string, version: number): ImpactController {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const latest = useQuery(trpc.impact.latest.queryOptions({ policyKey, version }));
  const [startedId, setStartedId] = useState<string | null>(null);
  const id = startedId ?? latest.data?.id ?? null;
  const polled = useQuery({
    ...trpc.impact.get.queryOptions({ id: id ?? '' }),
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? POLL_MS : false),
  });
  const report = polled.data ?? latest.data;

  // A run that ends (here or on another instance) changes what `latest` and the version say.
  const wasRunning = useRef(false);
  const status = report?.status;
  useEffect(() => {
    if (status === 'running') wasRunning.current = true;
    else if (wasRunning.current && status !== undefined) {
      wasRunning.current = false;
      void queryClient.invalidateQueries(trpc.impact.latest.queryFilter({ policyKey, version }));
    }
  }, [status, queryClient, trpc, policyKey, version]);

  const onStarted = (started: ImpactReport) => {
    queryClient.setQueryData(trpc.impact.get.queryKey({ id: started.id }), started);
    setStartedId(started.id);
    void queryClient.invalidateQueries(trpc.impact.latest.queryFilter({ policyKey, version }));
  };
  const start = useMutation(trpc.impact.run.mutationOptions({ onSuccess: onStarted }));
  const stop = useMutation(trpc.impact.cancel.mutationOptions({ onSuccess: onStarted }));

  return {
    report: latest.isPending && polled.data === undefined ? undefined : (report ?? null),
    latest,
    run: (months) => {
      stop.reset();
      start.mutate({ policyKey, version, ...impactWindow(months) });
    },
    cancel: () => {
      if (report?.status === 'running') stop.mutate({ id: report.id });
    },
    isStarting: start.isPending,
    isCancelling: stop.isPending,
    error: start.error ?? stop.error,
  };
}
