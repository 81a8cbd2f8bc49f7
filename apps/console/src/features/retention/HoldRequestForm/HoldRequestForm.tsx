import { Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { businessDayRange } from '../../../lib/day-range';
import { ReasonField, StepActions } from '../ReasonField/ReasonField';

/** A legal hold as the form asks for it: a policy and/or a range of business days, and why. */
export interface HoldRequest {
  policyKey?: string;
  /** Start of the first day held (instant). */
  from?: string;
  /** Start of the day after the last day held (instant). */
  to?: string;
  reason: string;
}

/** The shortest reason the server takes for a dual-control request. */
export const MIN_REASON = 3;

/**
 * Asks for a legal hold: on one policy or every policy, on a range of days (either end open) or
 * all time, with the reason the audit log keeps. The days are the bank's business days; the last
 * day is included.
 */
export function HoldRequestForm({
  policies,
  timeZone,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  policies: { value: string; label: string }[];
  timeZone: string;
  pending: boolean;
  error?: ReactNode;
  onSubmit: (request: HoldRequest) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [policyKey, setPolicyKey] = useState<string | null>(null);
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [reason, setReason] = useState('');
  const range = businessDayRange(fromDay, toDay, timeZone);
  const backwards = range.from !== undefined && range.to !== undefined && range.to <= range.from;
  const valid = reason.trim().length >= MIN_REASON && !backwards;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('retention.holdHint')}
      </Text>
      {error}
      <Select
        label={t('retention.holdPolicy')}
        placeholder={t('retention.everyPolicy')}
        data={policies}
        value={policyKey}
        onChange={setPolicyKey}
        clearable
        searchable
        comboboxProps={{ withinPortal: false }}
      />
      <SimpleGrid cols={2} spacing="sm">
        <TextInput
          type="date"
          label={t('retention.holdFrom')}
          value={fromDay}
          onChange={(e) => setFromDay(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('retention.holdTo')}
          value={toDay}
          onChange={(e) => setToDay(e.currentTarget.value)}
          error={backwards ? t('retention.holdBackwards') : undefined}
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {t('retention.holdRangeHint')}
      </Text>
      <ReasonField label={t('retention.reason')} minLength={MIN_REASON} value={reason} onChange={setReason} />
      <StepActions
        label={t('retention.submitRequest')}
        disabled={!valid}
        pending={pending}
        onConfirm={() => onSubmit({ ...(policyKey ? { policyKey } : {}), ...range, reason: reason.trim() })}
        onCancel={onCancel}
      />
    </Stack>
  );
}
