import { Alert, Badge, Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconEyeOff, IconPlus, IconReload, IconX } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { JsonObject, Outcome } from '@precept/schema';
import { usePolicyVerdicts } from '../features/decisions/use-policy-verdicts';
import { ErrorAlert } from '../features/errors/ErrorAlert/ErrorAlert';
import { OutcomeView, outcomeTitles } from '../features/evaluation/OutcomeView/OutcomeView';
import { TraceView } from '../features/evaluation/TraceView/TraceView';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { FactsJson } from '../features/personal-data/FactsJson/FactsJson';
import { PersonalDataPanel } from '../features/personal-data/PersonalDataPanel/PersonalDataPanel';
import { hasRole, useSessionUser } from '../features/session/session-store';
import { useLanguage } from '../i18n/use-language';
import { useFormatters } from '../lib/format';
import { useTRPC } from '../lib/trpc';

/** The parts of an outcome worth pinning in a test case made from a decision. */
export function expectationOf(outcome: Outcome): JsonObject {
  switch (outcome.kind) {
    case 'scorecard':
      return { total: outcome.total, grade: outcome.grade };
    case 'checklist':
      return { score: outcome.score, passed: outcome.passed };
    case 'standard':
      return { met: outcome.met, metCount: outcome.metCount };
    case 'qualification':
      return { qualified: outcome.qualified };
    case 'escalation':
      return { level: outcome.level };
    case 'ruleset':
      return { events: outcome.events.map((e) => ({ ruleId: e.ruleId, type: e.type })) };
  }
}

/**
 * One decision: version, as-of, verdict, facts, outcome and trace, and what it holds of a person
 * (pseudonyms where the version does not read a personal field; masked for readers who may not see
 * personal data); replay it, or keep it as a test case.
 */
export function DecisionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const format = useFormatters();
  const trpc = useTRPC();
  const user = useSessionUser();
  const [replayOn, setReplayOn] = useState(false);
  const decision = useQuery(trpc.decisions.get.queryOptions({ id }));
  const policy = useQuery({
    ...trpc.policies.get.queryOptions({ policyKey: decision.data?.policyKey ?? 'x' }),
    enabled: decision.data !== undefined,
  });
  const versionInfo = policy.data?.versions.find((v) => v.version === decision.data?.version);
  // A decision becomes a test of the policy's draft (tests belong to a version; published ones are frozen).
  const draftVersion = policy.data?.versions.find((v) => v.status === 'draft')?.version;
  const subject = useQuery({
    ...trpc.subjects.get.queryOptions({
      key: policy.data?.policy.subjectKey ?? 'x',
      ...(versionInfo ? { version: versionInfo.subjectVersion } : {}),
    }),
    enabled: policy.data !== undefined,
  });
  const replay = useQuery({ ...trpc.decisions.replay.queryOptions({ id }), enabled: replayOn });
  const verdicts = usePolicyVerdicts(decision.data?.policyKey);
  const addTest = useMutation(
    trpc.testCases.create.mutationOptions({
      onSuccess: () => notifications.show({ color: 'teal', message: t('tests.saved') }),
    }),
  );
  return (
    <QueryState query={decision}>
      {(d) => (
        <>
          <PageHeader
            crumbs={[{ label: t('decisions.title'), to: '/decisions' }]}
            title={t('decisions.detail')}
            badges={
              <>
                <Badge variant="light" size="lg" data-testid="verdict" data-verdict={d.verdict}>
                  {verdicts.label(d.verdict)}
                </Badge>
                {d.masked && (
                  <Badge
                    variant="light"
                    color="grape"
                    size="lg"
                    leftSection={<IconEyeOff size={14} />}
                    data-testid="masked"
                  >
                    {t('personalData.maskedBadge')}
                  </Badge>
                )}
              </>
            }
            subtitle={
              <Group gap="md">
                <Text size="sm">{policy.data ? pick(policy.data.policy.title) : d.policyKey}</Text>
                <Text size="sm">{t('common.versionN', { version: d.version })}</Text>
                <Text size="sm">
                  {t('decisions.asOf')}
                  {t('common.colon')}
                  {format.date(d.asOf)}
                </Text>
                <Text size="sm" c="dimmed">
                  {format.dateTime(d.createdAt)} · {t(`decisions.sources.${d.source}`)} · {d.caller ?? '—'} ·{' '}
                  {t('decisions.ms', { ms: format.number(d.durationMs) })}
                </Text>
              </Group>
            }
            actions={
              <>
                {hasRole(user, 'author') && (
                  <Button
                    variant="default"
                    leftSection={<IconPlus size={16} />}
                    title={
                      draftVersion === undefined
                        ? t('tests.needsDraft')
                        : d.masked || d.pseudonymised.length > 0
                          ? `${t('tests.fromDecisionHint')} ${t('personalData.testKeepsPseudonyms')}`
                          : t('tests.fromDecisionHint')
                    }
                    disabled={draftVersion === undefined}
                    loading={addTest.isPending}
                    onClick={() =>
                      draftVersion !== undefined &&
                      addTest.mutate({
                        policyKey: d.policyKey,
                        version: draftVersion,
                        testCase: {
                          name: `${t('decisions.detail')} ${d.id.slice(0, 8)}`,
                          facts: d.facts,
                          asOf: d.asOf.slice(0, 10),
                          expect: expectationOf(d.outcome),
                        },
                      })
                    }
                  >
                    {t('decisions.addAsTest')}
                  </Button>
                )}
                <Button
                  leftSection={<IconReload size={16} />}
                  onClick={() => (replayOn ? void replay.refetch() : setReplayOn(true))}
                  loading={replay.isFetching}
                >
                  {t('decisions.replay')}
                </Button>
              </>
            }
          />
          <Stack gap="md">
            <ErrorAlert error={addTest.error} />
            {replay.error ? <ErrorAlert error={replay.error} /> : null}
            {replay.data && (
              <Alert
                color={replay.data.identical ? 'teal' : 'red'}
                icon={replay.data.identical ? <IconCheck size={18} /> : <IconX size={18} />}
                data-testid="replay-result"
              >
                {replay.data.identical ? t('decisions.replayIdentical') : t('decisions.replayDifferent')} ·{' '}
                {t('decisions.engine')} {replay.data.replayed.engineVersion}
                {d.pseudonymised.length > 0 && (
                  <Text size="sm" mt={4} data-testid="replay-stand-ins">
                    {t('personalData.replayStandIns', { count: d.pseudonymised.length })}
                  </Text>
                )}
              </Alert>
            )}
            <Grid gutter="md">
              <Grid.Col span={{ base: 12, lg: 6 }}>
                <Card>
                  <Title order={2} size="h4" mb="sm">
                    {t('decisions.outcome')}
                  </Title>
                  <OutcomeView outcome={d.outcome} />
                </Card>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 6 }}>
                <Card>
                  <Title order={2} size="h4" mb="sm">
                    {t('decisions.facts')}
                  </Title>
                  <FactsJson value={d.facts} testId="facts" />
                  <Text size="xs" c="dimmed" mt="xs" ff="monospace">
                    {t('policy.hash')} {d.contentHash.slice(0, 16)} · {t('decisions.engine')}{' '}
                    {d.engineVersion}
                  </Text>
                </Card>
              </Grid.Col>
            </Grid>
            <Card>
              <Title order={2} size="h4" mb="sm">
                {t('personalData.title')}
              </Title>
              <PersonalDataPanel decision={d} subject={subject.data?.subject} />
            </Card>
            {(d.trace ?? replay.data?.replayed.trace) && (
              <Card>
                <Title order={2} size="h4" mb="sm">
                  {t('playground.trace')}
                </Title>
                <TraceView
                  trace={d.trace ?? replay.data?.replayed.trace ?? []}
                  subject={subject.data?.subject}
                  titles={outcomeTitles(d.outcome)}
                />
              </Card>
            )}
          </Stack>
        </>
      )}
    </QueryState>
  );
}
