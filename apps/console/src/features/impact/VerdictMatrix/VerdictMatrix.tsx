import { Table, Text, UnstyledButton } from '@mantine/core';
import type { ImpactSummary } from '@precept/schema';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../lib/format';
import classes from './VerdictMatrix.module.css';

/** One before → after verdict pair. */
export interface VerdictPair {
  before: string;
  after: string;
}

/** The verdicts that occur in `cells`, in `order` first, then any others as they come. */
export function matrixAxes(
  cells: ImpactSummary['verdicts'],
  order: readonly string[],
): { rows: string[]; columns: string[] } {
  const sort = (values: Set<string>) => [
    ...order.filter((v) => values.has(v)),
    ...[...values].filter((v) => !order.includes(v)).sort(),
  ];
  return {
    rows: sort(new Set(cells.map((c) => c.before))),
    columns: sort(new Set(cells.map((c) => c.after))),
  };
}

/**
 * The before × after matrix of verdicts: how many decisions went from each verdict under the
 * version in force to each under the version analysed. The diagonal is what stays; a changed cell
 * is a button that lists its decisions.
 */
export function VerdictMatrix({
  cells,
  order,
  label,
  selected,
  onSelect,
}: {
  cells: ImpactSummary['verdicts'];
  order: readonly string[];
  label: (verdict: string) => string;
  selected: VerdictPair | null;
  onSelect: (pair: VerdictPair | null) => void;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { rows, columns } = matrixAxes(cells, order);
  const count = (before: string, after: string) =>
    cells.find((c) => c.before === before && c.after === after)?.count ?? 0;
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table withTableBorder withColumnBorders data-testid="verdict-matrix" className={classes.matrix}>
        <Table.Caption>{t('impact.matrixCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">
              <Text size="xs" c="dimmed" component="span">
                {t('impact.matrixCorner')}
              </Text>
            </Table.Th>
            {columns.map((after) => (
              <Table.Th key={after} scope="col">
                {label(after)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((before) => (
            <Table.Tr key={before}>
              <Table.Th scope="row">{label(before)}</Table.Th>
              {columns.map((after) => {
                const n = count(before, after);
                const isSame = before === after;
                const isSelected = selected?.before === before && selected.after === after;
                const description = t('impact.matrixCell', {
                  count: n,
                  before: label(before),
                  after: label(after),
                });
                return (
                  <Table.Td
                    key={after}
                    className={classes.cell}
                    data-same={isSame || undefined}
                    data-changed={(!isSame && n > 0) || undefined}
                    data-cell={`${before}→${after}`}
                  >
                    {!isSame && n > 0 ? (
                      <UnstyledButton
                        className={classes.button}
                        aria-pressed={isSelected}
                        aria-label={description}
                        onClick={() => onSelect(isSelected ? null : { before, after })}
                      >
                        {format.number(n)}
                      </UnstyledButton>
                    ) : (
                      <span title={description}>{n > 0 ? format.number(n) : '·'}</span>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
