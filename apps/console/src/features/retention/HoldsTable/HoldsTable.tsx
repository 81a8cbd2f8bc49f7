import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { LegalHold } from '@precept/schema';
import { IconLock } from '@tabler/icons-react';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../lib/format';
import type { SessionUser } from '../../session/session-store';
import { DeciderNote, NotYourDecision, RequestTrail } from '../RequestTrail/RequestTrail';
import classes from '../retention.module.css';
import {
  decisionRight,
  dualRoleOf,
  holdStageOf,
  holdStepsOf,
  pendingRequestOf,
  type HoldStage,
  type HoldStep,
} from '../dual-control';

const STAGE_COLOR: Record<HoldStage, string> = {
  requested: 'yellow',
  active: 'red',
  liftRequested: 'orange',
  rejected: 'gray',
  lifted: 'gray',
};

/** The day before an exclusive end instant: the last day a range covers. */
export function lastDayOf(exclusiveEnd: string): string {
  return new Date(Date.parse(exclusiveEnd) - 1).toISOString();
}

/** A hold's scope in words: the policy (or every policy) and the days (or all time). */
export function useHoldScope(policyTitle: (key: string) => string): (
  hold: Pick<LegalHold, 'policyKey' | 'from' | 'to'>,
) => {
  policy: string;
  range: string;
} {
  const { t } = useTranslation();
  const format = useFormatters();
  return (hold) => {
    const from = hold.from === null ? null : format.date(hold.from);
    const to = hold.to === null ? null : format.date(lastDayOf(hold.to));
    return {
      policy: hold.policyKey === null ? t('retention.everyPolicy') : policyTitle(hold.policyKey),
      range:
        from && to
          ? t('retention.rangeBoth', { from, to })
          : from
            ? t('retention.rangeFrom', { from })
            : to
              ? t('retention.rangeTo', { to })
              : t('retention.allTime'),
    };
  };
}

/** The parts of one hold as the table's cells (or, on a narrow screen, a card's lines). */
interface HoldParts {
  scope: ReactNode;
  reason: ReactNode;
  status: ReactNode;
  trail: ReactNode;
  actions: ReactNode;
}

/**
 * The legal holds: what each covers and why, where it stands (a hold blocks deletion from its
 * request until it is rejected or lifted), who asked and who decided, and the steps the reader
 * may take — or who decides instead of them. A table on wide screens, one card per hold on narrow.
 */
export function HoldsTable({
  holds,
  user,
  policyTitle,
  onStep,
}: {
  holds: LegalHold[];
  user: SessionUser | null;
  policyTitle: (key: string) => string;
  onStep: (hold: LegalHold, step: HoldStep) => void;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const scopeOf = useHoldScope(policyTitle);
  const narrow = useMediaQuery('(max-width: 48em)');
  const myRole = dualRoleOf(user);
  if (holds.length === 0) {
    return (
      <Text c="dimmed" ta="center" p="lg" size="sm">
        {t('retention.noHolds')}
      </Text>
    );
  }
  const partsOf = (hold: LegalHold): HoldParts => {
    const scope = scopeOf(hold);
    const stage = holdStageOf(hold);
    const pending = pendingRequestOf(hold);
    const right = pending ? decisionRight(user, pending) : null;
    const steps = holdStepsOf(hold).filter((step) =>
      step === 'requestLift' ? myRole !== null : right?.canDecide,
    );
    return {
      scope: (
        <>
          <Text size="sm" fw={500}>
            {scope.policy}
          </Text>
          <Text size="xs" c="dimmed">
            {scope.range}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {hold.id.slice(0, 13)}
          </Text>
        </>
      ),
      reason: (
        <>
          <Text size="sm">{hold.reason}</Text>
          {hold.liftReason && (
            <Text size="xs" c="orange.9" mt={4}>
              {t('retention.liftReason', { reason: hold.liftReason })}
            </Text>
          )}
        </>
      ),
      status: (
        <>
          <Group gap={4}>
            <Badge color={STAGE_COLOR[stage]} variant="light" data-testid="hold-stage">
              {t(`retention.stage.${stage}`)}
            </Badge>
            {hold.blocking && (
              <Badge color="red" variant="outline" leftSection={<IconLock size={11} />}>
                {t('retention.blocking')}
              </Badge>
            )}
          </Group>
          {pending && <DeciderNote requestedAs={pending.requestedAs} />}
        </>
      ),
      trail: (
        <Stack gap={2}>
          <RequestTrail record={hold} />
          {hold.liftRequestedBy && hold.liftRequestedAs && hold.liftRequestedAt && (
            <Text size="xs">
              {t('retention.liftAskedBy', {
                who: hold.liftRequestedBy,
                role: t(`role.${hold.liftRequestedAs}`),
                at: format.dateTime(hold.liftRequestedAt),
              })}
            </Text>
          )}
          {hold.liftedBy && hold.liftedAt && (
            <Text size="xs">
              {t('retention.liftedBy', { who: hold.liftedBy, at: format.dateTime(hold.liftedAt) })}
            </Text>
          )}
        </Stack>
      ),
      actions:
        steps.length > 0 ? (
          <Group gap={6}>
            {steps.map((step) => (
              <Button
                key={step}
                size="xs"
                variant={step === 'reject' || step === 'rejectLift' ? 'default' : 'light'}
                color={step === 'requestLift' ? 'orange' : undefined}
                onClick={() => onStep(hold, step)}
              >
                {t(`retention.steps.${step}`)}
              </Button>
            ))}
          </Group>
        ) : right && !right.canDecide ? (
          <NotYourDecision why={right.why} />
        ) : null,
    };
  };
  if (narrow) {
    return (
      <Stack gap={0} data-testid="holds">
        {holds.map((hold) => {
          const parts = partsOf(hold);
          return (
            <Stack
              key={hold.id}
              gap={6}
              p="md"
              className={classes.card}
              data-hold={hold.id}
              data-stage={holdStageOf(hold)}
            >
              {parts.scope}
              {parts.status}
              {parts.reason}
              {parts.trail}
              {parts.actions}
            </Stack>
          );
        })}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table verticalSpacing="sm" data-testid="holds">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={220}>{t('retention.scope')}</Table.Th>
            <Table.Th>{t('retention.reason')}</Table.Th>
            <Table.Th w={190}>{t('retention.status')}</Table.Th>
            <Table.Th w={230}>{t('retention.history')}</Table.Th>
            <Table.Th w={210}>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {holds.map((hold) => {
            const parts = partsOf(hold);
            return (
              <Table.Tr key={hold.id} data-hold={hold.id} data-stage={holdStageOf(hold)}>
                <Table.Td>{parts.scope}</Table.Td>
                <Table.Td>{parts.reason}</Table.Td>
                <Table.Td>{parts.status}</Table.Td>
                <Table.Td>{parts.trail}</Table.Td>
                <Table.Td>{parts.actions}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
