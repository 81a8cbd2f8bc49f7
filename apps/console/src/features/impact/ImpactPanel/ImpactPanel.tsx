import { Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ImpactReport, ImpactSummary } from '@precept/schema';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAppErrorCode } from '../../../lib/errors';
import { useFormatters } from '../../../lib/format';
import { QueryState } from '../../layout/QueryState/QueryState';
import { CaseDetail } from '../CaseDetail/CaseDetail';
import { ChangedCases } from '../ChangedCases/ChangedCases';
import { FlippedElements } from '../FlippedElements/FlippedElements';
import { ImpactDistributions } from '../ImpactDistributions/ImpactDistributions';
import { ImpactRunBar } from '../ImpactRunBar/ImpactRunBar';
import { useImpactLabels } from '../use-impact-labels';
import type { ImpactController } from '../use-impact-report';
import { VerdictMatrix, type VerdictPair } from '../VerdictMatrix/VerdictMatrix';

function Figure({
  label,
  value,
  color,
  testId,
}: {
  label: string;
  value: string;
  color?: string;
  testId: string;
}) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" c={color} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** The findings of a done report: counts, errors by reason, the verdict matrix, flips, distributions, cases. */
function ImpactFindings({ report, summary }: { report: ImpactReport; summary: ImpactSummary }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const labels = useImpactLabels(report);
  const [filter, setFilter] = useState<VerdictPair | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const reason = (code: string) =>
    code === 'personal_data'
      ? t('impact.errorReason.personal_data')
      : isAppErrorCode(code)
        ? t(`errors.code.${code}`)
        : code;
  if (summary.evaluated === 0 && summary.errors === 0) {
    return (
      <Text size="sm" data-testid="impact-no-decisions">
        {t('impact.noDecisions')}
      </Text>
    );
  }
  return (
    <Stack gap="md" data-testid="impact-findings">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure
          label={t('impact.evaluated')}
          value={format.number(summary.evaluated)}
          testId="impact-evaluated"
        />
        <Figure
          label={t('impact.unchanged')}
          value={format.number(summary.unchanged)}
          testId="impact-unchanged"
        />
        <Figure
          label={t('impact.changed')}
          value={format.number(summary.changed)}
          color={summary.changed > 0 ? 'orange.9' : undefined}
          testId="impact-changed"
        />
        <Figure
          label={t('impact.errors')}
          value={format.number(summary.errors)}
          color={summary.errors > 0 ? 'red.9' : undefined}
          testId="impact-errors"
        />
      </SimpleGrid>
      {summary.errorsByReason.length > 0 && (
        <Section title={t('impact.errorsTitle')}>
          <Table data-testid="impact-error-reasons">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('impact.reason')}</Table.Th>
                <Table.Th ta="right">{t('impact.count')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {summary.errorsByReason.map((e) => (
                <Table.Tr key={`${e.code}:${e.message}`} data-code={e.code}>
                  <Table.Td>
                    <Text size="sm">{reason(e.code)}</Text>
                    <Text size="xs" c="dimmed">
                      {e.message}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{format.number(e.count)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
      )}
      <Section title={t('impact.matrixTitle')}>
        <VerdictMatrix
          cells={summary.verdicts}
          order={labels.verdictOrder}
          label={labels.verdict}
          selected={filter}
          onSelect={setFilter}
        />
      </Section>
      <Section title={t('impact.elementsTitle')}>
        <FlippedElements elements={summary.elements} title={labels.element} />
      </Section>
      {summary.distributions.length > 0 && (
        <Section title={t('impact.distributionsTitle')}>
          <ImpactDistributions distributions={summary.distributions} field={labels.field} />
        </Section>
      )}
      <Section title={t('impact.casesTitle')}>
        <ChangedCases
          reportId={report.id}
          summary={summary}
          casesStored={report.casesStored}
          labels={labels}
          filter={filter}
          onFilterChange={setFilter}
          onOpen={setOpened}
          fileName={`impact-${report.policyKey}-v${report.version}`}
        />
      </Section>
      {opened !== null && (
        <CaseDetail
          reportId={report.id}
          decisionId={opened}
          version={report.version}
          baselineVersion={report.baselineVersion}
          labels={labels}
          onClose={() => setOpened(null)}
        />
      )}
    </Stack>
  );
}

/**
 * The Impact tab of the draft and review pages: run the analysis (window, progress, cancel), then
 * what the version would do to the decisions already made.
 */
export function ImpactPanel({
  impact,
  canRun,
  disabledReason,
  notice,
}: {
  impact: ImpactController;
  canRun: boolean;
  disabledReason?: string | undefined;
  /** Shown above everything (why the submit asked for this analysis). */
  notice?: ReactNode;
}) {
  return (
    <Stack gap="md" data-testid="impact-panel">
      {notice}
      <QueryState query={impact.latest}>
        {() => (
          <Stack gap="md">
            <Card>
              <ImpactRunBar impact={impact} canRun={canRun} disabledReason={disabledReason} />
            </Card>
            {impact.report?.status === 'done' && impact.report.summary !== null && (
              <ImpactFindings key={impact.report.id} report={impact.report} summary={impact.report.summary} />
            )}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
