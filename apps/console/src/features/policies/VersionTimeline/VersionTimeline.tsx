import { Anchor, Button, Group, Stack, Text, Timeline } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed, IconClock, IconPencil } from '@tabler/icons-react';
import { changeNoteIn } from '@precept/schema';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLanguage } from '../../../i18n/use-language';
import { useFormatters } from '../../../lib/format';
import type { RouterOutputs } from '../../../lib/trpc';
import { hasRole, useSessionUser } from '../../session/session-store';
import { StatusBadge } from '../StatusBadge/StatusBadge';

type Version = RouterOutputs['policies']['get']['versions'][number];

/**
 * A policy's versions, newest first: status, author, reviews, effective window and change note,
 * with the actions the reader's role allows on each (view, compare, edit, review).
 */
export function VersionTimeline({
  policyKey,
  versions,
  requiredApprovals,
  onView,
}: {
  policyKey: string;
  versions: Version[];
  requiredApprovals: number;
  onView: (version: number) => void;
}) {
  const { t } = useTranslation();
  const { textLanguage } = useLanguage();
  const format = useFormatters();
  const user = useSessionUser();
  return (
    <Timeline bulletSize={22} lineWidth={2} data-testid="version-timeline">
      {versions.map((v, index) => {
        const previous = versions[index + 1];
        const approvals = v.reviews.filter((r) => r.decision === 'approved').length;
        const icon =
          v.status === 'published' ? (
            <IconCircleCheck size={14} />
          ) : v.status === 'draft' ? (
            <IconPencil size={12} />
          ) : v.status === 'in_review' || v.status === 'approved' ? (
            <IconClock size={12} />
          ) : (
            <IconCircleDashed size={12} />
          );
        return (
          <Timeline.Item
            key={v.version}
            bullet={icon}
            color={v.status === 'published' ? 'brand' : v.status === 'draft' ? 'gray' : 'orange'}
            title={
              <Group gap="xs">
                <Text fw={600}>{t('common.versionN', { version: v.version })}</Text>
                <StatusBadge status={v.status} scheduled={v.isScheduled} size="sm" />
                {v.isInForce && (
                  <Text size="xs" c="brand.8" fw={600}>
                    ● {t('dashboard.inForce')}
                  </Text>
                )}
              </Group>
            }
            data-version={v.version}
          >
            <Stack gap={2} mt={4}>
              <Text size="xs" c="dimmed">
                {t('common.author')}
                {t('common.colon')}
                {v.author}
                {v.editors.filter((e) => e !== v.author).length > 0 &&
                  ` · ${t('policy.editors')}${t('common.colon')}${v.editors.join(t('common.listSeparator'))}`}{' '}
                · {format.dateTime(v.createdAt)}
                {v.basedOn !== null && ` · ${t('policy.basedOn', { version: v.basedOn })}`}
              </Text>
              {v.effectiveFrom && (
                <Text size="xs">
                  {t('policy.effective')}
                  {t('common.colon')}
                  {v.effectiveTo
                    ? t('policy.inForceWindow', {
                        from: format.effective(v.effectiveFrom),
                        to: format.effective(v.effectiveTo),
                      })
                    : t('policy.effectiveOpen', { from: format.effective(v.effectiveFrom) })}
                </Text>
              )}
              <Text size="sm">
                {t('policy.changeNote')}
                {t('common.colon')}
                {v.changeNote === null ? t('policy.noChangeNote') : changeNoteIn(v.changeNote, textLanguage)}
              </Text>
              {v.reviews.map((r, i) => (
                <Text key={i} size="xs" c={r.decision === 'approved' ? 'teal.8' : 'red.8'}>
                  {r.decision === 'approved'
                    ? t('policy.approvedBy', { by: r.by })
                    : t('policy.rejectedBy', { by: r.by })}{' '}
                  · {format.dateTime(r.at)}
                  {r.comment && `${t('common.colon')}${r.comment}`}
                </Text>
              ))}
              {(v.status === 'in_review' || v.status === 'approved') && (
                <Text size="xs" c="dimmed">
                  {t('policy.approvals', { count: approvals, required: requiredApprovals })}
                </Text>
              )}
              <Group gap={4} mt={4}>
                <Button size="compact-xs" variant="subtle" onClick={() => onView(v.version)}>
                  {t('policy.view')}
                </Button>
                {previous && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    component={Link}
                    to={`/policies/${policyKey}/diff?from=${previous.version}&to=${v.version}`}
                  >
                    {t('policy.compareWith', { version: previous.version })}
                  </Button>
                )}
                {v.status === 'draft' && hasRole(user, 'author') && (
                  <Button
                    size="compact-xs"
                    variant="light"
                    component={Link}
                    to={`/policies/${policyKey}/versions/${v.version}/edit`}
                  >
                    {t('policy.editDraft')}
                  </Button>
                )}
                {(v.status === 'in_review' || v.status === 'approved') &&
                  hasRole(user, 'reviewer', 'author', 'auditor', 'admin') && (
                    <Anchor component={Link} to={`/review/${policyKey}/${v.version}`} size="xs" ml={6}>
                      {t('policy.review')}
                    </Anchor>
                  )}
              </Group>
            </Stack>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
