import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import type { JsonObject, Subject } from '@precept/schema';
import { IconEyeOff, IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { FieldPathList } from '../FieldPathList/FieldPathList';
import { dottedPathOf, personalPathsIn } from '../personal-data';

/** What one decision holds of a person, and why it is stored and shown as it is. */
export interface PersonalDataOfDecision {
  version: number;
  facts: JsonObject;
  /** JSON paths stored as pseudonyms (the version does not read them). */
  pseudonymised: readonly string[];
  /** True when this copy shows personal values as pseudonyms (the reader's roles). */
  masked: boolean;
}

/**
 * The personal data of a decision explained: which fields the log stores only as pseudonyms
 * because the deciding version does not read them, which it keeps in clear because the version
 * does, and — for a reader whose role may not see personal data — that the values shown are
 * pseudonyms.
 */
export function PersonalDataPanel({
  decision,
  subject,
}: {
  decision: PersonalDataOfDecision;
  subject: Subject | undefined;
}) {
  const { t } = useTranslation();
  const pseudonymised = decision.pseudonymised.map(dottedPathOf);
  const stored = new Set(pseudonymised.map((path) => path.split('.')[0]));
  const clear = personalPathsIn(subject, decision.facts).filter((path) => !stored.has(path.split('.')[0]));
  if (pseudonymised.length === 0 && clear.length === 0 && !decision.masked) {
    return (
      <Text size="sm" c="dimmed" data-testid="personal-data">
        {t('personalData.noPersonal')}
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="personal-data" data-masked={decision.masked || undefined}>
      {decision.masked && (
        <Alert
          color="grape"
          variant="light"
          icon={<IconEyeOff size={18} />}
          title={t('personalData.maskedTitle')}
        >
          <Text size="sm">{t('personalData.maskedBody')}</Text>
        </Alert>
      )}
      {pseudonymised.length > 0 && (
        <div data-testid="pseudonymised">
          <Group gap={6}>
            <IconLock size={16} aria-hidden />
            <Text size="sm" fw={600}>
              {t('personalData.pseudonymisedTitle')}
            </Text>
          </Group>
          <Text size="sm" c="dimmed" mt={2}>
            {t('personalData.pseudonymisedWhy', { version: decision.version })}
          </Text>
          <FieldPathList paths={pseudonymised} subject={subject} />
        </div>
      )}
      {clear.length > 0 && (
        <div data-testid="stored-in-clear">
          <Group gap={6}>
            <Text size="sm" fw={600}>
              {t('personalData.clearTitle')}
            </Text>
            {decision.masked && (
              <Badge size="xs" color="grape" variant="light">
                {t('personalData.shownAsPseudonyms')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" mt={2}>
            {t('personalData.clearWhy', { version: decision.version })}
          </Text>
          <FieldPathList paths={clear} subject={subject} />
        </div>
      )}
    </Stack>
  );
}
