import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../errors/ErrorAlert/ErrorAlert';

/** Asks for the change note (why) and submits a draft for review; shows why a submit was refused. */
export function SubmitDialog({
  opened,
  version,
  initialNote,
  onClose,
  onSubmit,
  isSubmitting,
  error,
  document,
}: {
  opened: boolean;
  version: number;
  initialNote: string;
  onClose: () => void;
  onSubmit: (changeNote: string) => void;
  isSubmitting: boolean;
  error: unknown;
  document?: unknown;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState(initialNote);
  return (
    <Modal opened={opened} onClose={onClose} title={t('draft.submitTitle', { version })} size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('draft.submitHint')}
        </Text>
        <ErrorAlert error={error} document={document} />
        <Textarea
          label={t('draft.changeNote')}
          placeholder={t('draft.changeNotePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={3}
          withAsterisk
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => onSubmit(note.trim())} disabled={!note.trim()} loading={isSubmitting}>
            {t('draft.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
