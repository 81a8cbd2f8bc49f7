import { Alert, Badge, Button, Card, Code, Group, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { useFormatters } from '../lib/format';
import { useTRPC } from '../lib/trpc';
import { zhCN } from '../i18n/zh-CN';

const KNOWN_ACTIONS = Object.keys(zhCN.audit.actions) as (keyof typeof zhCN.audit.actions)[];

/** The audit log: every change with who, when, why and hashes, filtered; the chain verified on open. */
export function AuditPage() {
  const { t } = useTranslation();
  const format = useFormatters();
  const trpc = useTRPC();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [entityId, setEntityId] = useState('');
  const [filters] = useDebouncedValue({ actor, action, entityId }, 300);
  const verify = useQuery({ ...trpc.audit.verify.queryOptions(), staleTime: 0 });
  const rows = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      {
        limit: 50,
        ...(filters.actor.trim() ? { actor: filters.actor.trim() } : {}),
        ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
        ...(filters.entityId.trim() ? { entityId: filters.entityId.trim() } : {}),
      },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const actionLabel = (name: string) =>
    (KNOWN_ACTIONS as string[]).includes(name)
      ? t(`audit.actions.${name as (typeof KNOWN_ACTIONS)[number]}`)
      : name;
  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        actions={
          <Button
            variant="default"
            leftSection={<IconShieldCheck size={16} />}
            onClick={() => void verify.refetch()}
            loading={verify.isFetching}
          >
            {t('audit.verify')}
          </Button>
        }
      />
      {verify.data && (
        <Alert
          mb="md"
          color={verify.data.ok ? 'teal' : 'red'}
          icon={verify.data.ok ? <IconShieldCheck size={18} /> : <IconShieldX size={18} />}
          data-testid="chain-status"
        >
          {verify.data.ok
            ? t('audit.verifyOk', { count: verify.data.checked })
            : t('audit.verifyBad', {
                seq: verify.data.firstBad?.seq ?? '?',
                reason: verify.data.firstBad?.reason ?? '',
              })}
        </Alert>
      )}
      <Card p="sm" mb="md">
        <Group gap="sm">
          <TextInput
            label={t('audit.actor')}
            value={actor}
            onChange={(e) => setActor(e.currentTarget.value)}
            w={180}
          />
          <TextInput
            label={t('audit.action')}
            value={action}
            onChange={(e) => setAction(e.currentTarget.value)}
            placeholder="policy.publish"
            w={200}
          />
          <TextInput
            label={t('audit.entity')}
            value={entityId}
            onChange={(e) => setEntityId(e.currentTarget.value)}
            w={260}
          />
        </Group>
      </Card>
      <QueryState query={{ ...rows, data: rows.data?.pages.flatMap((p) => p.items) }}>
        {(items) => (
          <Card p={0}>
            <Table.ScrollContainer minWidth={980}>
              <Table highlightOnHover data-testid="audit-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={60}>{t('audit.seq')}</Table.Th>
                    <Table.Th w={160}>{t('audit.at')}</Table.Th>
                    <Table.Th>{t('audit.actor')}</Table.Th>
                    <Table.Th>{t('audit.action')}</Table.Th>
                    <Table.Th>{t('audit.entity')}</Table.Th>
                    <Table.Th>{t('audit.reason')}</Table.Th>
                    <Table.Th>{t('audit.hashes')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((row) => (
                    <Table.Tr key={row.seq} data-action={row.action}>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {row.seq}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{format.dateTime(row.at)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{row.actor}</Text>
                        <Text size="xs" c="dimmed">
                          {row.actorKind}
                          {row.credential ? ` · ${row.credential}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge
                          variant="light"
                          color={
                            row.action.includes('reject') || row.action.includes('refus') ? 'red' : 'brand'
                          }
                          size="sm"
                        >
                          {actionLabel(row.action)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {row.entityId}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {row.entityType}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" lineClamp={2}>
                          {row.reason ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Tooltip
                          label={`${row.beforeHash ?? '∅'} → ${row.afterHash ?? '∅'} · #${row.hash}`}
                          multiline
                          w={320}
                        >
                          <Code>
                            {(row.beforeHash ?? '∅').slice(0, 6)}→{(row.afterHash ?? '∅').slice(0, 6)}
                          </Code>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {items.length === 0 && (
              <Text c="dimmed" ta="center" p="lg">
                {t('audit.empty')}
              </Text>
            )}
            {rows.hasNextPage && (
              <Group justify="center" p="sm">
                <Button
                  variant="subtle"
                  onClick={() => void rows.fetchNextPage()}
                  loading={rows.isFetchingNextPage}
                >
                  {t('audit.loadMore')}
                </Button>
              </Group>
            )}
          </Card>
        )}
      </QueryState>
    </>
  );
}
