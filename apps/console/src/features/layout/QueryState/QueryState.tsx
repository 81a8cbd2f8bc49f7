import { Center, Loader, Stack, Text } from '@mantine/core';
import type { AppErrorCode } from '@precept/schema';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../errors/ErrorAlert/ErrorAlert';

/**
 * Renders a query's data, or a loader while it loads, or its error explained (with a retry).
 *
 * @example
 * <QueryState query={policies}>{(list) => <PolicyTable policies={list} />}</QueryState>
 */
export function QueryState<T>({
  query,
  children,
  minHeight = 120,
  hints,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  children: (data: T) => ReactNode;
  minHeight?: number;
  /** Advice by error code where the page knows the cause better (see `ErrorAlert`). */
  hints?: Partial<Record<AppErrorCode, string>>;
}) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <Center mih={minHeight} aria-busy="true">
        <Stack align="center" gap={6}>
          <Loader size="sm" />
          <Text size="xs" c="dimmed">
            {t('common.loading')}
          </Text>
        </Stack>
      </Center>
    );
  }
  if (query.error)
    return <ErrorAlert error={query.error} hints={hints} onReload={() => void query.refetch()} />;
  return <>{query.data === undefined ? null : children(query.data)}</>;
}
