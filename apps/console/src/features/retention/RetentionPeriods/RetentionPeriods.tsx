import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { RetentionChange } from '@precept/schema';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../session/session-store';
import { decisionRight, dualRoleOf } from '../dual-control';
import { DeciderNote, NotYourDecision, RequestTrail } from '../RequestTrail/RequestTrail';
import classes from '../retention.module.css';

const CHANGE_COLOR: Record<RetentionChange['status'], string> = {
  pending: 'yellow',
  approved: 'teal',
  rejected: 'gray',
};

/** A step on a period change, or a request for one. */
export type PeriodStep =
  { kind: 'request'; policyKey: string } | { kind: 'approve' | 'reject'; change: RetentionChange };

/**
 * The retention periods: each policy's (its own or the default), the change waiting for a
 * decision with who decides it, and every change asked for so far with its outcome.
 */
export function RetentionPeriods({
  policies,
  periods,
  defaultMonths,
  changes,
  user,
  onStep,
}: {
  policies: { key: string; title: string }[];
  periods: { policyKey: string; months: number }[];
  defaultMonths: number;
  changes: RetentionChange[];
  user: SessionUser | null;
  onStep: (step: PeriodStep) => void;
}) {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const own = new Map(periods.map((p) => [p.policyKey, p.months]));
  const pending = new Map(changes.filter((c) => c.status === 'pending').map((c) => [c.policyKey, c]));
  const titleOf = new Map(policies.map((p) => [p.key, p.title]));
  const canAsk = dualRoleOf(user) !== null;
  const monthsText = (months: number | null) =>
    months === null
      ? t('retention.backToDefault', { months: defaultMonths })
      : t('retention.monthsN', { months: months });
  const partsOf = (policy: { key: string; title: string }) => {
    const months = own.get(policy.key);
    const change = pending.get(policy.key);
    const right = change ? decisionRight(user, change) : null;
    return {
      policy: (
        <>
          <Text size="sm">{policy.title}</Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {policy.key}
          </Text>
        </>
      ),
      period: (
        <Group gap={6}>
          <Text size="sm">{t('retention.monthsN', { months: months ?? defaultMonths })}</Text>
          <Badge size="xs" variant="light" color={months === undefined ? 'gray' : 'brand'}>
            {months === undefined ? t('retention.default') : t('retention.own')}
          </Badge>
        </Group>
      ),
      change: change ? (
        <>
          <Text size="sm">{t('retention.changeTo', { months: monthsText(change.months) })}</Text>
          <Text size="xs" c="dimmed">
            {change.requestedBy} · {change.reason}
          </Text>
          <DeciderNote requestedAs={change.requestedAs} />
        </>
      ) : null,
      actions: change ? (
        right?.canDecide ? (
          <Group gap={6}>
            <Button size="xs" variant="light" onClick={() => onStep({ kind: 'approve', change })}>
              {t('retention.steps.approve')}
            </Button>
            <Button size="xs" variant="default" onClick={() => onStep({ kind: 'reject', change })}>
              {t('retention.steps.reject')}
            </Button>
          </Group>
        ) : (
          <NotYourDecision why={right?.why ?? 'role'} />
        )
      ) : canAsk ? (
        <Button size="xs" variant="subtle" onClick={() => onStep({ kind: 'request', policyKey: policy.key })}>
          {t('retention.requestChange')}
        </Button>
      ) : null,
    };
  };
  return (
    <Stack gap="md">
      {narrow ? (
        <Stack gap={0} data-testid="periods">
          {policies.map((policy) => {
            const parts = partsOf(policy);
            return (
              <Group
                key={policy.key}
                justify="space-between"
                align="flex-start"
                py="xs"
                className={classes.card}
                data-policy={policy.key}
              >
                <Stack gap={4}>
                  {parts.policy}
                  {parts.period}
                  {parts.change}
                </Stack>
                {parts.actions}
              </Group>
            );
          })}
        </Stack>
      ) : (
        <Table verticalSpacing="sm" data-testid="periods">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('retention.policy')}</Table.Th>
              <Table.Th w={180}>{t('retention.period')}</Table.Th>
              <Table.Th>{t('retention.pendingChange')}</Table.Th>
              <Table.Th w={200}>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {policies.map((policy) => {
              const parts = partsOf(policy);
              return (
                <Table.Tr key={policy.key} data-policy={policy.key}>
                  <Table.Td>{parts.policy}</Table.Td>
                  <Table.Td>{parts.period}</Table.Td>
                  <Table.Td>
                    {parts.change ?? (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{parts.actions}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <div>
        <Title order={3} size="h5" mb={6}>
          {t('retention.changes')}
        </Title>
        {changes.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('retention.noChanges')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing={6} data-testid="period-changes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('retention.policy')}</Table.Th>
                  <Table.Th>{t('retention.changeToHead')}</Table.Th>
                  <Table.Th>{t('retention.reason')}</Table.Th>
                  <Table.Th>{t('retention.status')}</Table.Th>
                  <Table.Th>{t('retention.history')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {changes.map((change) => (
                  <Table.Tr key={change.id}>
                    <Table.Td>
                      <Text size="sm">
                        {change.policyKey === null
                          ? t('retention.defaultPeriod')
                          : (titleOf.get(change.policyKey) ?? change.policyKey)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{monthsText(change.months)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{change.reason}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={CHANGE_COLOR[change.status]}>
                        {t(`retention.changeStatus.${change.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <RequestTrail record={change} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </div>
    </Stack>
  );
}
