import { ActionIcon, Checkbox, Group, Stack, TextInput, Tooltip } from '@mantine/core';
import { IconSearch, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The longest personal value the server matches. */
const MAX_PERSON = 500;

/**
 * The value to look a person up by: the trimmed text, or its number when `asNumber` (an age is
 * stored as a number, and its pseudonym differs from the text's); null when there is nothing to
 * look for or the text is not a number as asked.
 */
export function personValueOf(text: string, asNumber: boolean): string | number | null {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > MAX_PERSON) return null;
  if (!asNumber) return trimmed;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : null;
}

/**
 * Finds the decisions about one person by a personal value as it was sent — a staff number, a
 * name. The value never goes into the address bar (it is personal data); the server matches its
 * pseudonym, so decisions that stored only the pseudonym are found too.
 */
export function PersonSearch({
  person,
  onChange,
}: {
  person: string | number | null;
  onChange: (person: string | number | null) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(person === null ? '' : String(person));
  const [asNumber, setAsNumber] = useState(typeof person === 'number');
  const value = personValueOf(text, asNumber);
  const numeric = Number.isFinite(Number(text.trim())) && text.trim() !== '';
  const search = () => onChange(value);
  return (
    <Stack gap={4}>
      <Group gap={4} align="flex-end" wrap="nowrap">
        <TextInput
          label={t('personalData.personSearch')}
          placeholder={t('personalData.personPlaceholder')}
          value={text}
          maxLength={MAX_PERSON}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') search();
          }}
          autoComplete="off"
          w={220}
          rightSection={
            person !== null ? (
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('personalData.clearPerson')}
                onClick={() => {
                  setText('');
                  onChange(null);
                }}
              >
                <IconX size={14} />
              </ActionIcon>
            ) : undefined
          }
        />
        <Tooltip label={t('personalData.personSearchHint')} multiline w={300} withArrow>
          <ActionIcon
            size="input-sm"
            variant="light"
            aria-label={t('personalData.findPerson')}
            onClick={search}
            disabled={value === null}
          >
            <IconSearch size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {numeric && (
        <Checkbox
          size="xs"
          label={t('personalData.asNumber')}
          checked={asNumber}
          onChange={(e) => setAsNumber(e.currentTarget.checked)}
        />
      )}
    </Stack>
  );
}
