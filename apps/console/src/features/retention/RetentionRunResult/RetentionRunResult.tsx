import { Alert, Badge, List, Table, Text } from '@mantine/core';
import type { RetentionRun } from '@precept/schema';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../lib/format';

const ACTION_COLOR = { dropped: 'red', purged: 'orange', kept: 'gray' } as const;

/**
 * What a retention run did to each month that has ended: dropped it whole, purged some policies'
 * rows, or kept it — with the rows deleted per policy and every reason something was kept.
 */
export function RetentionRunResult({
  run,
  policyTitle,
  onClose,
}: {
  run: RetentionRun;
  policyTitle: (key: string) => string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const deleted = run.steps.reduce((sum, step) => sum + step.deleted.reduce((s, d) => s + d.rows, 0), 0);
  return (
    <Alert
      color={deleted > 0 ? 'orange' : 'teal'}
      icon={<IconTrash size={18} />}
      title={t('retention.runResult', { at: format.dateTime(run.ranAt) })}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      data-testid="retention-run"
    >
      <Text size="sm" mb="xs">
        {run.steps.length === 0
          ? t('retention.runNothing')
          : t('retention.runSummary', { months: run.steps.length, rows: format.number(deleted) })}
      </Text>
      {run.steps.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={4} withRowBorders={false}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={170}>{t('retention.month')}</Table.Th>
                <Table.Th w={120}>{t('retention.action')}</Table.Th>
                <Table.Th>{t('retention.deleted')}</Table.Th>
                <Table.Th>{t('retention.reasons')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {run.steps.map((step) => (
                <Table.Tr key={step.partition} data-action={step.action}>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {step.partition}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={ACTION_COLOR[step.action]}>
                      {t(`retention.runAction.${step.action}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {step.deleted.length === 0
                      ? '—'
                      : step.deleted.map((d) => (
                          <Text key={d.policyKey} size="xs">
                            {t('retention.deletedRows', {
                              policy: policyTitle(d.policyKey),
                              rows: format.number(d.rows),
                            })}
                          </Text>
                        ))}
                  </Table.Td>
                  <Table.Td>
                    {step.reasons.length === 0 ? (
                      '—'
                    ) : (
                      <List size="xs" spacing={0}>
                        {step.reasons.map((reason) => (
                          <List.Item key={reason}>{reason}</List.Item>
                        ))}
                      </List>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Alert>
  );
}
