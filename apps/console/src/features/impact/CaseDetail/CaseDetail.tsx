import { Badge, Card, Code, Group, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconEyeOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { OutcomeView } from '../../evaluation/OutcomeView/OutcomeView';
import { QueryState } from '../../layout/QueryState/QueryState';
import { FactsJson } from '../../personal-data/FactsJson/FactsJson';
import type { ImpactLabels } from '../use-impact-labels';

/**
 * A changed value's path as a reader says it, in the console's language: each element by its title
 * in place of its list, each key by its label, a position after its list's label —
 * `$.lines[complaints].points` → `客户投诉 › 分值`, `$.categories[1].points` → `类别 2 › 分值`.
 */
export function readablePath(path: string, labels: Pick<ImpactLabels, 'element' | 'outcomeKey'>): string {
  const parts: string[] = [];
  for (const [, key, index] of path.matchAll(/\.([^.[\]]+)|\[([^\]]+)\]/g)) {
    if (key !== undefined) parts.push(labels.outcomeKey(key));
    else if (/^\d+$/.test(index!)) parts.push(`${parts.pop() ?? ''} ${Number(index) + 1}`.trim());
    else {
      parts.pop();
      parts.push(labels.element(index!));
    }
  }
  return parts.join(' › ');
}

const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));

/**
 * One changed decision (`impact.case`): what changes, value by value; both outcomes side by side;
 * and the facts as the server returns them to this reader (personal values masked by role).
 */
export function CaseDetail({
  reportId,
  decisionId,
  version,
  baselineVersion,
  labels,
  onClose,
}: {
  reportId: string;
  decisionId: string;
  version: number;
  baselineVersion: number | null;
  labels: Pick<ImpactLabels, 'verdict' | 'element' | 'outcomeKey'>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const trpc = useTRPC();
  const detail = useQuery(trpc.impact.case.queryOptions({ id: reportId, decisionId }));
  return (
    <Modal opened onClose={onClose} size="90rem" title={t('impact.caseTitle', { id: decisionId })}>
      <QueryState query={detail}>
        {(d) => (
          <Stack gap="md" data-testid="impact-case">
            <Group gap="xs">
              <Badge variant="light" color="gray" tt="none">
                {labels.verdict(d.case.verdictBefore)}
              </Badge>
              <Text span>→</Text>
              <Badge variant="light" color="orange" tt="none">
                {labels.verdict(d.case.verdictAfter)}
              </Badge>
              <Text size="sm" c="dimmed">
                {t('impact.recordedAt')}: {format.dateTime(d.case.recordedAt)} · {t('impact.asOf')}:{' '}
                {format.effective(d.case.asOf)}
              </Text>
            </Group>
            <div>
              <Title order={3} size="h5" mb={4}>
                {t('impact.caseChanges')}
              </Title>
              <Table.ScrollContainer minWidth={480}>
                <Table withTableBorder data-testid="case-changes">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('impact.path')}</Table.Th>
                      <Table.Th>{t('impact.valueBefore')}</Table.Th>
                      <Table.Th>{t('impact.valueAfter')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.case.changes.map((change) => (
                      <Table.Tr key={change.path} data-path={change.path}>
                        <Table.Td>
                          <Code>{readablePath(change.path, labels)}</Code>
                        </Table.Td>
                        <Table.Td>{show(change.before)}</Table.Td>
                        <Table.Td>{show(change.after)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </div>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Card withBorder data-testid="outcome-before">
                <Title order={3} size="h5" mb="xs">
                  {baselineVersion === null
                    ? t('impact.outcomeBeforeOwn')
                    : t('impact.outcomeBefore', { version: baselineVersion })}
                </Title>
                <OutcomeView outcome={d.before} />
              </Card>
              <Card withBorder data-testid="outcome-after">
                <Title order={3} size="h5" mb="xs">
                  {t('impact.outcomeAfter', { version })}
                </Title>
                <OutcomeView outcome={d.after} />
              </Card>
            </SimpleGrid>
            <div>
              <Group gap="xs" mb={4}>
                <Title order={3} size="h5">
                  {t('impact.caseFacts')}
                </Title>
                {d.masked && (
                  <Badge
                    color="gray"
                    variant="light"
                    leftSection={<IconEyeOff size={12} />}
                    tt="none"
                    data-testid="case-masked"
                  >
                    {t('impact.caseMasked')}
                  </Badge>
                )}
              </Group>
              <FactsJson value={d.facts} testId="case-facts" />
            </div>
          </Stack>
        )}
      </QueryState>
    </Modal>
  );
}
