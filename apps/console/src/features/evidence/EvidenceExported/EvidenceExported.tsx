import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy, IconDownload, IconSignature } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { downloadText } from '../../../lib/download';
import { useTRPC } from '../../../lib/trpc';
import { publicKeyFileName, verifyCommand, type ExportedEvidence } from '../use-evidence-export';

/**
 * Says what was just downloaded and how its recipient checks it: the signing key's id (and whether
 * it is the key this server publishes), the public key to save beside the package, and the
 * offline command; personal data in clear or as pseudonyms for decision-log packages.
 */
export function EvidenceExported({
  exported,
  onClose,
  verifiesHere = false,
}: {
  exported: ExportedEvidence;
  onClose: () => void;
  /** The page offers the upload check itself (the audit log): no pointer to it. */
  verifiesHere?: boolean;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const published = useQuery({ ...trpc.system.signingKey.queryOptions(), staleTime: Infinity });
  const isPublished = published.data?.keyId === exported.keyId;
  // The key to trust is the one the server publishes; the package's own is only a fallback.
  const pem = isPublished && published.data ? published.data.publicKey : exported.publicKey;
  const command = verifyCommand(exported.fileName, exported.keyId);
  return (
    <Alert
      color="teal"
      variant="light"
      icon={<IconSignature size={18} />}
      title={t('evidence.exportedTitle')}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      data-testid="evidence-exported"
    >
      <Stack gap={8}>
        <Text size="sm">
          {t('evidence.exportedFile', { file: exported.fileName, count: exported.count })}
        </Text>
        <Group gap="xs">
          <Text size="sm">{t('evidence.signedWith')}</Text>
          <Code data-testid="signing-key-id">{exported.keyId}</Code>
          {published.data && (
            <Badge size="sm" variant="light" color={isPublished ? 'teal' : 'red'}>
              {isPublished ? t('evidence.keyPublished') : t('evidence.keyNotPublished')}
            </Badge>
          )}
          {exported.personalData && (
            <Badge size="sm" variant="light" color={exported.personalData === 'clear' ? 'orange' : 'grape'}>
              {exported.personalData === 'clear' ? t('evidence.personalClear') : t('evidence.personalMasked')}
            </Badge>
          )}
        </Group>
        <Text size="sm">{t('evidence.howToVerify')}</Text>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <Code
            block
            style={{ flex: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
            data-testid="verify-command"
          >
            {command}
          </Code>
          <CopyButton value={command}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('common.copied') : t('evidence.copyCommand')} withArrow>
                <ActionIcon
                  variant="subtle"
                  color="teal"
                  onClick={copy}
                  aria-label={t('evidence.copyCommand')}
                >
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Group gap="sm">
          <Button
            size="xs"
            variant="white"
            color="teal"
            leftSection={<IconDownload size={14} />}
            onClick={() => downloadText(publicKeyFileName(exported.keyId), pem, 'application/x-pem-file')}
          >
            {t('evidence.downloadKey')}
          </Button>
          {!verifiesHere && (
            <Text size="xs" c="dimmed">
              {t('evidence.orUpload')}
            </Text>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
