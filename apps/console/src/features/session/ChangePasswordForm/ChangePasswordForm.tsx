import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { MIN_PASSWORD_LENGTH } from '@precept/schema';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Props of {@link ChangePasswordForm}. */
export interface ChangePasswordFormProps {
  /** Called with the passwords once the form's own checks pass. */
  onSubmit: (passwords: { currentPassword: string; newPassword: string }) => void;
  onCancel: () => void;
  pending: boolean;
  /** The server's refusal, shown above the buttons (a wrong current password, a throttled attempt). */
  error?: ReactNode;
}

/**
 * A person's own password change: the current password, the new one twice. It checks what it can
 * before sending (the server's minimum length, the two new ones alike); the server checks the
 * current password and ends the person's other sessions.
 */
export function ChangePasswordForm({ onSubmit, onCancel, pending, error }: ChangePasswordFormProps) {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [checked, setChecked] = useState(false);
  const tooShort = newPassword.length < MIN_PASSWORD_LENGTH;
  const mismatch = confirmation !== newPassword;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (currentPassword === '' || tooShort || mismatch) return;
    onSubmit({ currentPassword, newPassword });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <PasswordInput
          label={t('session.currentPassword')}
          autoComplete="current-password"
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.currentTarget.value)}
          error={checked && currentPassword === '' ? t('session.currentRequired') : undefined}
          data-autofocus
          required
        />
        <PasswordInput
          label={t('session.newPassword')}
          description={t('session.passwordRule', { min: MIN_PASSWORD_LENGTH })}
          autoComplete="new-password"
          value={newPassword}
          onChange={(event) => setNewPassword(event.currentTarget.value)}
          error={
            checked && tooShort ? t('session.passwordTooShort', { min: MIN_PASSWORD_LENGTH }) : undefined
          }
          required
        />
        <PasswordInput
          label={t('session.confirmPassword')}
          autoComplete="new-password"
          value={confirmation}
          onChange={(event) => setConfirmation(event.currentTarget.value)}
          error={checked && mismatch ? t('session.passwordMismatch') : undefined}
          required
        />
        {error}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {t('session.changePassword')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
