import { Alert, Button, Group, Text } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * Explains an optimistic-lock conflict: someone else saved the draft since it was opened. Offers to
 * load their version (dropping local edits) or to keep editing (the next save will be refused again).
 */
export function ConflictAlert({
  lockVersion,
  onReload,
  onDismiss,
}: {
  lockVersion: number | null;
  onReload: () => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      color="orange"
      icon={<IconGitMerge size={18} />}
      title={t('draft.conflictTitle')}
      role="alert"
      data-error-code="CONFLICT"
    >
      <Text size="sm">{t('draft.conflictBody', { lock: lockVersion ?? '?' })}</Text>
      <Group mt="sm" gap="xs">
        <Button size="xs" color="orange" onClick={onReload}>
          {t('draft.reloadLatest')}
        </Button>
        <Button size="xs" variant="default" onClick={onDismiss}>
          {t('draft.keepMine')}
        </Button>
      </Group>
    </Alert>
  );
}
