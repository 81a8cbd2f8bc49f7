import { Alert, Anchor, Button, Group, List, Stack, Text } from '@mantine/core';
import type { AppErrorCode } from '@precept/schema';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import { errorHint, errorTitle, readError, translateIssue, type ConsoleError } from '../../../lib/errors';
import { describePath } from '../describe-path';

/** Moves focus to the input of a path, if the form shows one. */
export function focusPath(path: string): boolean {
  const element = document.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`);
  if (!element) return false;
  element.scrollIntoView({ block: 'center', behavior: 'smooth' });
  element.focus({ preventScroll: true });
  return true;
}

/**
 * An error explained: what happened in the reader's language, what to do, the server's message,
 * and each issue with its place in the document (a link to the field when the form shows it).
 * A `CONFLICT` offers a reload when `onReload` is given; `hints` replace the general advice for
 * codes whose cause the place knows (dual control rather than separation of duties, say).
 */
export function ErrorAlert({
  error,
  document,
  onReload,
  onClose,
  title,
  hints,
}: {
  error: unknown;
  /** The document the issue paths point into, to name elements by their titles. */
  document?: unknown;
  onReload?: () => void;
  onClose?: () => void;
  title?: string;
  /** What to do next, by error code, where this place knows better than the general hint. */
  hints?: Partial<Record<AppErrorCode, string>>;
}) {
  const { t, i18n } = useTranslation();
  const { textLanguage } = useLanguage();
  if (error === null || error === undefined) return null;
  const data: ConsoleError = readError(error);
  const issues = data.issues ?? [];
  return (
    <Alert
      color={data.code === 'CONFLICT' ? 'orange' : 'red'}
      icon={<IconAlertTriangle size={18} />}
      title={title ?? errorTitle(data, t)}
      withCloseButton={Boolean(onClose)}
      onClose={onClose}
      closeButtonLabel={t('common.close')}
      role="alert"
      data-error-code={data.code}
    >
      <Stack gap={6}>
        <Text size="sm">{hints?.[data.code] ?? errorHint(data, t)}</Text>
        {data.message && !data.isNetwork && (
          <Text size="sm" c="dimmed">
            {data.message}
          </Text>
        )}
        {data.errorId && (
          <Text size="xs" c="dimmed" ff="monospace">
            {t('errors.errorId', { id: data.errorId })}
          </Text>
        )}
        {issues.length > 0 && (
          <>
            <Text size="sm" fw={500}>
              {t('errors.issueCount', { count: issues.length })}
            </Text>
            <List size="sm" spacing={2}>
              {issues.slice(0, 50).map((issue, index) => (
                <List.Item key={`${issue.path}-${index}`}>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    onClick={() => focusPath(issue.path)}
                    title={issue.path}
                  >
                    {describePath(issue.path, t, textLanguage, document)}
                  </Anchor>
                  {t('common.colon')}
                  {translateIssue(issue, t, i18n.language)}
                </List.Item>
              ))}
            </List>
          </>
        )}
        {data.code === 'CONFLICT' && onReload && (
          <Group>
            <Button
              size="xs"
              variant="white"
              color="orange"
              leftSection={<IconRefresh size={14} />}
              onClick={onReload}
            >
              {t('common.reload')}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
