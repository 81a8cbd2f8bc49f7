import { Anchor, Badge, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { POLICY_KINDS, VERSION_STATUSES, type PolicyKind, type VersionStatus } from '@precept/schema';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { SectionRef, splitSectionRef } from '../features/documents/SectionRef/SectionRef';
import { useLanguage } from '../i18n/use-language';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { KindBadge } from '../features/policies/KindBadge/KindBadge';
import { StatusBadge } from '../features/policies/StatusBadge/StatusBadge';
import { useFormatters } from '../lib/format';
import { useTRPC } from '../lib/trpc';

function isKind(value: string | null): value is PolicyKind {
  return value !== null && (POLICY_KINDS as readonly string[]).includes(value);
}
function isStatus(value: string | null): value is VersionStatus {
  return value !== null && (VERSION_STATUSES as readonly string[]).includes(value);
}

/** The policies, searchable and filtered by kind, owner, status and guideline section (kept in the URL). */
export function PoliciesPage() {
  const { t } = useTranslation();
  const { pick, textLanguage } = useLanguage();
  const format = useFormatters();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind');
  const status = params.get('status');
  const owner = params.get('owner');
  const section = params.get('section');
  const [text, setText] = [params.get('q') ?? '', (q: string) => setFilter('q', q || null)];
  const [debounced] = useDebouncedValue(text, 250);

  function setFilter(name: string, value: string | null) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  }

  const all = useQuery(trpc.policies.list.queryOptions({}));
  const filtered = useQuery(
    trpc.policies.list.queryOptions({
      ...(isKind(kind) ? { kind } : {}),
      ...(isStatus(status) ? { status } : {}),
      ...(owner ? { owner } : {}),
      ...(debounced.trim() ? { text: debounced.trim() } : {}),
    }),
  );
  const owners = [...new Set((all.data ?? []).map((p) => pick(p.policy.owner)))].sort();
  const sections = [...new Set((all.data ?? []).map((p) => p.policy.section))];

  return (
    <>
      <PageHeader title={t('policies.title')} subtitle={t('policies.subtitle')} />
      <Card mb="md" p="sm">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <TextInput
            aria-label={t('common.search')}
            placeholder={t('policies.search')}
            leftSection={<IconSearch size={16} />}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={280}
          />
          <Select
            label={t('policies.kind')}
            clearable
            allowDeselect
            placeholder={t('common.all')}
            value={isKind(kind) ? kind : null}
            onChange={(v) => setFilter('kind', v)}
            data={POLICY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            w={150}
          />
          <Select
            label={t('policies.status')}
            clearable
            allowDeselect
            placeholder={t('common.all')}
            value={isStatus(status) ? status : null}
            onChange={(v) => setFilter('status', v)}
            data={VERSION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            w={150}
          />
          <Select
            label={t('policies.owner')}
            clearable
            allowDeselect
            placeholder={t('common.all')}
            value={owner}
            onChange={(v) => setFilter('owner', v)}
            data={owners}
            w={240}
          />
          <Select
            label={t('policies.section')}
            clearable
            allowDeselect
            placeholder={t('common.all')}
            value={section}
            onChange={(v) => setFilter('section', v)}
            data={sections.map((value) => ({ value, label: splitSectionRef(value, textLanguage).section }))}
            w={130}
          />
        </Group>
      </Card>
      <QueryState query={filtered}>
        {(policies) => {
          const rows = policies.filter((p) => !section || p.policy.section === section);
          return (
            <Card p={0}>
              <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('policies.policy')}</Table.Th>
                    <Table.Th>{t('policies.kind')}</Table.Th>
                    <Table.Th>{t('policies.section')}</Table.Th>
                    <Table.Th>{t('policies.owner')}</Table.Th>
                    <Table.Th>{t('policies.inForce')}</Table.Th>
                    <Table.Th>{t('policies.pending')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map(({ policy, inForce, scheduled, pending, isRetired }) => (
                    <Table.Tr key={policy.key}>
                      <Table.Td>
                        <Anchor component={Link} to={`/policies/${policy.key}`} fw={500} size="sm">
                          {pick(policy.title)}
                        </Anchor>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {policy.key}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <KindBadge kind={policy.kind} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          <SectionRef value={policy.section} />
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{pick(policy.owner)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          {inForce ? (
                            <Text size="sm">
                              {t('common.versionN', { version: inForce.version })}
                              <Text span size="xs" c="dimmed" ml={6}>
                                {t('policy.inForceSince', { date: format.effective(inForce.effectiveFrom) })}
                              </Text>
                            </Text>
                          ) : (
                            <Text size="sm" c="dimmed">
                              {isRetired ? t('status.retired') : t('policies.none')}
                            </Text>
                          )}
                          {scheduled && (
                            <Group gap={4}>
                              <StatusBadge status="published" scheduled size="xs" />
                              <Text size="xs" c="dimmed">
                                {t('common.versionN', { version: scheduled.version })} ·{' '}
                                {t('policy.scheduledFrom', {
                                  date: format.effective(scheduled.effectiveFrom),
                                })}
                              </Text>
                            </Group>
                          )}
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {pending.length === 0 && (
                            <Text size="sm" c="dimmed">
                              {t('policies.none')}
                            </Text>
                          )}
                          {pending.map((p) => (
                            <Badge
                              key={p.version}
                              variant="outline"
                              color="gray"
                              size="sm"
                              rightSection={<StatusBadge status={p.status} size="xs" />}
                            >
                              {t('common.versionN', { version: p.version })}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {rows.length === 0 && (
                <Text c="dimmed" ta="center" p="lg">
                  {t('policies.empty')}
                </Text>
              )}
              <Text size="xs" c="dimmed" p="sm">
                {t('policies.count', { count: rows.length })}
              </Text>
            </Card>
          );
        }}
      </QueryState>
    </>
  );
}
