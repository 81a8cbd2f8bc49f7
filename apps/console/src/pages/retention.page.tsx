import { Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { LegalHold } from '@precept/schema';
import { IconLock, IconPlayerPlay, IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../features/errors/ErrorAlert/ErrorAlert';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { dualRoleOf, type HoldStep } from '../features/retention/dual-control';
import { HoldRequestForm, type HoldRequest } from '../features/retention/HoldRequestForm/HoldRequestForm';
import { HoldsTable, useHoldScope } from '../features/retention/HoldsTable/HoldsTable';
import { LogMonths } from '../features/retention/LogMonths/LogMonths';
import { PeriodRequestForm } from '../features/retention/PeriodRequestForm/PeriodRequestForm';
import { ReasonDialog } from '../features/retention/ReasonDialog/ReasonDialog';
import { StepActions } from '../features/retention/ReasonField/ReasonField';
import { RetentionPeriods, type PeriodStep } from '../features/retention/RetentionPeriods/RetentionPeriods';
import { RetentionRunResult } from '../features/retention/RetentionRunResult/RetentionRunResult';
import { useSessionUser } from '../features/session/session-store';
import { useLanguage } from '../i18n/use-language';
import { useBusinessTimeZone } from '../lib/time-zone';
import { useTRPC, useTRPCClient } from '../lib/trpc';

/** The hold steps that ask (a reason of at least 3 characters) rather than decide (a comment). */
const ASKS: ReadonlySet<HoldStep> = new Set(['requestLift']);

/**
 * Retention of the decision log: the default and per-policy periods, the legal holds that stop
 * deletion, the months of the log with what retention makes of them, and the retention job run
 * on demand. Every change is a request one role makes and the other decides (dual control),
 * audited; the server's refusal shows with its own words.
 */
export function RetentionPage() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const user = useSessionUser();
  const timeZone = useBusinessTimeZone();
  const overview = useQuery(trpc.retention.overview.queryOptions());
  const policies = useQuery(trpc.policies.list.queryOptions({}));
  const policyList = (policies.data ?? []).map((p) => ({ key: p.policy.key, title: pick(p.policy.title) }));
  const titles = new Map(policyList.map((p) => [p.key, p.title]));
  const policyTitle = (key: string) => titles.get(key) ?? key;
  const scopeOf = useHoldScope(policyTitle);
  const [holdForm, setHoldForm] = useState(false);
  const [holdStep, setHoldStep] = useState<{ hold: LegalHold; step: HoldStep } | null>(null);
  const [periodStep, setPeriodStep] = useState<PeriodStep | null>(null);
  const [runConfirm, setRunConfirm] = useState(false);
  const hints = { FORBIDDEN: t('retention.forbiddenHint') };

  const refresh = () => queryClient.invalidateQueries(trpc.retention.overview.pathFilter());
  const done = async (message: string) => {
    await refresh();
    notifications.show({ color: 'teal', message });
  };

  const requestHold = useMutation({
    mutationFn: (request: HoldRequest) => client.retention.requestHold.mutate(request),
    onSuccess: async () => {
      setHoldForm(false);
      await done(t('retention.holdRequested'));
    },
  });
  const stepHold = useMutation({
    mutationFn: ({ hold, step, text }: { hold: LegalHold; step: HoldStep; text: string }) => {
      const id = hold.id;
      switch (step) {
        case 'approve':
          return client.retention.approveHold.mutate({ id, comment: text });
        case 'reject':
          return client.retention.rejectHold.mutate({ id, comment: text });
        case 'requestLift':
          return client.retention.requestLift.mutate({ id, reason: text });
        case 'approveLift':
          return client.retention.approveLift.mutate({ id, comment: text });
        case 'rejectLift':
          return client.retention.rejectLift.mutate({ id, comment: text });
      }
    },
    onSuccess: async (_, { step }) => {
      setHoldStep(null);
      await done(t(`retention.stepDone.${step}`));
    },
  });
  const stepPeriod = useMutation({
    mutationFn: (input: { step: PeriodStep; months?: number | null; text: string }) => {
      const { step, text } = input;
      switch (step.kind) {
        case 'request':
          return client.retention.requestPeriod.mutate({
            policyKey: step.policyKey,
            months: input.months ?? null,
            reason: text,
          });
        case 'approve':
          return client.retention.approvePeriod.mutate({ id: step.change.id, comment: text });
        case 'reject':
          return client.retention.rejectPeriod.mutate({ id: step.change.id, comment: text });
      }
    },
    onSuccess: async (_, { step }) => {
      setPeriodStep(null);
      await done(t(`retention.periodDone.${step.kind}`));
    },
  });
  const run = useMutation(
    trpc.retention.run.mutationOptions({
      onSuccess: async () => {
        setRunConfirm(false);
        await refresh();
      },
    }),
  );

  const canAct = dualRoleOf(user) !== null;
  const heldScope = holdStep ? scopeOf(holdStep.hold) : null;
  return (
    <>
      <PageHeader
        title={t('retention.title')}
        subtitle={t('retention.subtitle')}
        actions={
          canAct && (
            <>
              <Button
                variant="default"
                leftSection={<IconLock size={16} />}
                onClick={() => {
                  requestHold.reset();
                  setHoldForm(true);
                }}
              >
                {t('retention.requestHold')}
              </Button>
              <Button
                leftSection={<IconPlayerPlay size={16} />}
                onClick={() => {
                  run.reset();
                  setRunConfirm(true);
                }}
              >
                {t('retention.runNow')}
              </Button>
            </>
          )
        }
      />
      <QueryState query={overview}>
        {(data) => (
          <Stack gap="md">
            {run.data && (
              <RetentionRunResult run={run.data} policyTitle={policyTitle} onClose={() => run.reset()} />
            )}
            <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
              <Card>
                <Text size="xs" c="dimmed">
                  {t('retention.defaultPeriod')}
                </Text>
                <Text fw={700} size="xl" data-testid="default-months">
                  {t('retention.monthsN', { months: data.defaultMonths })}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('retention.defaultFromConfig')}
                </Text>
              </Card>
              <Card>
                <Text size="xs" c="dimmed">
                  {t('retention.guard')}
                </Text>
                <Group gap={6} my={4}>
                  <IconShieldLock size={18} aria-hidden />
                  <Badge
                    color={data.guard === 'full' ? 'teal' : 'yellow'}
                    variant="light"
                    data-testid="guard"
                  >
                    {t(`retention.guardLevel.${data.guard}`)}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {t(`retention.guardHint.${data.guard}`)}
                </Text>
              </Card>
              <Card>
                <Text size="xs" c="dimmed">
                  {t('retention.dualControl')}
                </Text>
                <Text size="sm" mt={4}>
                  {t('retention.dualControlRule')}
                </Text>
              </Card>
            </SimpleGrid>

            <Card p={0}>
              <Group justify="space-between" p="md" pb="xs">
                <Title order={2} size="h4">
                  {t('retention.holds')}
                </Title>
              </Group>
              <HoldsTable
                holds={data.holds}
                user={user}
                policyTitle={policyTitle}
                onStep={(hold, step) => {
                  stepHold.reset();
                  setHoldStep({ hold, step });
                }}
              />
            </Card>

            <Card>
              <Title order={2} size="h4" mb="xs">
                {t('retention.periods')}
              </Title>
              <RetentionPeriods
                policies={policyList}
                periods={data.periods}
                defaultMonths={data.defaultMonths}
                changes={data.changes}
                user={user}
                onStep={(step) => {
                  stepPeriod.reset();
                  setPeriodStep(step);
                }}
              />
            </Card>

            <Card p={0}>
              <Stack gap={2} p="md" pb="xs">
                <Title order={2} size="h4">
                  {t('retention.months')}
                </Title>
                <Text size="xs" c="dimmed">
                  {t('retention.monthsHint')}
                </Text>
              </Stack>
              <LogMonths partitions={data.partitions} holds={data.holds} policyTitle={policyTitle} />
            </Card>

            <Modal
              opened={periodStep?.kind === 'request'}
              onClose={() => setPeriodStep(null)}
              title={t('retention.changeTitle')}
            >
              {periodStep?.kind === 'request' && (
                <PeriodRequestForm
                  policyTitle={policyTitle(periodStep.policyKey)}
                  currentMonths={
                    data.periods.find((p) => p.policyKey === periodStep.policyKey)?.months ?? null
                  }
                  defaultMonths={data.defaultMonths}
                  pending={stepPeriod.isPending}
                  error={<ErrorAlert error={stepPeriod.error} hints={hints} />}
                  onSubmit={({ months, reason }) =>
                    stepPeriod.mutate({ step: periodStep, months, text: reason })
                  }
                  onCancel={() => setPeriodStep(null)}
                />
              )}
            </Modal>
          </Stack>
        )}
      </QueryState>

      <Modal
        opened={holdForm}
        onClose={() => setHoldForm(false)}
        title={t('retention.requestHold')}
        size="lg"
      >
        <HoldRequestForm
          policies={policyList.map((p) => ({ value: p.key, label: p.title }))}
          timeZone={timeZone}
          pending={requestHold.isPending}
          error={<ErrorAlert error={requestHold.error} hints={hints} />}
          onSubmit={(request) => requestHold.mutate(request)}
          onCancel={() => setHoldForm(false)}
        />
      </Modal>

      <ReasonDialog
        opened={holdStep !== null}
        title={holdStep ? t(`retention.stepTitle.${holdStep.step}`) : ''}
        description={
          holdStep && heldScope ? (
            <>
              <Text size="sm" fw={500}>
                {heldScope.policy} · {heldScope.range}
              </Text>
              <Text size="sm">{holdStep.hold.reason}</Text>
            </>
          ) : undefined
        }
        label={holdStep && ASKS.has(holdStep.step) ? t('retention.reason') : t('retention.comment')}
        minLength={holdStep && ASKS.has(holdStep.step) ? 3 : 1}
        confirmLabel={holdStep ? t(`retention.steps.${holdStep.step}`) : ''}
        confirmColor={holdStep?.step === 'reject' || holdStep?.step === 'rejectLift' ? 'red' : undefined}
        pending={stepHold.isPending}
        error={<ErrorAlert error={stepHold.error} hints={hints} />}
        onConfirm={(text) => holdStep && stepHold.mutate({ ...holdStep, text })}
        onClose={() => setHoldStep(null)}
      />

      <ReasonDialog
        opened={periodStep !== null && periodStep.kind !== 'request'}
        title={
          periodStep?.kind === 'reject' ? t('retention.rejectPeriodTitle') : t('retention.approvePeriodTitle')
        }
        description={
          periodStep && periodStep.kind !== 'request'
            ? `${periodStep.change.policyKey === null ? t('retention.defaultPeriod') : policyTitle(periodStep.change.policyKey)} · ${
                periodStep.change.months === null
                  ? t('retention.backToDefault', { months: overview.data?.defaultMonths ?? 0 })
                  : t('retention.monthsN', { months: periodStep.change.months })
              } · ${periodStep.change.reason}`
            : undefined
        }
        label={t('retention.comment')}
        confirmLabel={
          periodStep?.kind === 'reject' ? t('retention.steps.reject') : t('retention.steps.approve')
        }
        confirmColor={periodStep?.kind === 'reject' ? 'red' : undefined}
        pending={stepPeriod.isPending}
        error={<ErrorAlert error={stepPeriod.error} hints={hints} />}
        onConfirm={(text) => periodStep && stepPeriod.mutate({ step: periodStep, text })}
        onClose={() => setPeriodStep(null)}
      />

      <Modal opened={runConfirm} onClose={() => setRunConfirm(false)} title={t('retention.runTitle')}>
        <Stack gap="sm">
          <Text size="sm">{t('retention.runExplain')}</Text>
          <ErrorAlert error={run.error} hints={hints} />
          <StepActions
            label={t('retention.runNow')}
            color="red"
            disabled={false}
            pending={run.isPending}
            onConfirm={() => run.mutate()}
            onCancel={() => setRunConfirm(false)}
          />
        </Stack>
      </Modal>
    </>
  );
}
