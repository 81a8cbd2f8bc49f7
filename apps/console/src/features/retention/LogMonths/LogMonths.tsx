import { Badge, Table, Text } from '@mantine/core';
import type { LegalHold, RetentionOverview } from '@precept/schema';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import { useFormatters } from '../../../lib/format';
import { useBusinessTimeZone } from '../../../lib/time-zone';
import { useHoldScope } from '../HoldsTable/HoldsTable';

type Partition = RetentionOverview['partitions'][number];

/**
 * Where a month of the log stands: yet to come (prepared ahead), the current one, kept for its
 * period, held by a legal hold, or expired and due for deletion at the next run.
 */
export type MonthState = 'upcoming' | 'open' | 'retained' | 'held' | 'due';

/** The state of a month at `now`. */
export function monthStateOf(
  partition: Pick<Partition, 'from' | 'expiresAt' | 'heldBy'>,
  now: Date,
): MonthState {
  if (Date.parse(partition.from) > now.getTime()) return 'upcoming';
  if (partition.expiresAt === null) return 'open';
  if (Date.parse(partition.expiresAt) > now.getTime())
    return partition.heldBy.length > 0 ? 'held' : 'retained';
  return partition.heldBy.length > 0 ? 'held' : 'due';
}

const STATE_COLOR: Record<MonthState, string> = {
  upcoming: 'gray',
  open: 'blue',
  retained: 'teal',
  held: 'red',
  due: 'orange',
};

/**
 * The months of the decision log (one partition each): how many decisions, when every policy's
 * retention has passed for the month, and which holds keep it.
 */
export function LogMonths({
  partitions,
  holds,
  policyTitle,
  now = new Date(),
}: {
  partitions: Partition[];
  holds: LegalHold[];
  policyTitle: (key: string) => string;
  now?: Date;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const format = useFormatters();
  const timeZone = useBusinessTimeZone();
  const scopeOf = useHoldScope(policyTitle);
  const byId = new Map(holds.map((h) => [h.id, h]));
  const month = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', timeZone });
  // A month starts at midnight of its first day; a moment later is inside it in any zone east of UTC.
  const monthOf = (partition: Partition) =>
    month.format(new Date(Date.parse(partition.from) + 12 * 3_600_000));
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing={6} data-testid="log-months">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={140}>{t('retention.month')}</Table.Th>
            <Table.Th w={110} ta="right">
              {t('retention.rows')}
            </Table.Th>
            <Table.Th w={170}>{t('retention.expiresAt')}</Table.Th>
            <Table.Th w={140}>{t('retention.status')}</Table.Th>
            <Table.Th>{t('retention.heldBy')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {partitions.map((partition) => {
            const state = monthStateOf(partition, now);
            return (
              <Table.Tr key={partition.name} data-partition={partition.name} data-state={state}>
                <Table.Td>
                  <Text size="sm">{monthOf(partition)}</Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {partition.name}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{format.number(partition.rows)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{partition.expiresAt ? format.date(partition.expiresAt) : '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={STATE_COLOR[state]}>
                    {t(`retention.monthState.${state}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {partition.heldBy.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  ) : (
                    partition.heldBy.map((id) => {
                      const hold = byId.get(id);
                      const scope = hold ? scopeOf(hold) : undefined;
                      return (
                        <Text key={id} size="xs">
                          {scope ? `${scope.policy} · ${scope.range}` : id}
                        </Text>
                      );
                    })
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
