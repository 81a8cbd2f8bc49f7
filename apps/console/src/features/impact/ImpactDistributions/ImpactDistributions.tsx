import { BarChart } from '@mantine/charts';
import { Card, SimpleGrid, Stack, Table, Title } from '@mantine/core';
import type { ImpactSummary } from '@precept/schema';
import { useTranslation } from 'react-i18next';
import { useFormatters, type Formatters } from '../../../lib/format';

type Distribution = ImpactSummary['distributions'][number];

/** The bins of a distribution as chart rows: `80–85` with the decisions before and after in it. */
export function histogramRows(
  distribution: Distribution,
  format: Pick<Formatters, 'number'>,
): { bin: string; before: number; after: number }[] {
  return distribution.beforeCounts.map((before, i) => ({
    bin: `${format.number(distribution.edges[i] ?? 0)}–${format.number(distribution.edges[i + 1] ?? 0)}`,
    before,
    after: distribution.afterCounts[i] ?? 0,
  }));
}

const STATS = ['mean', 'median', 'p10', 'p90'] as const;

/** One number before and after: a histogram on shared bins (Mantine Charts) and its statistics in a table. */
function DistributionCard({ distribution, name }: { distribution: Distribution; name: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const show = (value: number | null) => (value === null ? '—' : format.number(value));
  return (
    <Card withBorder data-testid="distribution" data-field={distribution.field}>
      <Stack gap="xs">
        <Title order={4} size="h5">
          {name}
        </Title>
        <figure aria-label={t('impact.histogramLabel', { field: name })} style={{ margin: 0 }}>
          <BarChart
            h={200}
            data={histogramRows(distribution, format)}
            dataKey="bin"
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            tickLine="y"
            valueFormatter={(value) => format.number(value)}
            series={[
              { name: 'before', label: t('impact.before'), color: 'gray.5' },
              { name: 'after', label: t('impact.after'), color: 'brand.6' },
            ]}
          />
        </figure>
        <Table withTableBorder fz="xs" data-testid="distribution-stats">
          <Table.Caption>{t('impact.statsCaption', { field: name })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              {STATS.map((stat) => (
                <Table.Th key={stat} ta="right">
                  {t(`impact.stats.${stat}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(['before', 'after'] as const).map((side) => (
              <Table.Tr key={side} data-side={side}>
                <Table.Th scope="row">{t(`impact.${side}`)}</Table.Th>
                {STATS.map((stat) => (
                  <Table.Td key={stat} ta="right">
                    {show(distribution[side][stat])}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

/** The distributions of the outcome's numbers (a scorecard's total, a checklist's percent…) before and after. */
export function ImpactDistributions({
  distributions,
  field,
}: {
  distributions: ImpactSummary['distributions'];
  field: (field: string) => string;
}) {
  if (distributions.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, md: distributions.length > 1 ? 2 : 1 }}>
      {distributions.map((d) => (
        <DistributionCard key={d.field} distribution={d} name={field(d.field)} />
      ))}
    </SimpleGrid>
  );
}
