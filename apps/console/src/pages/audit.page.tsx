import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { changeNoteIn } from '@precept/schema';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../features/errors/ErrorAlert/ErrorAlert';
import { EvidenceExported } from '../features/evidence/EvidenceExported/EvidenceExported';
import { EvidenceVerifier } from '../features/evidence/EvidenceVerifier/EvidenceVerifier';
import { ExportEvidenceButton } from '../features/evidence/ExportEvidenceButton/ExportEvidenceButton';
import { useEvidenceExport } from '../features/evidence/use-evidence-export';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { businessDayRange } from '../lib/day-range';
import { useLanguage } from '../i18n/use-language';
import { useFormatters } from '../lib/format';
import { useBusinessTimeZone } from '../lib/time-zone';
import { useTRPC, useTRPCClient } from '../lib/trpc';
import { useAuditLabels } from '../features/audit/use-audit-labels';

/**
 * The audit log: every change with who, when, why and hashes, filtered; the chain verified on
 * open. Auditors export the filtered rows of some days as a signed evidence package, and anyone
 * can upload a package to have it verified.
 */
export function AuditPage() {
  const { t } = useTranslation();
  const { textLanguage } = useLanguage();
  const format = useFormatters();
  const trpc = useTRPC();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [entityId, setEntityId] = useState('');
  const [filters] = useDebouncedValue({ actor, action, entityId }, 300);
  const client = useTRPCClient();
  const timeZone = useBusinessTimeZone();
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const range = businessDayRange(fromDay, toDay, timeZone);
  const verify = useQuery({ ...trpc.audit.verify.queryOptions(), staleTime: 0 });
  const evidence = useEvidenceExport(
    () =>
      client.audit.export.query({
        from: range.from!,
        to: range.to!,
        ...(filters.actor.trim() ? { actor: filters.actor.trim() } : {}),
        ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
        ...(filters.entityId.trim() ? { entityId: filters.entityId.trim() } : {}),
      }),
    () => `precept-audit-${fromDay}-${toDay}.json`,
  );
  const verifyPackage = useMutation(trpc.evidence.verify.mutationOptions());
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
  const labels = useAuditLabels();
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
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" mb="md">
        <Card>
          <Title order={2} size="h4" mb={4}>
            {t('evidence.auditExportTitle')}
          </Title>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('evidence.auditExportHint')}
            </Text>
            <Group gap="sm" align="flex-end" wrap="wrap">
              <TextInput
                type="date"
                label={t('evidence.fromDay')}
                value={fromDay}
                onChange={(e) => setFromDay(e.currentTarget.value)}
                w={170}
              />
              <TextInput
                type="date"
                label={t('evidence.toDay')}
                value={toDay}
                onChange={(e) => setToDay(e.currentTarget.value)}
                w={170}
              />
              <ExportEvidenceButton
                range={range}
                label={t('evidence.exportSigned')}
                pending={evidence.mutation.isPending}
                onExport={() => evidence.mutation.mutate()}
              />
            </Group>
            <ErrorAlert error={evidence.mutation.error} />
            {evidence.exported && (
              <EvidenceExported exported={evidence.exported} onClose={evidence.dismiss} verifiesHere />
            )}
          </Stack>
        </Card>
        <Card>
          <Title order={2} size="h4" mb={4}>
            {t('evidence.verifyTitle')}
          </Title>
          <EvidenceVerifier
            onVerify={(input) => verifyPackage.mutate(input)}
            pending={verifyPackage.isPending}
            result={verifyPackage.data}
            error={<ErrorAlert error={verifyPackage.error} />}
          />
        </Card>
      </SimpleGrid>
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
                    <Table.Th w={180}>{t('audit.action')}</Table.Th>
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
                          {labels.actorKind(row.actorKind)}
                          {row.credential && (
                            <>
                              {' · '}
                              <span translate="no">{row.credential}</span>
                            </>
                          )}
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
                          {labels.action(row.action)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace" translate="no">
                          {row.entityId}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {labels.entityType(row.entityType)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" lineClamp={2}>
                          {row.reason === null || row.reason === undefined
                            ? '—'
                            : changeNoteIn(row.reason, textLanguage)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Tooltip
                          label={`${row.beforeHash ?? '∅'} → ${row.afterHash ?? '∅'} · #${row.hash}`}
                          multiline
                          w={320}
                        >
                          <Code translate="no">
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
