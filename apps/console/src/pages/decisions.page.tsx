import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { DECISION_SOURCES, type Role, type Decision, type Outcome } from '@precept/schema';
import { IconEyeOff, IconLock } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { usePolicyVerdicts } from '../features/decisions/use-policy-verdicts';
import { ErrorAlert } from '../features/errors/ErrorAlert/ErrorAlert';
import { EvidenceExported } from '../features/evidence/EvidenceExported/EvidenceExported';
import { ExportEvidenceButton } from '../features/evidence/ExportEvidenceButton/ExportEvidenceButton';
import { useEvidenceExport } from '../features/evidence/use-evidence-export';
import { PersonSearch } from '../features/personal-data/PersonSearch/PersonSearch';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { useLanguage } from '../i18n/use-language';
import { hasRole, useSessionUser } from '../features/session/session-store';
import { businessDayRange } from '../lib/day-range';
import { useBusinessTimeZone } from '../lib/time-zone';
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

/** A decision's personal data at a glance: a lock when the log keeps pseudonyms, an eye when masked for the reader. */
function PersonalDataMark({ decision }: { decision: Pick<Decision, 'pseudonymised' | 'masked'> }) {
  const { t } = useTranslation();
  if (!decision.masked && decision.pseudonymised.length === 0) return null;
  const label = [
    decision.pseudonymised.length > 0
      ? t('personalData.listPseudonymised', { count: decision.pseudonymised.length })
      : '',
    decision.masked ? t('personalData.listMasked') : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Tooltip label={label} withArrow>
      <Group
        gap={2}
        wrap="nowrap"
        c="grape.8"
        tabIndex={0}
        aria-label={label}
        role="img"
        data-testid="personal-mark"
      >
        {decision.pseudonymised.length > 0 && <IconLock size={15} aria-hidden />}
        {decision.masked && <IconEyeOff size={15} aria-hidden />}
      </Group>
    </Tooltip>
  );
}

/**
 * The decision log: every evaluation, newest first, filtered by policy, its verdict, source and the
 * days it was recorded on; auditors find the decisions about one person, and export the filtered
 * days as a signed evidence package. Personal values the reader's role may not see are masked.
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
  const verdict = policyKey ? params.get('verdict') : null;
  const source = params.get('source');
  const fromDay = params.get('from');
  const toDay = params.get('to');
  const timeZone = useBusinessTimeZone();
  const range = businessDayRange(fromDay, toDay, timeZone);
  const policies = useQuery(trpc.policies.list.queryOptions({}));
  const titles = new Map((policies.data ?? []).map((p) => [p.policy.key, pick(p.policy.title)]));
  const verdicts = usePolicyVerdicts(policyKey);
  // A personal value stays in the page, never in the address bar or the browser's history.
  const [person, setPerson] = useState<string | number | null>(null);
  // The roles that may (PRECEPT_PII_ROLES, the auditor by default) come from system.info; the
  // server refuses everyone else with FORBIDDEN, which the list then explains.
  const info = useQuery({ ...trpc.system.info.queryOptions(), staleTime: Infinity });
  const seesPersonalData = hasRole(user, ...((info.data?.personalDataRoles ?? ['auditor']) as Role[]));
  const isSource = (s: string | null): s is (typeof DECISION_SOURCES)[number] =>
    s !== null && (DECISION_SOURCES as readonly string[]).includes(s);
  const filters = {
    ...(policyKey ? { policyKey } : {}),
    ...(verdict ? { verdict } : {}),
    ...(isSource(source) ? { source } : {}),
    ...(person !== null ? { person } : {}),
  };
  const decisions = useInfiniteQuery(
    trpc.decisions.list.infiniteQueryOptions(
      { limit: 30, ...filters, ...range },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  // The signed evidence package of what the filters show; the server audits the export.
  const evidence = useEvidenceExport(
    () => client.decisions.export.query({ from: range.from!, to: range.to!, ...filters }),
    () => `precept-decisions-${fromDay}-${toDay}.json`,
  );
  const set = (name: string, value: string | null, ...alsoClear: string[]) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      for (const other of alsoClear) next.delete(other);
      return next;
    });
  const items = decisions.data?.pages.flatMap((p) => p.items);
  const masked = items?.some((d) => d.masked) ?? false;
  return (
    <>
      <PageHeader title={t('decisions.title')} subtitle={t('decisions.subtitle')} />
      <Card p="sm" mb="md">
        <Group gap="sm">
          <Select
            label={t('decisions.policy')}
            value={policyKey}
            onChange={(v) => set('policy', v, 'verdict')}
            data={(policies.data ?? []).map((p) => ({ value: p.policy.key, label: pick(p.policy.title) }))}
            clearable
            allowDeselect
            placeholder={t('common.all')}
            w={280}
          />
          {policyKey && (
            <Select
              label={t('verdicts.filter')}
              value={verdict}
              onChange={(v) => set('verdict', v)}
              data={verdicts.options}
              clearable
              allowDeselect
              placeholder={t('common.all')}
              w={200}
              data-testid="verdict-filter"
            />
          )}
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
          {seesPersonalData && <PersonSearch person={person} onChange={setPerson} />}
          {hasRole(user, 'auditor', 'admin') && (
            <ExportEvidenceButton
              range={range}
              label={t('decisions.export')}
              pending={evidence.mutation.isPending}
              onExport={() => evidence.mutation.mutate()}
              style={{ alignSelf: 'flex-end' }}
            />
          )}
        </Group>
        {evidence.mutation.error ? (
          <ErrorAlert
            error={evidence.mutation.error}
            hints={{ FORBIDDEN: t('personalData.forbiddenHint') }}
          />
        ) : null}
        {evidence.exported && (
          <div style={{ marginTop: 'var(--mantine-spacing-sm)' }}>
            <EvidenceExported exported={evidence.exported} onClose={evidence.dismiss} />
          </div>
        )}
      </Card>
      {masked && (
        <Alert
          color="grape"
          variant="light"
          icon={<IconEyeOff size={18} />}
          title={t('personalData.maskedTitle')}
          mb="md"
          data-testid="masked-notice"
        >
          {t('personalData.maskedBody')}
        </Alert>
      )}
      <QueryState
        query={{ ...decisions, data: items }}
        hints={{ FORBIDDEN: t('personalData.forbiddenHint') }}
      >
        {(items) => (
          <Card p={0}>
            <Table.ScrollContainer minWidth={900}>
              <Table highlightOnHover data-testid="decisions-table">
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
                    <Table.Th w={60}>
                      <Tooltip label={t('personalData.column')} withArrow>
                        <IconLock size={15} aria-label={t('personalData.column')} role="img" />
                      </Tooltip>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((d) => (
                    <Table.Tr key={d.id} data-decision={d.id} data-masked={d.masked || undefined}>
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
                      <Table.Td>
                        <PersonalDataMark decision={d} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
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
