import {
  Anchor,
  Badge,
  Card,
  Grid,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { POLICY_KINDS } from '@precept/schema';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuditLabels } from '../features/audit/use-audit-labels';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { KIND_COLOR } from '../features/policies/KindBadge/KindBadge';
import { StatusBadge } from '../features/policies/StatusBadge/StatusBadge';
import { hasRole, useSessionUser } from '../features/session/session-store';
import { useLanguage } from '../i18n/use-language';
import { useFormatters } from '../lib/format';
import { useTRPC } from '../lib/trpc';
import { useOutcomeSummary } from './decisions.page';

function Panel({ title, to, children }: { title: string; to?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card h="100%">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        {to && (
          <Anchor component={Link} to={to} size="xs">
            {t('dashboard.viewAll')}
          </Anchor>
        )}
      </Group>
      {children}
    </Card>
  );
}

function Metric({ label, value, color }: { label: string; value: number; color: string }) {
  return (
    <Card p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz={26} c={color} lh={1.2}>
        {value}
      </Text>
    </Card>
  );
}

/** The dashboard: policies by kind and status, what waits for me, what takes effect soon, recent decisions and changes. */
export function DashboardPage() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const format = useFormatters();
  const auditLabels = useAuditLabels();
  const trpc = useTRPC();
  const user = useSessionUser();
  const summarize = useOutcomeSummary();
  const canAudit = hasRole(user, 'auditor', 'admin');
  const policies = useQuery(trpc.policies.list.queryOptions({}));
  const decisions = useQuery(trpc.decisions.list.queryOptions({ limit: 8 }));
  const audit = useQuery({ ...trpc.audit.list.queryOptions({ limit: 8 }), enabled: canAudit });
  const list = policies.data ?? [];
  const pending = list.flatMap((s) => s.pending.map((p) => ({ summary: s, ...p })));
  const awaiting = pending.filter((p) =>
    hasRole(user, 'reviewer') ? p.status === 'in_review' || p.status === 'approved' : p.status === 'draft',
  );
  const scheduled = list.filter((s) => s.scheduled !== null);
  const titles = new Map(list.map((p) => [p.policy.key, pick(p.policy.title)]));

  return (
    <>
      <PageHeader
        title={user ? t('dashboard.greeting', { name: user.displayName }) : t('dashboard.title')}
        subtitle={t('dashboard.subtitle')}
      />
      <QueryState query={policies}>
        {() => (
          <Stack gap="md">
            <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
              <Metric label={t('dashboard.policies')} value={list.length} color="brand.8" />
              <Metric
                label={t('dashboard.inForce')}
                value={list.filter((s) => s.inForce).length}
                color="teal.7"
              />
              <Metric label={t('dashboard.scheduled')} value={scheduled.length} color="violet.7" />
              <Metric label={t('dashboard.pending')} value={pending.length} color="orange.7" />
            </SimpleGrid>
            <Grid gutter="md">
              <Grid.Col span={{ base: 12, lg: 5 }}>
                <Panel title={t('dashboard.byKind')} to="/policies">
                  <Stack gap={8}>
                    {POLICY_KINDS.map((kind) => {
                      const count = list.filter((s) => s.policy.kind === kind).length;
                      return (
                        <div key={kind}>
                          <Group justify="space-between" mb={2}>
                            <Anchor component={Link} to={`/policies?kind=${kind}`} size="sm">
                              {t(`kind.${kind}`)}
                            </Anchor>
                            <Text size="sm" fw={600}>
                              {count}
                            </Text>
                          </Group>
                          <Progress
                            value={list.length ? (count / list.length) * 100 : 0}
                            color={KIND_COLOR[kind]}
                            size="sm"
                            aria-label={t(`kind.${kind}`)}
                          />
                        </div>
                      );
                    })}
                  </Stack>
                </Panel>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 7 }}>
                <Panel
                  title={hasRole(user, 'reviewer') ? t('dashboard.awaitingReview') : t('dashboard.myDrafts')}
                  to={hasRole(user, 'reviewer') ? '/review' : undefined}
                >
                  {awaiting.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {hasRole(user, 'reviewer') ? t('dashboard.awaitingNone') : t('dashboard.myDraftsNone')}
                    </Text>
                  ) : (
                    <Table>
                      <Table.Tbody>
                        {awaiting.map((p) => (
                          <Table.Tr key={`${p.summary.policy.key}-${p.version}`}>
                            <Table.Td>
                              <Anchor
                                component={Link}
                                to={
                                  p.status === 'draft'
                                    ? `/policies/${p.summary.policy.key}/versions/${p.version}/edit`
                                    : `/review/${p.summary.policy.key}/${p.version}`
                                }
                                size="sm"
                              >
                                {pick(p.summary.policy.title)} ·{' '}
                                {t('common.versionN', { version: p.version })}
                              </Anchor>
                            </Table.Td>
                            <Table.Td w={110}>
                              <StatusBadge status={p.status} size="sm" />
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                </Panel>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 5 }}>
                <Panel title={t('dashboard.takingEffect')}>
                  {scheduled.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('dashboard.takingEffectNone')}
                    </Text>
                  ) : (
                    <Stack gap={6}>
                      {scheduled.map((s) => (
                        <Group key={s.policy.key} justify="space-between">
                          <Anchor component={Link} to={`/policies/${s.policy.key}`} size="sm">
                            {pick(s.policy.title)} · {t('common.versionN', { version: s.scheduled?.version })}
                          </Anchor>
                          <Badge color="violet" variant="light">
                            {format.effective(s.scheduled?.effectiveFrom)}
                          </Badge>
                        </Group>
                      ))}
                    </Stack>
                  )}
                </Panel>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 7 }}>
                <Panel title={t('dashboard.recentDecisions')} to="/decisions">
                  <QueryState query={decisions}>
                    {(page) => (
                      <Table>
                        <Table.Tbody>
                          {page.items.map((d) => (
                            <Table.Tr key={d.id}>
                              <Table.Td>
                                <Anchor component={Link} to={`/decisions/${d.id}`} size="sm">
                                  {titles.get(d.policyKey) ?? d.policyKey}
                                </Anchor>
                              </Table.Td>
                              <Table.Td>
                                <Text size="sm">{summarize(d.outcome)}</Text>
                              </Table.Td>
                              <Table.Td>
                                <Text size="xs" c="dimmed">
                                  {format.relative(d.createdAt)}
                                </Text>
                              </Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    )}
                  </QueryState>
                </Panel>
              </Grid.Col>
              {canAudit && (
                <Grid.Col span={12}>
                  <Panel title={t('dashboard.recentAudit')} to="/audit">
                    <QueryState query={audit}>
                      {(page) => (
                        <Table>
                          <Table.Tbody>
                            {page.items.map((row) => (
                              <Table.Tr key={row.seq}>
                                <Table.Td w={160}>
                                  <Text size="xs" c="dimmed">
                                    {format.dateTime(row.at)}
                                  </Text>
                                </Table.Td>
                                <Table.Td>
                                  <Text size="sm">{row.actor}</Text>
                                </Table.Td>
                                <Table.Td>
                                  <Text size="sm">{auditLabels.action(row.action)}</Text>
                                </Table.Td>
                                <Table.Td>
                                  <Text size="sm" ff="monospace" translate="no">
                                    {row.entityId}
                                  </Text>
                                </Table.Td>
                              </Table.Tr>
                            ))}
                          </Table.Tbody>
                        </Table>
                      )}
                    </QueryState>
                  </Panel>
                </Grid.Col>
              )}
            </Grid>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
