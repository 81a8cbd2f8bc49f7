import { Button, Group, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The words a dual-control step records in the audit log: required, at least `minLength` characters. */
export function ReasonField({
  label,
  minLength,
  value,
  onChange,
  autoFocus = false,
}: {
  label: string;
  minLength: number;
  value: string;
  onChange: (value: string) => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Textarea
      label={label}
      description={t('retention.auditedHint', { min: minLength })}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      withAsterisk
      autosize
      minRows={2}
      data-autofocus={autoFocus || undefined}
    />
  );
}

/** Cancel, and the step's own button (disabled until the form holds what it needs). */
export function StepActions({
  label,
  color,
  disabled,
  pending,
  onConfirm,
  onCancel,
}: {
  label: string;
  color?: string | undefined;
  disabled: boolean;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button color={color} disabled={disabled} loading={pending} onClick={onConfirm}>
        {label}
      </Button>
    </Group>
  );
}
