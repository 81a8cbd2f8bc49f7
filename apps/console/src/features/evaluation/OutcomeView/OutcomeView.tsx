import { Badge, Card, Group, List, SimpleGrid, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { isPseudonym, type Outcome } from '@precept/schema';
import { IconAlertTriangle, IconCheck, IconX } from '@tabler/icons-react';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import { useFormatters } from '../../../lib/format';
import { PseudonymValue } from '../../personal-data/PseudonymValue/PseudonymValue';

function Stat({
  label,
  value,
  color,
  testId,
}: {
  label: string;
  value: ReactNode;
  color?: string;
  testId?: string;
}) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" c={color} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function YesNo({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return (
    <Badge
      color={ok ? 'teal' : 'red'}
      variant="light"
      leftSection={ok ? <IconCheck size={12} /> : <IconX size={12} />}
    >
      {ok ? yes : no}
    </Badge>
  );
}

/** An outcome of any kind, readable: the headline figures, then each line, item, target or requirement. */
export function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  const { pick, textLanguage } = useLanguage();
  // The rules core explains lines and requirements in English only: the zh console shows what the
  // outcome says in its own words instead (applies, units, capped, valid until).
  const explains = textLanguage === 'en';
  const format = useFormatters();
  const n = (v: number) => format.number(v);
  switch (outcome.kind) {
    case 'scorecard': {
      const lines = [...outcome.lines].sort((a, b) => Number(b.fired) - Number(a.fired));
      return (
        <Stack gap="sm" data-testid="outcome">
          <Group gap="xl">
            <Stat
              label={t('outcome.total')}
              value={n(outcome.total)}
              color="brand.8"
              testId="outcome-total"
            />
            <Stat
              label={t('outcome.grade')}
              value={outcome.gradeLabel ? `${pick(outcome.gradeLabel)} (${outcome.grade ?? ''})` : '—'}
              testId="outcome-grade"
            />
            <Stat label={t('outcome.base')} value={n(outcome.baseScore)} />
            <Stat label={t('outcome.deductions')} value={`−${n(outcome.deductions)}`} color="red.9" />
            <Stat label={t('outcome.bonuses')} value={`+${n(outcome.bonuses)}`} color="teal.9" />
          </Group>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('outcome.line')}</Table.Th>
                <Table.Th w={90}>{t('outcome.points')}</Table.Th>
                <Table.Th>{t('outcome.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((line) => (
                <Table.Tr key={line.id} data-fired={line.fired || undefined}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Badge
                        size="xs"
                        variant="light"
                        color={line.type === 'deduction' ? 'red' : 'teal'}
                        style={{ flexShrink: 0 }}
                      >
                        {t(`scorecard.${line.type}`)}
                      </Badge>
                      <Text size="sm">{pick(line.title)}</Text>
                      {line.capped && (
                        <Badge size="xs" color="yellow" variant="light">
                          {t('outcome.capped')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text
                      size="sm"
                      fw={line.fired ? 600 : 400}
                      c={line.fired ? (line.type === 'deduction' ? 'red.9' : 'teal.9') : 'dimmed'}
                    >
                      {line.fired ? `${line.type === 'deduction' ? '−' : '+'}${n(line.points)}` : '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {line.fired ? (explains ? line.reason : t('outcome.fired')) : t('outcome.notFired')}
                      {line.units !== undefined && line.fired
                        ? ` · ${t('outcome.units', { units: n(line.units) })}`
                        : ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      );
    }
    case 'checklist':
      return (
        <Stack gap="sm" data-testid="outcome">
          <Group gap="xl">
            <Stat
              label={t('outcome.score')}
              value={`${n(outcome.score)} / ${n(outcome.maxScore)}`}
              color="brand.8"
              testId="outcome-total"
            />
            <Stat label={t('outcome.percent')} value={`${n(outcome.percent)}%`} />
            <div>
              <Text size="xs" c="dimmed">
                {t('outcome.passed')}
              </Text>
              <YesNo ok={outcome.passed} yes={t('outcome.passed')} no={t('outcome.notPassed')} />
            </div>
          </Group>
          {outcome.criticalFailures.length > 0 && (
            <Text size="sm" c="red">
              <IconAlertTriangle size={14} /> {t('outcome.criticalFailures')}
              {t('common.colon')}
              {outcome.criticalFailures.join(t('common.listSeparator'))}
            </Text>
          )}
          {outcome.actions.length > 0 && (
            <div>
              <Text size="sm" fw={500}>
                {t('outcome.actions')}
              </Text>
              <List size="sm">
                {outcome.actions.map((a) => (
                  <List.Item key={a.itemId}>
                    {pick(a.title)} — {pick(a.owner)}，{t('outcome.due', { date: format.date(a.dueDate) })}
                  </List.Item>
                ))}
              </List>
            </div>
          )}
        </Stack>
      );
    case 'standard':
      return (
        <Stack gap="sm" data-testid="outcome">
          <YesNo ok={outcome.met} yes={t('outcome.met')} no={t('outcome.notMet')} />
          <Table>
            <Table.Tbody>
              {outcome.targets.map((target) => (
                <Table.Tr key={target.id}>
                  <Table.Td w={90}>
                    <YesNo ok={target.met} yes={t('outcome.met')} no={t('outcome.notMet')} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{pick(target.title)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {Object.entries(target.actual).map(([k, v], i) => (
                        <Fragment key={k}>
                          {i > 0 ? '  ' : ''}
                          {k}={isPseudonym(v) ? <PseudonymValue value={v} /> : JSON.stringify(v)}
                        </Fragment>
                      ))}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      );
    case 'qualification':
      return (
        <Stack gap="sm" data-testid="outcome">
          <Group>
            <YesNo ok={outcome.qualified} yes={t('outcome.qualified')} no={t('outcome.notQualified')} />
            {outcome.post && (
              <Text size="sm" c="dimmed">
                {t('outcome.post')}
                {t('common.colon')}
                {outcome.post}
              </Text>
            )}
          </Group>
          <Table>
            <Table.Tbody>
              {outcome.requirements.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td w={110}>
                    <YesNo ok={r.met} yes={t('outcome.met')} no={t('outcome.notMet')} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{pick(r.title)}</Text>
                    <Text size="xs" c="dimmed">
                      {explains
                        ? r.detail
                        : r.validUntil && t('outcome.validUntil', { date: format.date(r.validUntil) })}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {outcome.warnings.length > 0 && (
            <div>
              <Text size="sm" fw={500} c="orange.8">
                {t('outcome.warnings')}
              </Text>
              <List size="sm">
                {outcome.warnings.map((w) => (
                  <List.Item key={w.requirementId}>
                    {explains
                      ? `${w.message}（`
                      : `${pick(outcome.requirements.find((r) => r.id === w.requirementId)?.title)}（`}
                    {t('outcome.validUntil', { date: format.date(w.validUntil) })}）
                  </List.Item>
                ))}
              </List>
            </div>
          )}
        </Stack>
      );
    case 'escalation':
      return (
        <Stack gap="sm" data-testid="outcome">
          {outcome.level === null ? (
            <Text>{t('outcome.noLevel')}</Text>
          ) : (
            <>
              <Group gap="sm">
                <ThemeIcon color="orange" variant="light">
                  <IconAlertTriangle size={18} />
                </ThemeIcon>
                <Text fw={700} size="lg" data-testid="outcome-total">
                  {pick(outcome.title)}
                </Text>
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <Stat
                  label={t('outcome.respondBy')}
                  value={<Text size="sm">{format.dateTime(outcome.respondBy)}</Text>}
                />
                <Stat
                  label={t('outcome.authority')}
                  value={<Text size="sm">{pick(outcome.authority)}</Text>}
                />
                <Stat
                  label={t('outcome.reportTo')}
                  value={<Text size="sm">{outcome.reportTo.map(pick).join(' → ')}</Text>}
                />
              </SimpleGrid>
              <List size="sm">
                {outcome.actions.map((a) => (
                  <List.Item key={a.id}>
                    {pick(a.title)} — {pick(a.owner)}，{t('outcome.due', { date: format.dateTime(a.dueBy) })}
                  </List.Item>
                ))}
              </List>
            </>
          )}
        </Stack>
      );
    case 'ruleset':
      return (
        <Stack gap="xs" data-testid="outcome">
          {outcome.events.length === 0 ? (
            <Text c="dimmed">{t('outcome.noEvents')}</Text>
          ) : (
            <Card p="xs">
              <List size="sm">
                {outcome.events.map((e, i) => (
                  <List.Item key={i}>
                    <Text span ff="monospace" size="sm">
                      {e.type}
                    </Text>{' '}
                    <Text span size="xs" c="dimmed">
                      ({e.ruleId}) {e.params ? JSON.stringify(e.params) : ''}
                    </Text>
                  </List.Item>
                ))}
              </List>
            </Card>
          )}
        </Stack>
      );
  }
}

/** The titles of an outcome's elements by id (lines, items, targets, requirements, the level), for traces. */
export function outcomeTitles(outcome: Outcome): Map<string, { zh: string; en: string }> {
  switch (outcome.kind) {
    case 'scorecard':
      return new Map(outcome.lines.map((l) => [l.id, l.title]));
    case 'standard':
      return new Map(outcome.targets.map((x) => [x.id, x.title]));
    case 'qualification':
      return new Map(outcome.requirements.map((r) => [r.id, r.title]));
    case 'escalation':
      return new Map([
        ...outcome.actions.map((a) => [a.id, a.title] as const),
        ...(outcome.level && outcome.title ? [[outcome.level, outcome.title] as const] : []),
      ]);
    case 'checklist':
    case 'ruleset':
      return new Map();
  }
}
