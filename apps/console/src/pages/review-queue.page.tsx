import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { KindBadge } from '../features/policies/KindBadge/KindBadge';
import { StatusBadge } from '../features/policies/StatusBadge/StatusBadge';
import { useLanguage } from '../i18n/use-language';
import { useTRPC, type RouterOutputs } from '../lib/trpc';

type Summary = RouterOutputs['policies']['list'][number];

function QueueTable({ rows, status }: { rows: Summary[]; status: 'in_review' | 'approved' }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const entries = rows.flatMap((s) =>
    s.pending.filter((p) => p.status === status).map((p) => ({ summary: s, version: p.version })),
  );
  if (entries.length === 0)
    return (
      <Text c="dimmed" size="sm">
        {t('review.empty')}
      </Text>
    );
  return (
    <Table highlightOnHover>
      <Table.Tbody>
        {entries.map(({ summary, version }) => (
          <Table.Tr key={`${summary.policy.key}-${version}`}>
            <Table.Td>
              <Anchor component={Link} to={`/review/${summary.policy.key}/${version}`} fw={500} size="sm">
                {pick(summary.policy.title)} · {t('common.versionN', { version })}
              </Anchor>
              <Text size="xs" c="dimmed" ff="monospace">
                {summary.policy.key}
              </Text>
            </Table.Td>
            <Table.Td>
              <KindBadge kind={summary.policy.kind} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{pick(summary.policy.owner)}</Text>
            </Table.Td>
            <Table.Td>
              <StatusBadge status={status} />
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/review/${summary.policy.key}/${version}`} size="sm">
                {t('review.open')}
              </Anchor>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Versions waiting for a reviewer: in review (approve or send back) and approved (publish). */
export function ReviewQueuePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const inReview = useQuery(trpc.policies.list.queryOptions({ status: 'in_review' }));
  const approved = useQuery(trpc.policies.list.queryOptions({ status: 'approved' }));
  return (
    <>
      <PageHeader title={t('review.title')} subtitle={t('review.subtitle')} />
      <Stack gap="md">
        <Card>
          <Group gap="xs" mb="xs">
            <Title order={2} size="h4">
              {t('review.inReview')}
            </Title>
            <Badge variant="light" color="orange">
              {inReview.data?.reduce(
                (n, s) => n + s.pending.filter((p) => p.status === 'in_review').length,
                0,
              ) ?? 0}
            </Badge>
          </Group>
          <QueryState query={inReview}>{(rows) => <QueueTable rows={rows} status="in_review" />}</QueryState>
        </Card>
        <Card>
          <Group gap="xs" mb="xs">
            <Title order={2} size="h4">
              {t('review.approved')}
            </Title>
            <Badge variant="light" color="teal">
              {approved.data?.reduce(
                (n, s) => n + s.pending.filter((p) => p.status === 'approved').length,
                0,
              ) ?? 0}
            </Badge>
          </Group>
          <QueryState query={approved}>{(rows) => <QueueTable rows={rows} status="approved" />}</QueryState>
        </Card>
      </Stack>
    </>
  );
}
