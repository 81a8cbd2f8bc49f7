import { Accordion, Badge, Group, Table, Text } from '@mantine/core';
import { OPERATORS, isOperatorName, isPseudonym, type Subject, type Trace } from '@precept/schema';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import { factLabel, formatValue, useDescribeContext } from '../../conditions/describe-condition';
import { findField } from '../../conditions/condition-model';
import { PseudonymValue } from '../../personal-data/PseudonymValue/PseudonymValue';

/**
 * Why an outcome is what it is: every rule (line, item, target, level) with whether it held, and
 * each condition with the value the engine saw, in words (a personal value the reader may not see
 * as its pseudonym).
 */
export function TraceView({
  trace,
  subject,
  titles,
}: {
  trace: Trace;
  subject: Subject | undefined;
  /** Element titles by id, to name each rule in words. */
  titles?: Map<string, { zh: string; en: string }>;
}) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const ctx = useDescribeContext(subject);
  const held = trace.filter((rule) => rule.result).map((rule) => rule.path);
  return (
    <Accordion multiple defaultValue={held} variant="contained" chevronPosition="left" data-testid="trace">
      {trace.map((rule) => (
        <Accordion.Item key={rule.path} value={rule.path}>
          <Accordion.Control>
            <Group gap="xs">
              <Badge
                size="xs"
                color={rule.result ? 'teal' : 'gray'}
                variant={rule.result ? 'filled' : 'light'}
              >
                {rule.result ? t('playground.holds') : t('playground.fails')}
              </Badge>
              {titles?.get(rule.id) ? <Text size="sm">{pick(titles.get(rule.id))}</Text> : null}
              <Text size="xs" c="dimmed" ff="monospace">
                {rule.id}
              </Text>
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <Table fz="xs" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('condition.fact')}</Table.Th>
                  <Table.Th>{t('condition.operator')}</Table.Th>
                  <Table.Th>{t('condition.value')}</Table.Th>
                  <Table.Th>{t('playground.factValue')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rule.conditions.map((c) => {
                  const field = subject ? findField(subject, c.fact, c.factPath) : undefined;
                  return (
                    <Table.Tr key={c.path}>
                      <Table.Td>{factLabel(ctx, c.fact, c.factPath)}</Table.Td>
                      <Table.Td>
                        {isOperatorName(c.operator) ? pick(OPERATORS[c.operator].label) : c.operator}
                      </Table.Td>
                      <Table.Td>{formatValue(ctx, c.value, field)}</Table.Td>
                      <Table.Td fw={600}>
                        {c.factValue === undefined ? (
                          t('playground.missing')
                        ) : isPseudonym(c.factValue) ? (
                          <PseudonymValue value={c.factValue} />
                        ) : (
                          formatValue(ctx, c.factValue, field)
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge
                          size="xs"
                          variant="light"
                          color={c.result === null ? 'gray' : c.result ? 'teal' : 'red'}
                        >
                          {c.result === null
                            ? t('playground.skipped')
                            : c.result
                              ? t('playground.holds')
                              : t('playground.fails')}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
