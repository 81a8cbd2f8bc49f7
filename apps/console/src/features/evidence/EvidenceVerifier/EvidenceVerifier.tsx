import { Alert, Badge, Button, FileInput, Group, Stack, Table, Text } from '@mantine/core';
import {
  IconCircleCheck,
  IconCircleX,
  IconFileCheck,
  IconShieldCheck,
  IconShieldX,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '../../../lib/trpc';

/** What verifying a package found: `ok`, the signing key's id, and each check with its finding. */
export type EvidenceVerificationResult = RouterOutputs['evidence']['verify'];

/** What the reader picked: the parsed package, and the PEM key to trust if they gave one. */
export interface EvidenceToVerify {
  evidence: Record<string, unknown>;
  publicKey?: string;
}

/** Reads a package file: its JSON object, or why it is not one. */
export async function readEvidenceFile(
  file: File,
): Promise<
  | { ok: true; evidence: Record<string, unknown> }
  | { ok: false; reason: 'notJson' | 'notObject'; message: string }
> {
  const text = await file.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'notJson', message: error instanceof Error ? error.message : String(error) };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, reason: 'notObject', message: '' };
  }
  return { ok: true, evidence: parsed as Record<string, unknown> };
}

/**
 * Checks a downloaded evidence package: pick the file (and, optionally, the public key to trust —
 * the server's own otherwise); the server recomputes the rows' hash, checks the Ed25519 signature,
 * the signing key and, for the audit log, the hash chain, and each check shows with its finding.
 */
export function EvidenceVerifier({
  onVerify,
  pending,
  result,
  error,
}: {
  onVerify: (input: EvidenceToVerify) => void;
  pending: boolean;
  result: EvidenceVerificationResult | undefined;
  /** The server's refusal, explained (an `ErrorAlert`). */
  error?: ReactNode;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [keyFile, setKeyFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const verify = async () => {
    if (!file) return;
    setProblem(null);
    const read = await readEvidenceFile(file);
    if (!read.ok) {
      setProblem(
        read.reason === 'notJson'
          ? t('evidence.notJson', { message: read.message })
          : t('evidence.notObject'),
      );
      return;
    }
    const publicKey = keyFile ? (await keyFile.text()).trim() : undefined;
    onVerify({ evidence: read.evidence, ...(publicKey ? { publicKey } : {}) });
  };
  return (
    <Stack gap="sm" data-testid="evidence-verifier">
      <Text size="sm" c="dimmed">
        {t('evidence.verifyHint')}
      </Text>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <FileInput
          label={t('evidence.packageFile')}
          placeholder={t('evidence.chooseFile')}
          accept="application/json,.json"
          value={file}
          onChange={(next) => {
            setFile(next);
            setProblem(null);
          }}
          leftSection={<IconFileCheck size={16} />}
          clearable
          w={{ base: '100%', sm: 300 }}
        />
        <FileInput
          label={t('evidence.trustedKey')}
          description={t('evidence.trustedKeyHint')}
          placeholder={t('evidence.chooseKey')}
          accept=".pem,application/x-pem-file,text/plain"
          value={keyFile}
          onChange={setKeyFile}
          clearable
          w={{ base: '100%', sm: 300 }}
        />
        <Button
          leftSection={<IconShieldCheck size={16} />}
          disabled={!file}
          loading={pending}
          onClick={() => void verify()}
        >
          {t('evidence.verify')}
        </Button>
      </Group>
      {problem && (
        <Alert color="red" role="alert" icon={<IconShieldX size={18} />}>
          {problem}
        </Alert>
      )}
      {error}
      {result && (
        <Stack gap={6} data-testid="verification" data-ok={result.ok}>
          <Alert
            color={result.ok ? 'teal' : 'red'}
            icon={result.ok ? <IconShieldCheck size={18} /> : <IconShieldX size={18} />}
            title={result.ok ? t('evidence.verified') : t('evidence.notVerified')}
          >
            {result.keyId ? t('evidence.verifiedKey', { keyId: result.keyId }) : t('evidence.noKey')}
          </Alert>
          <Table verticalSpacing={6} layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={100}>{t('evidence.check')}</Table.Th>
                <Table.Th w={86}>{t('evidence.checkResult')}</Table.Th>
                <Table.Th>{t('evidence.checkDetail')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.checks.map((check) => (
                <Table.Tr key={check.name} data-check={check.name} data-ok={check.ok}>
                  <Table.Td>
                    <Text size="sm">{t(`evidence.checks.${check.name}`)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      size="sm"
                      variant="light"
                      color={check.ok ? 'teal' : 'red'}
                      leftSection={check.ok ? <IconCircleCheck size={12} /> : <IconCircleX size={12} />}
                    >
                      {check.ok ? t('evidence.pass') : t('evidence.fail')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                      {check.detail}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Stack>
  );
}
