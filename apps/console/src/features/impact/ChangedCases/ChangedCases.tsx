import { Button, Group, Select, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { ImpactCase, ImpactSummary } from '@precept/schema';
import { IconFileSpreadsheet, IconListDetails } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadText } from '../../../lib/download';
import { useFormatters } from '../../../lib/format';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';
import { ErrorAlert } from '../../errors/ErrorAlert/ErrorAlert';
import { readablePath } from '../CaseDetail/CaseDetail';
import { impactCasesCsv } from '../impact-csv';
import type { ImpactLabels } from '../use-impact-labels';
import type { VerdictPair } from '../VerdictMatrix/VerdictMatrix';
import classes from './ChangedCases.module.css';

/** Cases per page from `impact.cases` while scrolling. */
const PAGE = 200;
/** Cases per request when downloading them all. */
const DOWNLOAD_PAGE = 5000;
/** The estimated height of a row, in pixels (the virtualiser measures the real one). */
const ROW_HEIGHT = 44;

const pairKey = (pair: VerdictPair) => `${pair.before}\u0000${pair.after}`;

/** A changed value in a few words: `总分 92 → 88`. */
function changeText(
  change: ImpactCase['changes'][number],
  labels: Pick<ImpactLabels, 'element' | 'outcomeKey'>,
): string {
  const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));
  return `${readablePath(change.path, labels)} ${show(change.before)} → ${show(change.after)}`;
}

/**
 * The decisions a report's version changes: a table virtualised with `@tanstack/react-virtual` (only
 * the rows in view are in the DOM), paged from `impact.cases` as it scrolls, filtered by a before →
 * after verdict pair, each row opening its decision; and every changed case as a CSV download.
 */
export function ChangedCases({
  reportId,
  summary,
  casesStored,
  labels,
  filter,
  onFilterChange,
  onOpen,
  fileName,
}: {
  reportId: string;
  summary: ImpactSummary;
  casesStored: number;
  labels: Pick<ImpactLabels, 'verdict' | 'field' | 'element' | 'outcomeKey'>;
  filter: VerdictPair | null;
  onFilterChange: (pair: VerdictPair | null) => void;
  onOpen: (decisionId: string) => void;
  /** The download's name without extension. */
  fileName: string;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const pairInput = filter ? { verdictBefore: filter.before, verdictAfter: filter.after } : {};
  const cases = useInfiniteQuery(
    trpc.impact.cases.infiniteQueryOptions(
      { id: reportId, limit: PAGE, ...pairInput },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, staleTime: Infinity },
    ),
  );
  const rows = cases.data?.pages.flatMap((page) => page.items) ?? [];
  const changedPairs = summary.verdicts.filter((c) => c.before !== c.after);
  const total = filter
    ? (changedPairs.find((c) => c.before === filter.before && c.after === filter.after)?.count ?? 0)
    : summary.changed;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = cases;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= rows.length - 20) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastIndex, rows.length]);
  const fields = [...new Set(rows.slice(0, 50).flatMap((c) => Object.keys(c.numbersAfter)))].slice(0, 1);
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const columns = 6 + fields.length;

  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const download = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      const all: ImpactCase[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.impact.cases.query({
          id: reportId,
          limit: DOWNLOAD_PAGE,
          ...pairInput,
          ...(cursor === undefined ? {} : { cursor }),
        });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      const csv = impactCasesCsv(all, {
        decision: t('impact.decision'),
        recordedAt: t('impact.recordedAt'),
        asOf: t('impact.asOf'),
        verdictBefore: t('impact.verdictBefore'),
        verdictAfter: t('impact.verdictAfter'),
        changes: t('impact.changes'),
        verdict: labels.verdict,
        numberBefore: (field) => t('impact.csv.numberBefore', { field: labels.field(field) }),
        numberAfter: (field) => t('impact.csv.numberAfter', { field: labels.field(field) }),
      });
      const suffix = filter ? `-${filter.before}-to-${filter.after}` : '';
      downloadText(`${fileName}${suffix}.csv`, csv, 'text/csv;charset=utf-8');
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Stack gap="xs" data-testid="changed-cases">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Select
          label={t('impact.filter')}
          w={320}
          value={filter ? pairKey(filter) : ''}
          onChange={(value) => {
            const pair = changedPairs.find((c) => pairKey(c) === value);
            onFilterChange(pair ? { before: pair.before, after: pair.after } : null);
          }}
          allowDeselect={false}
          data={[
            { value: '', label: `${t('impact.filterAll')} (${format.number(summary.changed)})` },
            ...changedPairs.map((c) => ({
              value: pairKey(c),
              label: `${labels.verdict(c.before)} → ${labels.verdict(c.after)} (${format.number(c.count)})`,
            })),
          ]}
        />
        <Button
          variant="default"
          leftSection={<IconFileSpreadsheet size={16} />}
          loading={downloading}
          disabled={summary.changed === 0}
          onClick={() => void download()}
        >
          {t('impact.downloadCsv')}
        </Button>
      </Group>
      <ErrorAlert error={cases.error ?? downloadError} />
      {casesStored < summary.changed && (
        <Text size="xs" c="dimmed">
          {t('impact.casesLimit', {
            stored: format.number(casesStored),
            changed: format.number(summary.changed),
          })}
        </Text>
      )}
      {summary.changed === 0 ? (
        <Text size="sm" c="dimmed">
          {t('impact.casesEmpty')}
        </Text>
      ) : (
        <>
          <div
            ref={scrollRef}
            className={classes.scroll}
            tabIndex={0}
            role="region"
            aria-label={t('impact.casesTableLabel')}
          >
            <Table stickyHeader highlightOnHover data-testid="cases-table" className={classes.table}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('impact.decision')}</Table.Th>
                  <Table.Th>{t('impact.recordedAt')}</Table.Th>
                  <Table.Th className={classes.nowrap}>{t('impact.verdictBefore')}</Table.Th>
                  <Table.Th className={classes.nowrap}>{t('impact.verdictAfter')}</Table.Th>
                  {fields.map((field) => (
                    <Table.Th key={field} ta="right">
                      {labels.field(field)}
                    </Table.Th>
                  ))}
                  <Table.Th>{t('impact.changes')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('impact.details')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {paddingTop > 0 && (
                  <tr aria-hidden="true">
                    <td colSpan={columns} style={{ height: paddingTop, padding: 0 }} />
                  </tr>
                )}
                {items.map((item) => {
                  const c = rows[item.index];
                  if (c === undefined) return null;
                  return (
                    <Table.Tr
                      key={c.decisionId}
                      data-index={item.index}
                      data-decision={c.decisionId}
                      ref={virtualizer.measureElement}
                    >
                      <Table.Td>
                        <Text size="xs" ff="monospace">
                          {c.decisionId.slice(0, 8)}
                        </Text>
                      </Table.Td>
                      <Table.Td className={classes.nowrap}>
                        <Text size="xs">{format.dateTime(c.recordedAt)}</Text>
                      </Table.Td>
                      <Table.Td className={classes.nowrap}>
                        <Text size="xs" fw={500}>
                          {labels.verdict(c.verdictBefore)}
                        </Text>
                      </Table.Td>
                      <Table.Td className={classes.nowrap}>
                        <Text
                          size="xs"
                          fw={c.verdictAfter === c.verdictBefore ? 500 : 700}
                          c={c.verdictAfter === c.verdictBefore ? undefined : 'brand.8'}
                        >
                          {labels.verdict(c.verdictAfter)}
                        </Text>
                      </Table.Td>
                      {fields.map((field) => (
                        <Table.Td key={field} ta="right">
                          <Text size="xs" className={classes.numbers}>
                            {c.numbersBefore[field] === undefined
                              ? '—'
                              : format.number(c.numbersBefore[field])}
                            {' → '}
                            {c.numbersAfter[field] === undefined ? '—' : format.number(c.numbersAfter[field])}
                          </Text>
                        </Table.Td>
                      ))}
                      <Table.Td>
                        <Text
                          size="xs"
                          lineClamp={1}
                          title={c.changes.map((ch) => changeText(ch, labels)).join('\n')}
                        >
                          {c.changes.length}:{' '}
                          {c.changes.map((ch) => readablePath(ch.path, labels)).join(', ')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          leftSection={<IconListDetails size={14} />}
                          aria-label={t('impact.detailsOf', { id: c.decisionId.slice(0, 8) })}
                          onClick={() => onOpen(c.decisionId)}
                        >
                          {t('impact.details')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
                {paddingBottom > 0 && (
                  <tr aria-hidden="true">
                    <td colSpan={columns} style={{ height: paddingBottom, padding: 0 }} />
                  </tr>
                )}
              </Table.Tbody>
            </Table>
          </div>
          <Group justify="space-between">
            <Text size="xs" c="dimmed" data-testid="cases-shown">
              {t('impact.casesShown', { shown: format.number(rows.length), total: format.number(total) })}
            </Text>
            {cases.hasNextPage && (
              <Button
                size="compact-sm"
                variant="subtle"
                loading={cases.isFetchingNextPage}
                onClick={() => void cases.fetchNextPage()}
              >
                {t('impact.loadMore')}
              </Button>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}
