import { CopyButton, Group, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { pseudonymKeyId, shortPseudonym } from '../personal-data';
import classes from './PseudonymValue.module.css';

/**
 * A pseudonym where a personal value would be: a lock and the first digits of its HMAC. The full
 * pseudonym shows on hover or focus and is copied on click (with it an auditor finds the person's
 * other decisions); screen readers hear that it is a pseudonym, and its full value.
 */
export function PseudonymValue({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip
          label={
            <>
              <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                {value}
              </Text>
              <Text size="xs" mt={4}>
                {copied
                  ? t('personalData.copied')
                  : t('personalData.pseudonymHint', { keyId: pseudonymKeyId(value) })}
              </Text>
            </>
          }
          multiline
          w={340}
          withArrow
          events={{ hover: true, focus: true, touch: true }}
        >
          <UnstyledButton
            type="button"
            className={classes.pseudonym}
            onClick={copy}
            data-pseudonym={value}
            data-testid="pseudonym"
          >
            <Group component="span" gap={3} wrap="nowrap">
              {copied ? <IconCheck size={12} aria-hidden /> : <IconLock size={12} aria-hidden />}
              <span aria-hidden>{shortPseudonym(value)}</span>
              <VisuallyHidden>
                {t('personalData.pseudonymOf')}: {value}. {t('personalData.copyPseudonym')}
              </VisuallyHidden>
            </Group>
          </UnstyledButton>
        </Tooltip>
      )}
    </CopyButton>
  );
}
