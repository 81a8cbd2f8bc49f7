import { Alert } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';

/** Users and API keys: arrives with identity management; says so until then. */
export function AdminPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('admin.title')} subtitle={t('admin.subtitle')} />
      <Alert icon={<IconInfoCircle size={18} />} color="brand" variant="light">
        {t('admin.pending')}
      </Alert>
    </>
  );
}
