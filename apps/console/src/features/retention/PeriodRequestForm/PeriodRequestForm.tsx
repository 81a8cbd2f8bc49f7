import { Checkbox, NumberInput, Stack, Text } from '@mantine/core';
import { MAX_RETENTION_MONTHS } from '@precept/schema';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MIN_REASON } from '../HoldRequestForm/HoldRequestForm';
import { ReasonField, StepActions } from '../ReasonField/ReasonField';

/**
 * Asks to change one policy's retention period: a number of months, or back to the default, with
 * the reason the audit log keeps.
 */
export function PeriodRequestForm({
  policyTitle,
  currentMonths,
  defaultMonths,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  policyTitle: string;
  /** The policy's own period, or null when it follows the default. */
  currentMonths: number | null;
  defaultMonths: number;
  pending: boolean;
  error?: ReactNode;
  onSubmit: (request: { months: number | null; reason: string }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [useDefault, setUseDefault] = useState(false);
  const [months, setMonths] = useState<number | string>(currentMonths ?? defaultMonths);
  const [reason, setReason] = useState('');
  const monthsValid =
    useDefault ||
    (typeof months === 'number' && Number.isInteger(months) && months >= 1 && months <= MAX_RETENTION_MONTHS);
  const valid = monthsValid && reason.trim().length >= MIN_REASON;
  return (
    <Stack gap="sm">
      <Text size="sm">
        {policyTitle} ·{' '}
        {currentMonths === null
          ? t('retention.followsDefault', { months: defaultMonths })
          : t('retention.monthsN', { months: currentMonths })}
      </Text>
      <Text size="sm" c="dimmed">
        {t('retention.periodHint')}
      </Text>
      {error}
      <Checkbox
        label={t('retention.useDefault', { months: defaultMonths })}
        checked={useDefault}
        onChange={(e) => setUseDefault(e.currentTarget.checked)}
        disabled={currentMonths === null}
      />
      <NumberInput
        label={t('retention.monthsLabel')}
        value={months}
        onChange={setMonths}
        min={1}
        max={MAX_RETENTION_MONTHS}
        allowDecimal={false}
        disabled={useDefault}
        error={!monthsValid ? t('retention.monthsRange', { max: MAX_RETENTION_MONTHS }) : undefined}
        w={200}
      />
      <ReasonField label={t('retention.reason')} minLength={MIN_REASON} value={reason} onChange={setReason} />
      <StepActions
        label={t('retention.submitRequest')}
        disabled={!valid}
        pending={pending}
        onConfirm={() => onSubmit({ months: useDefault ? null : Number(months), reason: reason.trim() })}
        onCancel={onCancel}
      />
    </Stack>
  );
}
