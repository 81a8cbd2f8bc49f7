import { Anchor, Badge, Button, Card, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { DECISION_SOURCES, type Outcome } from '@precept/schema';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../features/errors/ErrorAlert/ErrorAlert';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { useLanguage } from '../i18n/use-language';
import { hasRole, useSessionUser } from '../features/session/session-store';
import { businessDayRange } from '../lib/day-range';
import { useBusinessTimeZone } from '../lib/time-zone';
import { downloadJson } from '../lib/download';
import { useFormatters } from '../lib/format';
import { useTRPC, useTRPCClient } from '../lib/trpc';

/** A one-line summary of an outcome for lists. */
export function useOutcomeSummary(): (outcome: Outcome) => string {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const format = useFormatters();
  return (o) => {
    switch (o.kind) {
      case 'scorecard':
        return `${t('outcome.total')} ${format.number(o.total)}${o.gradeLabel ? ` · ${pick(o.gradeLabel)}` : ''}`;
      case 'checklist':
        return `${format.number(o.score)}/${format.number(o.maxScore)} · ${o.passed ? t('outcome.passed') : t('outcome.notPassed')}`;
      case 'standard':
        return o.met ? t('outcome.met') : `${t('outcome.notMet')} (${o.metCount}/${o.targets.length})`;
      case 'qualification':
        return o.qualified ? t('outcome.qualified') : t('outcome.notQualified');
      case 'escalation':
        return o.title ? pick(o.title) : t('outcome.noLevel');
      case 'ruleset':
        return o.events.map((e) => e.type).join(', ') || t('outcome.noEvents');
    }
  };
}

/**
 * The decision log: every evaluation, newest first, filtered by policy, source and the days it was
 * recorded on; auditors export the filtered days as an evidence package.
 */
export function DecisionsPage() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const format = useFormatters();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const user = useSessionUser();
  const summarize = useOutcomeSummary();
  const [params, setParams] = useSearchParams();
  const policyKey = params.get('policy');
  const source = params.get('source');
  const fromDay = params.get('from');
  const toDay = params.get('to');
  const timeZone = useBusinessTimeZone();
  const range = businessDayRange(fromDay, toDay, timeZone);
  const policies = useQuery(trpc.policies.list.queryOptions({}));
  const titles = new Map((policies.data ?? []).map((p) => [p.policy.key, pick(p.policy.title)]));
  const isSource = (s: string | null): s is (typeof DECISION_SOURCES)[number] =>
    s !== null && (DECISION_SOURCES as readonly string[]).includes(s);
  const decisions = useInfiniteQuery(
    trpc.decisions.list.infiniteQueryOptions(
      {
        limit: 30,
        ...(policyKey ? { policyKey } : {}),
        ...(isSource(source) ? { source } : {}),
        ...range,
      },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  // The evidence package of what the filters show; the server audits the export.
  const exportEvidence = useMutation({
    mutationFn: () =>
      client.decisions.export.query({
        from: range.from!,
        to: range.to!,
        ...(policyKey ? { policyKey } : {}),
        ...(isSource(source) ? { source } : {}),
      }),
    onSuccess: (evidence) => downloadJson(`precept-decisions-${fromDay}-${toDay}.json`, evidence),
  });
  const set = (name: string, value: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });
  return (
    <>
      <PageHeader title={t('decisions.title')} subtitle={t('decisions.subtitle')} />
      <Card p="sm" mb="md">
        <Group gap="sm">
          <Select
            label={t('decisions.policy')}
            value={policyKey}
            onChange={(v) => set('policy', v)}
            data={(policies.data ?? []).map((p) => ({ value: p.policy.key, label: pick(p.policy.title) }))}
            clearable
            allowDeselect
            placeholder={t('common.all')}
            w={280}
          />
          <Select
            label={t('decisions.source')}
            value={source}
            onChange={(v) => set('source', v)}
            data={DECISION_SOURCES.map((s) => ({ value: s, label: t(`decisions.sources.${s}`) }))}
            clearable
            allowDeselect
            placeholder={t('common.all')}
            w={160}
          />
          <TextInput
            type="date"
            label={t('decisions.from')}
            value={fromDay ?? ''}
            onChange={(event) => set('from', event.currentTarget.value)}
            w={170}
          />
          <TextInput
            type="date"
            label={t('decisions.to')}
            value={toDay ?? ''}
            onChange={(event) => set('to', event.currentTarget.value)}
            w={170}
          />
          {hasRole(user, 'auditor', 'admin') && (
            <Button
              variant="light"
              style={{ alignSelf: 'flex-end' }}
              disabled={range.from === undefined || range.to === undefined}
              title={
                range.from === undefined || range.to === undefined
                  ? t('decisions.exportNeedsRange')
                  : undefined
              }
              loading={exportEvidence.isPending}
              onClick={() => exportEvidence.mutate()}
            >
              {t('decisions.export')}
            </Button>
          )}
        </Group>
        {exportEvidence.error ? <ErrorAlert error={exportEvidence.error} /> : null}
      </Card>
      <QueryState query={{ ...decisions, data: decisions.data?.pages.flatMap((p) => p.items) }}>
        {(items) => (
          <Card p={0}>
            <Table highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('decisions.at')}</Table.Th>
                  <Table.Th>{t('decisions.policy')}</Table.Th>
                  <Table.Th>{t('decisions.version')}</Table.Th>
                  <Table.Th>{t('decisions.asOf')}</Table.Th>
                  <Table.Th>{t('decisions.result')}</Table.Th>
                  <Table.Th>{t('decisions.source')}</Table.Th>
                  <Table.Th>{t('decisions.caller')}</Table.Th>
                  <Table.Th>{t('decisions.duration')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/decisions/${d.id}`} size="sm">
                        {format.dateTime(d.createdAt)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{titles.get(d.policyKey) ?? d.policyKey}</Text>
                    </Table.Td>
                    <Table.Td>{t('common.versionN', { version: d.version })}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{format.date(d.asOf)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{summarize(d.outcome)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color="gray">
                        {t(`decisions.sources.${d.source}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{d.caller ?? '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t('decisions.ms', { ms: format.number(d.durationMs) })}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {items.length === 0 && (
              <Text c="dimmed" ta="center" p="lg">
                {t('decisions.empty')}
              </Text>
            )}
            {decisions.hasNextPage && (
              <Group justify="center" p="sm">
                <Button
                  variant="subtle"
                  onClick={() => void decisions.fetchNextPage()}
                  loading={decisions.isFetchingNextPage}
                >
                  {t('decisions.loadMore')}
                </Button>
              </Group>
            )}
          </Card>
        )}
      </QueryState>
    </>
  );
}
