import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

/** Exports an evidence package of a range of days; disabled, saying why, until both ends are chosen. */
export function ExportEvidenceButton({
  range,
  label,
  pending,
  onExport,
  style,
}: {
  range: { from?: string; to?: string };
  label: string;
  pending: boolean;
  onExport: () => void;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const incomplete = range.from === undefined || range.to === undefined;
  return (
    <Button
      variant="light"
      leftSection={<IconDownload size={16} />}
      style={style}
      disabled={incomplete}
      title={incomplete ? t('decisions.exportNeedsRange') : undefined}
      loading={pending}
      onClick={onExport}
    >
      {label}
    </Button>
  );
}
