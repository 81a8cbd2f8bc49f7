import { Alert, Badge, Button, Group, Progress, Select, Stack, Text } from '@mantine/core';
import type { ImpactReport } from '@precept/schema';
import { IconFileDownload, IconPlayerPlay, IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadJson } from '../../../lib/download';
import { useFormatters } from '../../../lib/format';
import { ErrorAlert } from '../../errors/ErrorAlert/ErrorAlert';
import { DEFAULT_IMPACT_WINDOW, IMPACT_WINDOWS, type ImpactController } from '../use-impact-report';

const STATUS_COLOR = { running: 'blue', done: 'teal', cancelled: 'gray', failed: 'red' } as const;

/**
 * Runs the impact analysis with a window of months, shows the report's state — progress while it
 * runs (with cancel), why it stopped, whether it is current and what it compared — and offers the
 * report as JSON.
 */
export function ImpactRunBar({
  impact,
  canRun,
  disabledReason,
}: {
  impact: ImpactController;
  /** Whether this reader may run and cancel analyses (authors and reviewers). */
  canRun: boolean;
  /** Why running is not possible now (an unsaved draft), shown instead of running. */
  disabledReason?: string | undefined;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const [months, setMonths] = useState<number>(DEFAULT_IMPACT_WINDOW);
  const report: ImpactReport | null = impact.report ?? null;
  const isRunning = report?.status === 'running';
  const percent =
    report && report.progress.total > 0
      ? Math.round((report.progress.done / report.progress.total) * 100)
      : 0;
  return (
    <Stack gap="sm" data-testid="impact-run">
      <Text size="sm" c="dimmed">
        {t('impact.intro')}
      </Text>
      {canRun && (
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label={t('impact.window')}
            w={180}
            value={String(months)}
            onChange={(value) => setMonths(Number(value ?? DEFAULT_IMPACT_WINDOW))}
            allowDeselect={false}
            disabled={isRunning}
            data={IMPACT_WINDOWS.map((m) => ({
              value: String(m),
              label: t('impact.windowMonths', { months: m }),
            }))}
          />
          <Button
            leftSection={report ? <IconRefresh size={16} /> : <IconPlayerPlay size={16} />}
            loading={impact.isStarting}
            disabled={isRunning || disabledReason !== undefined}
            onClick={() => impact.run(months)}
          >
            {report ? t('impact.rerun') : t('impact.run')}
          </Button>
          {isRunning && (
            <Button
              variant="default"
              color="red"
              leftSection={<IconPlayerStop size={16} />}
              loading={impact.isCancelling}
              onClick={impact.cancel}
            >
              {t('impact.cancel')}
            </Button>
          )}
          {report?.status === 'done' && (
            <Button
              variant="subtle"
              leftSection={<IconFileDownload size={16} />}
              onClick={() =>
                downloadJson(`impact-${report.policyKey}-v${report.version}-${report.id}.json`, report)
              }
            >
              {t('impact.downloadJson')}
            </Button>
          )}
        </Group>
      )}
      {disabledReason !== undefined && (
        <Text size="sm" c="orange.9">
          {disabledReason}
        </Text>
      )}
      <ErrorAlert error={impact.error} />
      {report === null ? (
        <Text size="sm" data-testid="impact-none">
          {t('impact.none')}
        </Text>
      ) : (
        <Stack gap={6}>
          <Group gap="xs">
            <Badge
              color={STATUS_COLOR[report.status]}
              variant="light"
              data-testid="impact-status"
              data-status={report.status}
            >
              {t(`impact.status.${report.status}`)}
            </Badge>
            {report.status === 'done' && (
              <Badge
                color={report.current ? 'teal' : 'orange'}
                variant="outline"
                data-testid="impact-current"
              >
                {report.current ? t('impact.current') : t('impact.stale')}
              </Badge>
            )}
            <Text size="sm">
              {report.baselineVersion === null
                ? t('impact.noBaseline')
                : t('impact.compared', { version: report.version, baseline: report.baselineVersion })}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {t('impact.windowRange', { from: format.date(report.from), to: format.date(report.to) })} ·{' '}
            {t('impact.startedBy', { by: report.startedBy, at: format.dateTime(report.startedAt) })}
          </Text>
          {isRunning && (
            <Stack gap={4} data-testid="impact-progress">
              <Progress value={percent} animated aria-label={t('impact.progressLabel')} />
              <Text size="xs">
                {t('impact.running', {
                  done: format.number(report.progress.done),
                  total: format.number(report.progress.total),
                })}
              </Text>
            </Stack>
          )}
          {report.status === 'done' && !report.current && (
            <Alert color="orange" data-testid="impact-stale">
              {t('impact.staleBody')}
            </Alert>
          )}
          {report.status === 'failed' && (
            <Alert color="red">{t('impact.failed', { reason: report.error ?? '' })}</Alert>
          )}
          {report.status === 'cancelled' && (
            <Alert color="gray">{t('impact.cancelled', { reason: report.error ?? '' })}</Alert>
          )}
        </Stack>
      )}
    </Stack>
  );
}
