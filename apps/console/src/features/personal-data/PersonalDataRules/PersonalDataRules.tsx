import { Alert, List, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * How the decision log treats the fields marked personal, in four sentences: stored in clear only
 * when the deciding version reads the field, a keyed pseudonym otherwise; shown to auditors only;
 * found by value through the pseudonym; never unmarked.
 */
export function PersonalDataRules({ count }: { count: number }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="grape"
      variant="light"
      icon={<IconLock size={18} />}
      title={t('personalData.rulesTitle', { count })}
      data-testid="personal-data-rules"
    >
      <List size="sm" spacing={2}>
        <List.Item>{t('personalData.ruleStored')}</List.Item>
        <List.Item>{t('personalData.ruleShown')}</List.Item>
        <List.Item>{t('personalData.ruleFound')}</List.Item>
        <List.Item>{t('personalData.ruleKept')}</List.Item>
      </List>
      {count === 0 && (
        <Text size="sm" mt={6} c="dimmed">
          {t('personalData.noneMarked')}
        </Text>
      )}
    </Alert>
  );
}
