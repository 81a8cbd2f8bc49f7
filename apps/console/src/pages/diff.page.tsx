import { ActionIcon, Card, Group, Select, Text, Tooltip } from '@mantine/core';
import { IconArrowsLeftRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { DiffView } from '../features/diff/DiffView/DiffView';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { useLanguage } from '../i18n/use-language';
import { useTRPC } from '../lib/trpc';

/** Two versions of a policy side by side, in items and thresholds, changes highlighted. */
export function DiffPage() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const policy = useQuery(trpc.policies.get.queryOptions({ policyKey: key }));
  const versions = policy.data?.versions ?? [];
  const from = Number(params.get('from')) || versions[1]?.version;
  const to = Number(params.get('to')) || versions[0]?.version;
  const diff = useQuery({
    ...trpc.policies.diff.queryOptions({ policyKey: key, from: from ?? 1, to: to ?? 1 }),
    enabled: from !== undefined && to !== undefined,
  });
  const toVersion = versions.find((v) => v.version === to);
  const subject = useQuery({
    ...trpc.subjects.get.queryOptions({
      key: policy.data?.policy.subjectKey ?? 'x',
      version: toVersion?.subjectVersion ?? 1,
    }),
    enabled: policy.data !== undefined && toVersion !== undefined,
  });
  const set = (name: 'from' | 'to', value: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      return next;
    });
  const data = versions.map((v) => ({
    value: String(v.version),
    label: `${t('common.versionN', { version: v.version })} · ${t(`status.${v.status}`)}`,
  }));
  const title = policy.data ? pick(policy.data.policy.title) : key;
  return (
    <>
      <PageHeader
        crumbs={[
          { label: t('nav.policies'), to: '/policies' },
          { label: title, to: `/policies/${key}` },
        ]}
        title={t('diff.title')}
        subtitle={title}
      />
      <Card p="sm" mb="md">
        <Group gap="sm" align="flex-end">
          <Select
            label={t('diff.from')}
            value={from ? String(from) : null}
            data={data}
            onChange={(v) => set('from', v)}
            w={200}
          />
          <Tooltip label={t('diff.swap')}>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t('diff.swap')}
              onClick={() =>
                setParams((current) => {
                  const next = new URLSearchParams(current);
                  if (from && to) {
                    next.set('from', String(to));
                    next.set('to', String(from));
                  }
                  return next;
                })
              }
            >
              <IconArrowsLeftRight size={16} />
            </ActionIcon>
          </Tooltip>
          <Select
            label={t('diff.to')}
            value={to ? String(to) : null}
            data={data}
            onChange={(v) => set('to', v)}
            w={200}
          />
          {diff.data && (
            <Text size="sm" c="dimmed" mb={6}>
              {t('diff.changes', { count: diff.data.changes.length })}
            </Text>
          )}
        </Group>
      </Card>
      {from === undefined || to === undefined ? (
        <Text c="dimmed">{t('diff.pick')}</Text>
      ) : (
        <QueryState query={diff}>
          {(d) => <DiffView changes={d.changes} subject={subject.data?.subject} />}
        </QueryState>
      )}
    </>
  );
}
