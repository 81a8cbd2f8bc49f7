import { Alert, Badge, Box, Button, Card, Grid, Group, Spoiler, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsDiff, IconFlask, IconPencilPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { DocumentText } from '../features/documents/DocumentText/DocumentText';
import { ErrorAlert } from '../features/errors/ErrorAlert/ErrorAlert';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { KindBadge } from '../features/policies/KindBadge/KindBadge';
import { StatusBadge } from '../features/policies/StatusBadge/StatusBadge';
import { VersionTimeline } from '../features/policies/VersionTimeline/VersionTimeline';
import { hasRole, useSessionUser } from '../features/session/session-store';
import { TestCasesPanel } from '../features/tests/TestCasesPanel/TestCasesPanel';
import { SectionRef } from '../features/documents/SectionRef/SectionRef';
import { useLanguage } from '../i18n/use-language';
import { useFormatters } from '../lib/format';
import { useTRPC } from '../lib/trpc';

/** One version's document as readable text, with its subject. */
function VersionText({
  policyKey,
  version,
  subjectKey,
}: {
  policyKey: string;
  version: number;
  subjectKey: string;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const detail = useQuery(trpc.policies.getVersion.queryOptions({ policyKey, version }));
  const subject = useQuery({
    ...trpc.subjects.get.queryOptions({ key: subjectKey, version: detail.data?.subjectVersion ?? 1 }),
    enabled: detail.data !== undefined,
  });
  return (
    <QueryState query={detail}>
      {(v) => (
        <Stack gap="sm">
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('policy.showingVersion', { version: v.version, status: t(`status.${v.status}`) })}
            </Text>
            <StatusBadge status={v.status} scheduled={v.isScheduled} size="sm" />
            <Text size="xs" c="dimmed" ff="monospace" title={t('policy.hash')}>
              {v.contentHash.slice(0, 12)}
            </Text>
          </Group>
          <DocumentText document={v.document} subject={subject.data?.subject} />
        </Stack>
      )}
    </QueryState>
  );
}

/**
 * A policy: its version in force as readable text, the version timeline, its test cases, and the
 * actions the reader's role allows (draft the next version, open a draft, compare, try it).
 */
export function PolicyPage() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const format = useFormatters();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const user = useSessionUser();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'overview';
  const policy = useQuery(trpc.policies.get.queryOptions({ policyKey: key }));
  const createDraft = useMutation(
    trpc.policies.createDraft.mutationOptions({
      onSuccess: async (draft) => {
        await queryClient.invalidateQueries(trpc.policies.pathFilter());
        notifications.show({ color: 'teal', message: t('policy.draftCreated', { version: draft.version }) });
        void navigate(`/policies/${key}/versions/${draft.version}/edit`);
      },
    }),
  );
  const setTab = (next: string | null, version?: number) =>
    setParams((current) => {
      const p = new URLSearchParams(current);
      p.set('tab', next ?? 'overview');
      if (version !== undefined) p.set('version', String(version));
      return p;
    });

  return (
    <QueryState query={policy}>
      {(detail) => {
        const { policy: p, inForce, scheduled, versions } = detail;
        const draft = versions.find((v) => v.status === 'draft');
        const base =
          inForce?.version ?? versions.find((v) => v.status === 'published')?.version ?? versions[0]?.version;
        const shown = Number(params.get('version')) || base;
        return (
          <>
            <PageHeader
              crumbs={[{ label: t('nav.policies'), to: '/policies' }]}
              title={pick(p.title)}
              badges={
                <>
                  <KindBadge kind={p.kind} />
                  <Badge variant="outline" color="gray">
                    {t('common.section')} <SectionRef value={p.section} />
                  </Badge>
                </>
              }
              subtitle={
                <Group gap="md">
                  <Text size="sm" ff="monospace">
                    {p.key}
                  </Text>
                  <Text size="sm">
                    {t('common.owner')}
                    {t('common.colon')}
                    {pick(p.owner)}
                  </Text>
                  {inForce && (
                    <Text size="sm">
                      {t('common.versionN', { version: inForce.version })} ·{' '}
                      {t('policy.inForceSince', { date: format.effective(inForce.effectiveFrom) })}
                    </Text>
                  )}
                  {scheduled && (
                    <Text size="sm" c="violet.8">
                      {t('common.versionN', { version: scheduled.version })} ·{' '}
                      {t('policy.scheduledFrom', { date: format.effective(scheduled.effectiveFrom) })}
                    </Text>
                  )}
                </Group>
              }
              actions={
                <>
                  <Button
                    variant="default"
                    leftSection={<IconFlask size={16} />}
                    component={Link}
                    to={`/playground?policy=${key}`}
                  >
                    {t('policy.playground')}
                  </Button>
                  {versions.length > 1 && (
                    <Button
                      variant="default"
                      leftSection={<IconArrowsDiff size={16} />}
                      component={Link}
                      to={`/policies/${key}/diff?from=${versions[1]!.version}&to=${versions[0]!.version}`}
                    >
                      {t('policy.compare')}
                    </Button>
                  )}
                  {hasRole(user, 'author') &&
                    (draft ? (
                      <Button
                        component={Link}
                        to={`/policies/${key}/versions/${draft.version}/edit`}
                        leftSection={<IconPencilPlus size={16} />}
                      >
                        {t('policy.openDraft')} · {t('common.versionN', { version: draft.version })}
                      </Button>
                    ) : (
                      base !== undefined && (
                        <Button
                          leftSection={<IconPencilPlus size={16} />}
                          loading={createDraft.isPending}
                          onClick={() => createDraft.mutate({ policyKey: key, fromVersion: base })}
                        >
                          {t('policy.newDraft')}
                        </Button>
                      )
                    ))}
                </>
              }
            />
            <ErrorAlert error={createDraft.error} />
            {p.description && (
              // The spoiler's control sits below its text, in the 24 px margin Mantine gives the
              // spoiler itself: a margin set on the spoiler would replace it and let the control
              // overlap what follows, so the spacing goes on a wrapper.
              <Box mb="sm" maw={980}>
                <Spoiler
                  maxHeight={44}
                  showLabel={t('policy.descriptionMore')}
                  hideLabel={t('policy.descriptionLess')}
                >
                  <Text size="sm" c="dimmed">
                    {pick(p.description)}
                  </Text>
                </Spoiler>
              </Box>
            )}
            <Tabs value={tab} onChange={(v) => setTab(v)} keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="overview">{t('policy.overview')}</Tabs.Tab>
                <Tabs.Tab value="versions">
                  {t('policy.versions')}
                  <Badge size="xs" variant="light" ml={6}>
                    {versions.length}
                  </Badge>
                </Tabs.Tab>
                <Tabs.Tab value="tests">{t('policy.tests')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="overview">
                <Grid gutter="md">
                  <Grid.Col span={{ base: 12, lg: 8 }}>
                    <Card>
                      {shown === undefined ? (
                        <Alert color="gray">{t('policy.noPublished')}</Alert>
                      ) : (
                        <VersionText policyKey={key} version={shown} subjectKey={p.subjectKey} />
                      )}
                    </Card>
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, lg: 4 }}>
                    <Card>
                      <Text fw={600} mb="sm">
                        {t('policy.timeline')}
                      </Text>
                      <VersionTimeline
                        policyKey={key}
                        versions={versions.slice(0, 6)}
                        requiredApprovals={p.requiredApprovals}
                        onView={(version) => setTab('overview', version)}
                      />
                    </Card>
                  </Grid.Col>
                </Grid>
              </Tabs.Panel>
              <Tabs.Panel value="versions">
                <Card>
                  <VersionTimeline
                    policyKey={key}
                    versions={versions}
                    requiredApprovals={p.requiredApprovals}
                    onView={(version) => setTab('overview', version)}
                  />
                </Card>
              </Tabs.Panel>
              <Tabs.Panel value="tests">
                <TestCasesPanel
                  policyKey={key}
                  versions={versions.map((v) => ({ version: v.version, status: v.status }))}
                  defaultVersion={draft?.version ?? base}
                />
              </Tabs.Panel>
            </Tabs>
          </>
        );
      }}
    </QueryState>
  );
}
