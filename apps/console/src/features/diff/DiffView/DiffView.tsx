import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import type { Condition, DocumentChange, JsonValue, Subject } from '@precept/schema';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import {
  describeCondition,
  factLabel,
  formatValue,
  useDescribeContext,
  type DescribeContext,
} from '../../conditions/describe-condition';
import { findField } from '../../conditions/condition-model';
import { describePath } from '../../errors/describe-path';
import classes from './DiffView.module.css';

const OP_COLOR = { added: 'teal', removed: 'red', changed: 'orange', moved: 'gray' } as const;

function isCondition(value: unknown): value is Condition {
  return (
    typeof value === 'object' &&
    value !== null &&
    ('fact' in value || 'all' in value || 'any' in value || 'not' in value)
  );
}

function isPosition(value: unknown): value is { parent: string; index: number } {
  return typeof value === 'object' && value !== null && 'index' in value && 'parent' in value;
}

/** A before/after value in words: a condition as a sentence, a number with its unit, an element by its title. */
function renderValue(
  ctx: DescribeContext,
  change: DocumentChange,
  value: JsonValue | undefined,
  pick: (t: { zh: string; en: string }) => string,
): string {
  if (value === undefined) return '—';
  if (isPosition(value)) return `#${value.index + 1}`;
  if (isCondition(value)) return describeCondition(ctx, value);
  if (change.field === undefined && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const title = (value as { title?: unknown }).title;
    const label = (value as { label?: unknown }).label;
    const named =
      typeof title === 'object' && title !== null
        ? title
        : typeof label === 'object' && label !== null
          ? label
          : undefined;
    if (named && 'zh' in named && 'en' in named) return pick(named as { zh: string; en: string });
    return JSON.stringify(value);
  }
  const field = change.fact && ctx.subject ? findField(ctx.subject, change.fact) : undefined;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !('fact' in value))
    return JSON.stringify(value);
  return formatValue(ctx, value, field);
}

/**
 * A semantic diff side by side: changes grouped by the element they touch (line, item, level…),
 * each field with its value before and after, in words, coloured by what happened.
 */
export function DiffView({ changes, subject }: { changes: DocumentChange[]; subject: Subject | undefined }) {
  const { t } = useTranslation();
  const { pick, textLanguage } = useLanguage();
  const ctx = useDescribeContext(subject);
  if (changes.length === 0) return <Text c="dimmed">{t('diff.noChanges')}</Text>;
  const groups = new Map<string, DocumentChange[]>();
  for (const change of changes) {
    const key = `${change.element.kind}:${change.element.id}`;
    groups.set(key, [...(groups.get(key) ?? []), change]);
  }
  return (
    <Stack gap="sm" data-testid="diff">
      {[...groups.entries()].map(([key, list]) => {
        const element = list[0]!.element;
        const title = element.title ? pick(element.title) : element.id;
        const ops = [...new Set(list.map((c) => c.op))];
        return (
          <Card key={key} p={0} className={classes.group}>
            <Group gap="xs" px="sm" py={8} className={classes.head}>
              <Badge variant="outline" color="gray" size="sm">
                {t(`diff.elementKind.${element.kind}`)}
              </Badge>
              <Text fw={600} size="sm">
                {element.kind === 'document' ? t('path.root') : title}
              </Text>
              {ops.map((op) => (
                <Badge key={op} color={OP_COLOR[op]} size="sm" variant="light">
                  {t(`diff.${op}`)}
                </Badge>
              ))}
            </Group>
            <Table className={classes.table} withColumnBorders>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="26%">{t('diff.field')}</Table.Th>
                  <Table.Th w="37%">{t('diff.before')}</Table.Th>
                  <Table.Th w="37%">{t('diff.after')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((change, index) => (
                  <Table.Tr key={`${change.path}-${index}`} data-op={change.op} data-testid="diff-row">
                    <Table.Td>
                      <Text size="sm">
                        {change.field
                          ? describePath(`$.${change.field}`, t, textLanguage)
                          : t(`diff.${change.op}`)}
                      </Text>
                      {change.fact && (
                        <Text size="xs" c="dimmed">
                          {factLabel(ctx, change.fact)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td className={change.before === undefined ? undefined : classes.before}>
                      <Text size="sm">{renderValue(ctx, change, change.before, pick)}</Text>
                    </Table.Td>
                    <Table.Td className={change.after === undefined ? undefined : classes.after}>
                      <Text size="sm" fw={500}>
                        {renderValue(ctx, change, change.after, pick)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        );
      })}
    </Stack>
  );
}
