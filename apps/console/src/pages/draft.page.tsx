import { Alert, Badge, Button, Card, Group, Stack, Tabs, Text } from '@mantine/core';
import { getHotkeyHandler, useWindowEvent } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconFlask, IconPlayerPlay, IconSend, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { DocumentEditor } from '../features/documents/DocumentEditor/DocumentEditor';
import { ConflictAlert } from '../features/drafts/ConflictAlert/ConflictAlert';
import { LeaveGuard } from '../features/drafts/LeaveGuard/LeaveGuard';
import { SubmitDialog } from '../features/drafts/SubmitDialog/SubmitDialog';
import { useDraftEditor } from '../features/drafts/use-draft-editor';
import { ErrorAlert } from '../features/errors/ErrorAlert/ErrorAlert';
import { ImpactTab } from '../features/impact/ImpactTab/ImpactTab';
import { impactRequiredBy } from '../features/impact/impact-required';
import { DEFAULT_IMPACT_WINDOW, useImpactReport } from '../features/impact/use-impact-report';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { StatusBadge } from '../features/policies/StatusBadge/StatusBadge';
import { hasRole, useSessionUser } from '../features/session/session-store';
import { TestRunResults } from '../features/tests/TestRunResults/TestRunResults';
import { useLanguage } from '../i18n/use-language';
import { useFormatters } from '../lib/format';
import { useTRPC, type RouterOutputs } from '../lib/trpc';

/**
 * Editing a draft: the editor of its kind, save with the optimistic lock (a conflict is explained
 * with a way to reload), run the test cases, submit for review with a change note, or discard.
 * Unsaved changes are guarded; Ctrl+S saves. The Impact tab runs the impact analysis of the saved
 * draft; a submit refused for want of one (too many decisions to analyse on the spot) starts it
 * there and says why.
 */
export function DraftPage() {
  const { key = '', version: versionParam = '' } = useParams();
  const version = Number(versionParam);
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const format = useFormatters();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const editor = useDraftEditor(key, version);
  const policy = useQuery(trpc.policies.get.queryOptions({ policyKey: key }));
  const subject = useQuery({
    ...trpc.subjects.get.queryOptions({
      key: policy.data?.policy.subjectKey ?? 'x',
      version: editor.version?.subjectVersion ?? 1,
    }),
    enabled: policy.data !== undefined && editor.version !== undefined,
  });
  const [testRun, setTestRun] = useState<RouterOutputs['testCases']['run'] | null>(null);
  const [testError, setTestError] = useState<unknown>(null);
  const [testing, setTesting] = useState(false);
  const [submitOpen, setSubmitOpen] = useState(false);
  const [tab, setTab] = useState<string>('edit');
  const [impactRequired, setImpactRequired] = useState<string | null>(null);
  const user = useSessionUser();
  const impact = useImpactReport(key, version);
  // A save changes the content a report analysed: read again whether the latest one is current.
  useEffect(() => {
    if (editor.savedAt !== null) void queryClient.invalidateQueries(trpc.impact.pathFilter());
  }, [editor.savedAt, queryClient, trpc]);
  const invalidate = () => queryClient.invalidateQueries(trpc.policies.pathFilter());
  const submit = useMutation(
    trpc.policies.submit.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        notifications.show({ color: 'teal', message: t('draft.submitted') });
        void navigate(`/policies/${key}?tab=versions`);
      },
      onError: (error) => {
        // Too many decisions to analyse on the spot: start the analysis and show it, with why.
        const detail = impactRequiredBy(error);
        if (detail === null) return;
        setSubmitOpen(false);
        setImpactRequired(detail);
        setTab('impact');
        if (impact.report?.status !== 'running') impact.run(DEFAULT_IMPACT_WINDOW);
      },
    }),
  );
  const discard = useMutation(
    trpc.policies.discardDraft.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        notifications.show({ message: t('draft.discarded') });
        void navigate(`/policies/${key}`);
      },
    }),
  );

  const runTests = async () => {
    setTesting(true);
    setTestError(null);
    try {
      if (editor.isDirty && !(await editor.save())) return;
      const run = await queryClient.fetchQuery({
        ...trpc.testCases.run.queryOptions({ policyKey: key, version }),
        staleTime: 0,
      });
      setTestRun(run);
    } catch (error) {
      setTestError(error);
    } finally {
      setTesting(false);
    }
  };

  useWindowEvent('keydown', getHotkeyHandler([['mod+S', () => void editor.save()]]));

  return (
    <QueryState query={editor.query}>
      {(v) => {
        const title = policy.data ? pick(policy.data.policy.title) : key;
        if (v.status !== 'draft') {
          return (
            <>
              <PageHeader
                crumbs={[
                  { label: t('nav.policies'), to: '/policies' },
                  { label: title, to: `/policies/${key}` },
                ]}
                title={title}
              />
              <Alert color="orange">
                {t('draft.notDraft', { version, status: t(`status.${v.status}`) })}
              </Alert>
            </>
          );
        }
        return (
          <>
            <LeaveGuard when={editor.isDirty} />
            <PageHeader
              crumbs={[
                { label: t('nav.policies'), to: '/policies' },
                { label: title, to: `/policies/${key}` },
              ]}
              title={t('draft.title', { version })}
              badges={
                <>
                  <StatusBadge status="draft" />
                  {editor.isDirty ? (
                    <Badge color="yellow" variant="light" data-testid="dirty">
                      {t('draft.unsaved')}
                    </Badge>
                  ) : editor.savedAt ? (
                    <Badge color="teal" variant="light">
                      {t('draft.savedAt', { time: format.dateTime(editor.savedAt.toISOString()) })}
                    </Badge>
                  ) : null}
                </>
              }
              subtitle={
                <Group gap="md">
                  <Text size="sm">{title}</Text>
                  {v.basedOn !== null && <Text size="sm">{t('policy.basedOn', { version: v.basedOn })}</Text>}
                  <Text size="sm" c="dimmed">
                    {t('policy.subjectVersion', { version: v.subjectVersion })}
                  </Text>
                </Group>
              }
              actions={
                <>
                  <Button
                    variant="subtle"
                    color="red"
                    leftSection={<IconTrash size={16} />}
                    loading={discard.isPending}
                    onClick={() => {
                      if (
                        window.confirm(t('draft.discardConfirm', { version })) &&
                        editor.lockVersion !== null
                      )
                        discard.mutate({ policyKey: key, version, lockVersion: editor.lockVersion });
                    }}
                  >
                    {t('draft.discard')}
                  </Button>
                  <Button
                    variant="default"
                    leftSection={<IconFlask size={16} />}
                    component={Link}
                    to={`/playground?policy=${key}&version=${version}`}
                  >
                    {t('draft.preview')}
                  </Button>
                  <Button
                    variant="default"
                    leftSection={<IconPlayerPlay size={16} />}
                    loading={testing}
                    onClick={() => void runTests()}
                  >
                    {t('draft.runTests')}
                  </Button>
                  <Button
                    variant={editor.isDirty ? 'filled' : 'default'}
                    leftSection={<IconDeviceFloppy size={16} />}
                    disabled={!editor.isDirty || editor.hasConflict}
                    loading={editor.isSaving}
                    onClick={() => void editor.save()}
                  >
                    {t('draft.save')}
                  </Button>
                  <Button
                    leftSection={<IconSend size={16} />}
                    disabled={editor.isDirty}
                    onClick={() => setSubmitOpen(true)}
                    color="teal"
                  >
                    {t('draft.submit')}
                  </Button>
                </>
              }
            />
            <Stack gap="sm" mb="md">
              {editor.hasConflict && (
                <ConflictAlert
                  lockVersion={editor.lockVersion}
                  onReload={() => void editor.reload()}
                  onDismiss={editor.dismissConflict}
                />
              )}
              <ErrorAlert error={editor.saveError} document={editor.document} />
              <ErrorAlert error={discard.error} />
              <ErrorAlert error={testError} />
              {!editor.isDirty && editor.serverIssues.length > 0 && (
                <ErrorAlert
                  error={{
                    code: 'VALIDATION',
                    message: t('draft.serverIssues', { count: editor.serverIssues.length }),
                    issues: editor.serverIssues,
                  }}
                  document={editor.document}
                />
              )}
              {testRun && (
                <Card p="sm">
                  <TestRunResults run={testRun} />
                </Card>
              )}
            </Stack>
            <Tabs value={tab} onChange={(value) => setTab(value ?? 'edit')} keepMounted={false}>
              <Tabs.List mb="sm">
                <Tabs.Tab value="edit">{t('impact.editTab')}</Tabs.Tab>
                <Tabs.Tab value="impact">{t('impact.tab')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="edit">
                {editor.document && subject.data ? (
                  <DocumentEditor
                    document={editor.document}
                    onChange={editor.setDocument}
                    subject={subject.data.subject}
                    issues={editor.serverIssues}
                  />
                ) : (
                  <QueryState query={subject}>{() => null}</QueryState>
                )}
              </Tabs.Panel>
              <Tabs.Panel value="impact">
                <ImpactTab
                  impact={impact}
                  canRun={hasRole(user, 'author', 'reviewer')}
                  disabledReason={editor.isDirty ? t('impact.saveFirst') : undefined}
                  notice={
                    impactRequired !== null && (
                      <Alert
                        color="orange"
                        title={t('impact.requiredTitle')}
                        data-testid="impact-required"
                        withCloseButton
                        closeButtonLabel={t('common.close')}
                        onClose={() => setImpactRequired(null)}
                      >
                        {t('impact.requiredBody', { detail: impactRequired })}
                      </Alert>
                    )
                  }
                />
              </Tabs.Panel>
            </Tabs>
            {submitOpen && editor.lockVersion !== null && (
              <SubmitDialog
                opened
                version={version}
                initialNote={v.changeNote ?? ''}
                onClose={() => {
                  setSubmitOpen(false);
                  submit.reset();
                }}
                onSubmit={(changeNote) =>
                  submit.mutate({ policyKey: key, version, lockVersion: editor.lockVersion ?? 0, changeNote })
                }
                isSubmitting={submit.isPending}
                error={submit.error}
                document={editor.document}
              />
            )}
          </>
        );
      }}
    </QueryState>
  );
}
