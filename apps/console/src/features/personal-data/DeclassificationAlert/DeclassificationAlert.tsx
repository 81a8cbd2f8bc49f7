import { Alert, Button, Stack, Text } from '@mantine/core';
import type { Subject } from '@precept/schema';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { FieldPathList } from '../FieldPathList/FieldPathList';

/**
 * Personal fields a new subject version would unmark: before saving a warning, after the server
 * refused (`refused`) the refusal itself — each field by its label and path, and a button that
 * marks them personal again.
 */
export function DeclassificationAlert({
  paths,
  subject,
  refused,
  onRemark,
}: {
  paths: readonly string[];
  subject: Subject | undefined;
  refused: boolean;
  onRemark: () => void;
}) {
  const { t } = useTranslation();
  if (paths.length === 0) return null;
  return (
    <Alert
      color={refused ? 'red' : 'orange'}
      icon={<IconLock size={18} />}
      title={refused ? t('personalData.refusedTitle') : t('personalData.unmarkTitle')}
      data-testid="declassification"
    >
      <Stack gap={6}>
        <Text size="sm">{t('personalData.unmarkBody')}</Text>
        <FieldPathList paths={paths} subject={subject} />
        <div>
          <Button size="xs" variant="white" color={refused ? 'red' : 'orange'} onClick={onRemark}>
            {t('personalData.remark')}
          </Button>
        </div>
      </Stack>
    </Alert>
  );
}
