import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  JsonInput,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { textIn, type JsonObject, type LocalizedName, type TestCase } from '@precept/schema';
import { IconEdit, IconPlayerPlay, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage, withNameText } from '../../../i18n/use-language';
import { useTRPC, type RouterOutputs } from '../../../lib/trpc';
import { ErrorAlert } from '../../errors/ErrorAlert/ErrorAlert';
import { QueryState } from '../../layout/QueryState/QueryState';
import { hasRole, useSessionUser } from '../../session/session-store';
import { TestRunResults } from '../TestRunResults/TestRunResults';

type StoredTestCase = RouterOutputs['testCases']['list'][number];

function parseObject(text: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : null;
  } catch {
    return null;
  }
}

/** The form of a test case: name, as-of date, facts and expected outcome as JSON. */
export function TestCaseModal({
  policyKey,
  version,
  initial,
  opened,
  onClose,
}: {
  policyKey: string;
  /** The draft (or version in review, which an edit sends back to draft) whose tests change. */
  version: number;
  initial: (Partial<TestCase> & { id?: string }) | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { textLanguage } = useLanguage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A bilingual name is edited in the current language, its other half kept; a new name is one text.
  const [name, setName] = useState<LocalizedName>(initial?.name ?? '');
  const nameText = textIn(name, textLanguage);
  const [asOf, setAsOf] = useState(initial?.asOf?.slice(0, 10) ?? '');
  const [facts, setFacts] = useState(JSON.stringify(initial?.facts ?? {}, null, 2));
  const [expect, setExpect] = useState(JSON.stringify(initial?.expect ?? {}, null, 2));
  const onSuccess = async () => {
    // A test edit is a change of the version: its status, editors and lock version may move.
    await queryClient.invalidateQueries(trpc.testCases.pathFilter());
    await queryClient.invalidateQueries(trpc.policies.pathFilter());
    notifications.show({ color: 'teal', message: t('tests.saved') });
    onClose();
  };
  const create = useMutation(trpc.testCases.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.testCases.update.mutationOptions({ onSuccess }));
  const parsedFacts = parseObject(facts);
  const parsedExpect = parseObject(expect);
  const save = () => {
    if (!parsedFacts || !parsedExpect) return;
    const testCase: TestCase = { name, facts: parsedFacts, expect: parsedExpect, ...(asOf ? { asOf } : {}) };
    if (initial?.id) update.mutate({ policyKey, version, id: initial.id, testCase });
    else create.mutate({ policyKey, version, testCase });
  };
  return (
    <Modal opened={opened} onClose={onClose} title={initial?.id ? t('tests.edit') : t('tests.add')} size="lg">
      <Stack gap="sm">
        <ErrorAlert error={create.error ?? update.error} />
        <Group grow align="flex-start">
          <TextInput
            label={t('tests.name')}
            value={nameText}
            onChange={(e) => setName(withNameText(name, textLanguage, e.currentTarget.value))}
            withAsterisk
            data-autofocus
          />
          <TextInput
            label={t('tests.asOf')}
            type="date"
            value={asOf}
            onChange={(e) => setAsOf(e.currentTarget.value)}
          />
        </Group>
        <JsonInput
          label={t('tests.facts')}
          value={facts}
          onChange={setFacts}
          autosize
          minRows={6}
          maxRows={16}
          error={parsedFacts ? undefined : t('editor.jsonInvalid')}
          formatOnBlur
        />
        <JsonInput
          label={t('tests.expect')}
          value={expect}
          onChange={setExpect}
          autosize
          minRows={3}
          maxRows={10}
          error={parsedExpect ? undefined : t('editor.jsonInvalid')}
          formatOnBlur
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            onClick={save}
            loading={create.isPending || update.isPending}
            disabled={!nameText.trim() || !parsedFacts || !parsedExpect}
          >
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Statuses whose tests an author may still change (an edit in review or approved reopens the version). */
const EDITABLE = new Set(['draft', 'in_review', 'approved']);

/**
 * The test cases of one version of a policy — each version has its own, frozen with it once it is
 * published — a run of them with pass/fail and why, and, for authors, adding, editing and deleting
 * cases of a draft.
 */
export function TestCasesPanel({
  policyKey,
  versions,
  defaultVersion,
}: {
  policyKey: string;
  versions: { version: number; status: string }[];
  defaultVersion: number | undefined;
}) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const user = useSessionUser();
  const [version, setVersion] = useState<number | undefined>(defaultVersion);
  const status = versions.find((v) => v.version === version)?.status;
  const canEdit = hasRole(user, 'author') && status !== undefined && EDITABLE.has(status);
  const [runVersion, setRunVersion] = useState<number | null>(null);
  const [editing, setEditing] = useState<StoredTestCase | 'new' | null>(null);
  const cases = useQuery({
    ...trpc.testCases.list.queryOptions({ policyKey, version: version ?? 1 }),
    enabled: version !== undefined,
  });
  const run = useQuery({
    ...trpc.testCases.run.queryOptions({ policyKey, version: runVersion ?? 1 }),
    enabled: runVersion !== null,
  });
  const remove = useMutation(
    trpc.testCases.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.testCases.pathFilter());
        await queryClient.invalidateQueries(trpc.policies.pathFilter());
        notifications.show({ message: t('tests.deleted') });
      },
    }),
  );

  return (
    <Stack gap="sm">
      <Card p="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Select
              aria-label={t('tests.version')}
              value={version === undefined ? null : String(version)}
              onChange={(v) => setVersion(v ? Number(v) : undefined)}
              data={versions.map((v) => ({
                value: String(v.version),
                label: `${t('common.versionN', { version: v.version })} · ${t(`status.${v.status as 'draft'}`)}`,
              }))}
              w={200}
            />
            <Button
              leftSection={<IconPlayerPlay size={16} />}
              disabled={version === undefined}
              loading={run.isFetching}
              onClick={() => {
                if (version === undefined) return;
                if (runVersion === version) void run.refetch();
                else setRunVersion(version);
              }}
            >
              {t('tests.run')}
            </Button>
          </Group>
          {canEdit && (
            <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              {t('tests.add')}
            </Button>
          )}
        </Group>
      </Card>
      {status !== undefined && !EDITABLE.has(status) && (
        <Text size="sm" c="dimmed" role="note">
          {t('tests.frozen', { version, status: t(`status.${status as 'published'}`) })}
        </Text>
      )}
      {status !== undefined && status !== 'draft' && EDITABLE.has(status) && hasRole(user, 'author') && (
        <Text size="sm" c="orange.8" role="note">
          {t('tests.reopens', { version })}
        </Text>
      )}
      {run.error ? <ErrorAlert error={run.error} /> : null}
      {run.data && runVersion !== null && <TestRunResults run={run.data} />}
      <ErrorAlert error={remove.error} />
      <QueryState query={cases}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('tests.empty')}</Text>
          ) : (
            <Card p={0}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('tests.name')}</Table.Th>
                    <Table.Th w={120}>{t('tests.asOf')}</Table.Th>
                    <Table.Th>{t('tests.expect')}</Table.Th>
                    <Table.Th w={90} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((tc) => {
                    const result = run.data?.results.find((r) => r.id === tc.id);
                    const name = pick(tc.name);
                    return (
                      <Table.Tr key={tc.id}>
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            {result && (
                              <Badge size="xs" color={result.pass ? 'teal' : 'red'}>
                                {result.pass ? t('tests.pass') : t('tests.fail')}
                              </Badge>
                            )}
                            <Text size="sm">{name}</Text>
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{tc.asOf?.slice(0, 10) ?? '—'}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs" ff="monospace" c="dimmed" lineClamp={2} translate="no">
                            {JSON.stringify(tc.expect)}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          {canEdit && (
                            <Group gap={2} wrap="nowrap">
                              <Tooltip label={t('tests.edit')}>
                                <ActionIcon
                                  variant="subtle"
                                  aria-label={`${t('tests.edit')} ${name}`}
                                  onClick={() => setEditing(tc)}
                                >
                                  <IconEdit size={16} />
                                </ActionIcon>
                              </Tooltip>
                              <Tooltip label={t('tests.delete')}>
                                <ActionIcon
                                  variant="subtle"
                                  color="red"
                                  aria-label={`${t('tests.delete')} ${name}`}
                                  onClick={() => {
                                    if (window.confirm(t('tests.deleteConfirm', { name })))
                                      remove.mutate({ policyKey, version: tc.version, id: tc.id });
                                  }}
                                >
                                  <IconTrash size={16} />
                                </ActionIcon>
                              </Tooltip>
                            </Group>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Card>
          )
        }
      </QueryState>
      {editing !== null && (
        <TestCaseModal
          key={editing === 'new' ? 'new' : editing.id}
          policyKey={policyKey}
          version={version ?? 1}
          initial={editing === 'new' ? null : editing}
          opened
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
