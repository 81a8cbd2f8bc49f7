import { MantineProvider, mergeThemeOverrides } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { createQueryClient, createTrpcClient, TRPCProvider } from '../lib/trpc';
import { cssVariablesResolver, theme } from '../theme';

/** The theme with labels that follow the language (close and clear buttons). */
function LocalizedMantine({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const localized = useMemo(
    () =>
      mergeThemeOverrides(theme, {
        components: {
          Notification: { defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } },
          // Every close and clear button gets a name screen readers can say (axe: button-name).
          Modal: { defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } },
          Select: { defaultProps: { clearButtonProps: { 'aria-label': t('controls.clear') } } },
          MultiSelect: { defaultProps: { clearButtonProps: { 'aria-label': t('controls.clear') } } },
          FileInput: { defaultProps: { clearButtonProps: { 'aria-label': t('controls.clear') } } },
        },
      }),
    [t],
  );
  return (
    <MantineProvider theme={localized} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      {children}
    </MantineProvider>
  );
}

/** Everything a page needs around it: theme, notifications, i18n, TanStack Query and the tRPC client. */
export function AppProviders({ i18n, children }: { i18n: I18n; children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() => createTrpcClient());
  return (
    <I18nextProvider i18n={i18n}>
      <LocalizedMantine>
        <Notifications position="top-right" limit={4} />
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            {children}
          </TRPCProvider>
        </QueryClientProvider>
      </LocalizedMantine>
    </I18nextProvider>
  );
}
