import { dateIn } from '@precept/schema';
import { getBusinessTimeZone } from '../lib/time-zone';
import {
  Alert,
  Button,
  Card,
  Grid,
  Group,
  Modal,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconRocket, IconShieldLock, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { DiffView } from '../features/diff/DiffView/DiffView';
import { DocumentText } from '../features/documents/DocumentText/DocumentText';
import { ErrorAlert } from '../features/errors/ErrorAlert/ErrorAlert';
import { ImpactTab } from '../features/impact/ImpactTab/ImpactTab';
import { useImpactReport } from '../features/impact/use-impact-report';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { StatusBadge } from '../features/policies/StatusBadge/StatusBadge';
import { hasRole, useSessionUser } from '../features/session/session-store';
import { TestRunResults } from '../features/tests/TestRunResults/TestRunResults';
import { useLanguage } from '../i18n/use-language';
import { useFormatters } from '../lib/format';
import { useTRPC } from '../lib/trpc';

/** Today as `YYYY-MM-DD` in the business time zone. */
function todayInBusinessZone(): string {
  return dateIn(new Date(), getBusinessTimeZone());
}

/**
 * The publish dialog: an effective date — sent as the date, which the server reads as 00:00 in the
 * business time zone (Beijing), never midnight UTC; a later date schedules the version.
 */
function PublishDialog({
  opened,
  version,
  onClose,
  onPublish,
  isPublishing,
  error,
}: {
  opened: boolean;
  version: number;
  onClose: () => void;
  onPublish: (effectiveFrom: string | undefined, reason: string) => void;
  isPublishing: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const [date, setDate] = useState(todayInBusinessZone());
  const [reason, setReason] = useState('');
  return (
    <Modal opened={opened} onClose={onClose} title={t('review.publishTitle', { version })}>
      <Stack gap="sm">
        <ErrorAlert error={error} />
        <TextInput
          type="date"
          label={t('review.effectiveDate')}
          description={t('review.effectiveHint')}
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          data-autofocus
        />
        <Textarea
          label={t('review.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            leftSection={<IconRocket size={16} />}
            loading={isPublishing}
            onClick={() => onPublish(date && date > todayInBusinessZone() ? date : undefined, reason.trim())}
          >
            {t('review.publish')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * Reviewing a version: what changed against the version in force (side by side), what it would do
 * to past decisions (the Impact tab), its test results and text; approve — recording the impact
 * report the reviewer read — or send back with a comment, then publish with an effective date. A
 * reviewer who drafted or edited the version is told why they may not act on it.
 */
export function ReviewPage() {
  const { key = '', version: versionParam = '' } = useParams();
  const version = Number(versionParam);
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const format = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const user = useSessionUser();
  const [comment, setComment] = useState('');
  const [publishOpen, setPublishOpen] = useState(false);
  const impact = useImpactReport(key, version);
  // The report the reviewer reads here (tab and summary): the one an approval names.
  const impactReport = impact.report?.status === 'done' && impact.report.current ? impact.report : null;
  const detail = useQuery(trpc.policies.getVersion.queryOptions({ policyKey: key, version }));
  const policy = useQuery(trpc.policies.get.queryOptions({ policyKey: key }));
  const baseVersion = policy.data?.inForce?.version ?? detail.data?.basedOn ?? undefined;
  const compareWith = baseVersion !== undefined && baseVersion !== version ? baseVersion : undefined;
  const diff = useQuery({
    ...trpc.policies.diff.queryOptions({ policyKey: key, from: compareWith ?? 1, to: version }),
    enabled: compareWith !== undefined,
  });
  const tests = useQuery(trpc.testCases.run.queryOptions({ policyKey: key, version }));
  const subject = useQuery({
    ...trpc.subjects.get.queryOptions({
      key: policy.data?.policy.subjectKey ?? 'x',
      version: detail.data?.subjectVersion ?? 1,
    }),
    enabled: policy.data !== undefined && detail.data !== undefined,
  });
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.policies.pathFilter());
  };
  const approve = useMutation(
    trpc.policies.approve.mutationOptions({
      onSuccess: async () => {
        await refresh();
        notifications.show({ color: 'teal', message: t('review.approved_') });
      },
      // A report gone stale (a publish, a newer run) since it was read: read the current one.
      onError: () => void queryClient.invalidateQueries(trpc.impact.pathFilter()),
    }),
  );
  const reject = useMutation(
    trpc.policies.reject.mutationOptions({
      onSuccess: async () => {
        await refresh();
        notifications.show({ message: t('review.rejected') });
      },
    }),
  );
  const publish = useMutation(
    trpc.policies.publish.mutationOptions({
      onSuccess: async (v) => {
        await refresh();
        setPublishOpen(false);
        notifications.show({
          color: 'teal',
          message: v.isScheduled
            ? t('review.scheduledFor', { date: format.effective(v.effectiveFrom) })
            : t('review.published'),
        });
      },
    }),
  );

  return (
    <QueryState query={detail}>
      {(v) => {
        const title = policy.data ? pick(policy.data.policy.title) : key;
        const isEditor = user !== null && v.editors.includes(user.id);
        const isReviewer = hasRole(user, 'reviewer');
        const approvals = v.reviews.filter((r) => r.decision === 'approved').length;
        const required = policy.data?.policy.requiredApprovals ?? 1;
        return (
          <>
            <PageHeader
              crumbs={[
                { label: t('review.title'), to: '/review' },
                { label: title, to: `/policies/${key}` },
              ]}
              title={`${title} · ${t('common.versionN', { version })}`}
              badges={<StatusBadge status={v.status} scheduled={v.isScheduled} />}
              subtitle={
                <Text size="sm">
                  {t('review.submittedBy', { author: v.author })} · {format.dateTime(v.updatedAt)} ·{' '}
                  {t('policy.approvals', { count: approvals, required })}
                </Text>
              }
            />
            <Grid gutter="md">
              <Grid.Col span={{ base: 12, lg: 8 }}>
                <Tabs defaultValue="diff" keepMounted={false}>
                  <Tabs.List mb="sm">
                    <Tabs.Tab value="diff">
                      {compareWith ? t('review.diffAgainst', { version: compareWith }) : t('diff.title')}
                    </Tabs.Tab>
                    <Tabs.Tab value="impact">{t('impact.tab')}</Tabs.Tab>
                    <Tabs.Tab value="text">{t('editor.text')}</Tabs.Tab>
                  </Tabs.List>
                  <Tabs.Panel value="impact">
                    <ImpactTab
                      impact={impact}
                      canRun={v.status === 'in_review' && hasRole(user, 'author', 'reviewer')}
                    />
                  </Tabs.Panel>
                  <Tabs.Panel value="diff">
                    {compareWith === undefined ? (
                      <Text c="dimmed">{t('review.firstVersion')}</Text>
                    ) : (
                      <QueryState query={diff}>
                        {(d) => <DiffView changes={d.changes} subject={subject.data?.subject} />}
                      </QueryState>
                    )}
                  </Tabs.Panel>
                  <Tabs.Panel value="text">
                    <Card>
                      <DocumentText document={v.document} subject={subject.data?.subject} />
                    </Card>
                  </Tabs.Panel>
                </Tabs>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 4 }}>
                <Stack gap="md">
                  <Card>
                    <Title order={2} size="h4" mb="xs">
                      {t('policy.changeNote')}
                    </Title>
                    <Text size="sm">{v.changeNote ?? t('policy.noChangeNote')}</Text>
                    {v.reviews.map((r, i) => (
                      <Text key={i} size="xs" mt={4} c={r.decision === 'approved' ? 'teal.8' : 'red.8'}>
                        {r.decision === 'approved'
                          ? t('policy.approvedBy', { by: r.by })
                          : t('policy.rejectedBy', { by: r.by })}
                        {r.comment && `${t('common.colon')}${r.comment}`}
                      </Text>
                    ))}
                  </Card>
                  <Card>
                    <Title order={2} size="h4" mb="xs">
                      {t('review.testResults')}
                    </Title>
                    <QueryState query={tests}>{(run) => <TestRunResults run={run} />}</QueryState>
                  </Card>
                  <Card>
                    <Stack gap="sm">
                      {isEditor && (
                        <Alert
                          color="orange"
                          icon={<IconShieldLock size={18} />}
                          title={t('review.sodTitle')}
                          data-testid="sod-notice"
                        >
                          {t('review.sodAuthor')}
                        </Alert>
                      )}
                      <ErrorAlert error={approve.error ?? reject.error} />
                      {v.status === 'in_review' && (
                        <>
                          {impactReport?.summary ? (
                            <Text size="sm" data-testid="impact-summary">
                              {t('impact.reviewSummary', {
                                changed: format.number(impactReport.summary.changed),
                                evaluated: format.number(impactReport.summary.evaluated),
                              })}
                              <Text span size="xs" c="dimmed" display="block">
                                {t('impact.reviewApproveWith', { id: impactReport.id })}
                              </Text>
                            </Text>
                          ) : (
                            <Alert color="orange" data-testid="impact-missing">
                              {t('impact.reviewNoReport')}
                            </Alert>
                          )}
                          <Textarea
                            label={t('review.comment')}
                            description={t('review.rejectComment')}
                            value={comment}
                            onChange={(e) => setComment(e.currentTarget.value)}
                            autosize
                            minRows={2}
                            disabled={!isReviewer || isEditor}
                          />
                          <Group grow>
                            <Button
                              color="red"
                              variant="light"
                              leftSection={<IconX size={16} />}
                              disabled={!isReviewer || isEditor || !comment.trim()}
                              loading={reject.isPending}
                              onClick={() =>
                                reject.mutate({
                                  policyKey: key,
                                  version,
                                  lockVersion: v.lockVersion,
                                  comment: comment.trim(),
                                })
                              }
                            >
                              {t('review.reject')}
                            </Button>
                            <Button
                              color="teal"
                              leftSection={<IconCheck size={16} />}
                              disabled={!isReviewer || isEditor || impactReport === null}
                              loading={approve.isPending}
                              onClick={() =>
                                approve.mutate({
                                  policyKey: key,
                                  version,
                                  lockVersion: v.lockVersion,
                                  comment: comment.trim(),
                                  ...(impactReport ? { impactReportId: impactReport.id } : {}),
                                })
                              }
                            >
                              {t('review.approve')}
                            </Button>
                          </Group>
                        </>
                      )}
                      {v.status === 'approved' && (
                        <Button
                          leftSection={<IconRocket size={16} />}
                          disabled={!isReviewer || isEditor}
                          onClick={() => {
                            publish.reset();
                            setPublishOpen(true);
                          }}
                        >
                          {t('review.publish')}
                        </Button>
                      )}
                      {v.status === 'published' && v.effectiveFrom && (
                        <Text size="sm">
                          {v.isScheduled
                            ? t('review.scheduledFor', { date: format.effective(v.effectiveFrom) })
                            : t('policy.inForceSince', { date: format.effective(v.effectiveFrom) })}
                        </Text>
                      )}
                    </Stack>
                  </Card>
                </Stack>
              </Grid.Col>
            </Grid>
            {publishOpen && (
              <PublishDialog
                opened
                version={version}
                onClose={() => setPublishOpen(false)}
                isPublishing={publish.isPending}
                error={publish.error}
                onPublish={(effectiveFrom, reason) =>
                  publish.mutate({
                    policyKey: key,
                    version,
                    lockVersion: v.lockVersion,
                    ...(effectiveFrom ? { effectiveFrom } : {}),
                    ...(reason ? { reason } : {}),
                  })
                }
              />
            )}
          </>
        );
      }}
    </QueryState>
  );
}
