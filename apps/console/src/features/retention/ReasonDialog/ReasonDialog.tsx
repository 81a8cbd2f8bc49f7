import { Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { ReasonField, StepActions } from '../ReasonField/ReasonField';

/**
 * One dual-control step that needs words for the audit log: an approval's or a rejection's
 * comment, a lift's reason. The text is required (`minLength` characters after trimming); the
 * server's refusal shows in `error` and the dialog stays open.
 */
export function ReasonDialog({
  opened,
  title,
  description,
  label,
  minLength = 1,
  confirmLabel,
  confirmColor,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  description?: ReactNode;
  label: string;
  minLength?: number;
  confirmLabel: string;
  confirmColor?: string;
  pending: boolean;
  error?: ReactNode;
  onConfirm: (text: string) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  useEffect(() => {
    if (opened) setText('');
  }, [opened]);
  const enough = text.trim().length >= minLength;
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <Stack gap="sm">
        {description && (
          <Text size="sm" c="dimmed" component="div">
            {description}
          </Text>
        )}
        {error}
        <ReasonField label={label} minLength={minLength} value={text} onChange={setText} autoFocus />
        <StepActions
          label={confirmLabel}
          color={confirmColor}
          disabled={!enough}
          pending={pending}
          onConfirm={() => onConfirm(text.trim())}
          onCancel={onClose}
        />
      </Stack>
    </Modal>
  );
}
