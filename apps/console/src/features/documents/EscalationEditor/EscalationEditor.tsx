import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import type { EscalationDocument, EscalationLevel, Subject } from '@precept/schema';
import { textIn } from '@precept/schema';
import { IconChevronDown, IconChevronRight, IconPlus, IconTrash } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { namesFromTexts, useLanguage, withNameText } from '../../../i18n/use-language';
import { childPath } from '../../../lib/json-path';
import { newLeaf } from '../../conditions/condition-model';
import { ConditionBuilder } from '../../conditions/ConditionBuilder/ConditionBuilder';
import { describeCondition, useDescribeContext } from '../../conditions/describe-condition';
import { useField } from '../../errors/IssuesProvider/IssuesProvider';
import { IdInput, SectionInput, withOptional } from '../common-fields';
import { IssueBadge } from '../IssueBadge/IssueBadge';
import { ItemToolbar } from '../ItemToolbar/ItemToolbar';
import { moveItem, removeAt, replaceAt, uniqueId } from '../list-ops';
import { LocalizedTextInput } from '../LocalizedTextInput/LocalizedTextInput';
import { NumberField } from '../NumberField/NumberField';
import classes from './EscalationEditor.module.css';

/** Props of {@link EscalationEditor}. */
export interface EscalationEditorProps {
  value: EscalationDocument;
  onChange: (value: EscalationDocument) => void;
  subject: Subject;
  readOnly?: boolean;
}

type Action = EscalationLevel['actions'][number];

function ActionRow({
  action,
  index,
  count,
  path,
  onChange,
  onRemove,
  readOnly,
}: {
  action: Action;
  index: number;
  count: number;
  path: string;
  onChange: (action: Action) => void;
  onRemove: () => void;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const { pick, textLanguage } = useLanguage();
  const id = useField(childPath(path, 'id'));
  const zh = useField(childPath(path, 'title', 'zh'));
  const en = useField(childPath(path, 'title', 'en'));
  const owner = useField(childPath(path, 'owner'));
  const hours = useField(childPath(path, 'deadlineHours'));
  const name = pick(action.title) || action.id || String(index + 1);
  return (
    <Table.Tr>
      <Table.Td>
        <TextInput
          {...id}
          aria-label={`${t('common.id')} ${name}`}
          value={action.id}
          onChange={(e) => onChange({ ...action, id: e.currentTarget.value })}
          readOnly={readOnly}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          {...zh}
          aria-label={`${t('common.titleZh')} ${name}`}
          value={action.title.zh}
          onChange={(e) => onChange({ ...action, title: { ...action.title, zh: e.currentTarget.value } })}
          readOnly={readOnly}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          {...en}
          aria-label={`${t('common.titleEn')} ${name}`}
          value={action.title.en}
          onChange={(e) => onChange({ ...action, title: { ...action.title, en: e.currentTarget.value } })}
          readOnly={readOnly}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          {...owner}
          aria-label={`${t('escalation.owner')} ${name}`}
          value={textIn(action.owner, textLanguage)}
          onChange={(e) =>
            onChange({ ...action, owner: withNameText(action.owner, textLanguage, e.currentTarget.value) })
          }
          readOnly={readOnly}
        />
      </Table.Td>
      <Table.Td>
        <NumberField
          {...hours}
          aria-label={`${t('escalation.deadlineHours')} ${name}`}
          value={action.deadlineHours}
          onChange={(v) => v !== undefined && onChange({ ...action, deadlineHours: v })}
          min={0}
          readOnly={readOnly}
          w={90}
        />
      </Table.Td>
      <Table.Td w={44}>
        {!readOnly && (
          <Tooltip label={t('escalation.removeAction')}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`${t('escalation.removeAction')} ${name}`}
              onClick={onRemove}
              disabled={count < 1}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** The details of a level under its matrix row: id, titles, condition and actions. */
function LevelDetails({
  level,
  onChange,
  subject,
  path,
  readOnly,
}: {
  level: EscalationLevel;
  onChange: (level: EscalationLevel) => void;
  subject: Subject;
  path: string;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const actionsPath = childPath(path, 'actions');
  return (
    <Stack gap="sm" p="sm" className={classes.details}>
      <Group gap="sm" align="flex-start">
        <IdInput
          value={level.id}
          onChange={(id) => onChange({ ...level, id })}
          path={path}
          readOnly={readOnly}
        />
        <SectionInput
          value={level.section}
          onChange={(s) => onChange(withOptional(level, 'section', s))}
          path={path}
          readOnly={readOnly}
        />
      </Group>
      <LocalizedTextInput
        value={level.title}
        onChange={(title) => onChange({ ...level, title })}
        path={childPath(path, 'title')}
        readOnly={readOnly}
      />
      <div>
        <Text size="sm" fw={500} mb={4}>
          {t('escalation.condition')}
        </Text>
        <ConditionBuilder
          value={level.condition}
          onChange={(condition) => onChange({ ...level, condition })}
          subject={subject}
          path={childPath(path, 'condition')}
          readOnly={readOnly}
        />
      </div>
      <div>
        <Group justify="space-between" mb={4}>
          <Text size="sm" fw={500}>
            {t('escalation.actions')}
          </Text>
          {!readOnly && (
            <Button
              variant="subtle"
              size="compact-xs"
              leftSection={<IconPlus size={14} />}
              onClick={() =>
                onChange({
                  ...level,
                  actions: [
                    ...level.actions,
                    {
                      id: uniqueId(
                        'action',
                        level.actions.map((a) => a.id),
                      ),
                      title: { zh: t('escalation.newAction'), en: 'New action' },
                      owner: level.authority,
                      deadlineHours: level.responseHours,
                    },
                  ],
                })
              }
            >
              {t('escalation.addAction')}
            </Button>
          )}
        </Group>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150}>{t('common.id')}</Table.Th>
              <Table.Th>{t('common.titleZh')}</Table.Th>
              <Table.Th>{t('common.titleEn')}</Table.Th>
              <Table.Th>{t('escalation.owner')}</Table.Th>
              <Table.Th w={110}>{t('escalation.deadlineHours')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {level.actions.map((action, index) => (
              <ActionRow
                key={index}
                action={action}
                index={index}
                count={level.actions.length}
                path={childPath(actionsPath, index)}
                onChange={(next) => onChange({ ...level, actions: replaceAt(level.actions, index, next) })}
                onRemove={() => onChange({ ...level, actions: removeAt(level.actions, index) })}
                readOnly={readOnly}
              />
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}

/** One row of the matrix: the level's severity, condition in words, report chain, response time and authority. */
function LevelRow({
  level,
  index,
  count,
  expanded,
  onToggle,
  onChange,
  onMove,
  onRemove,
  subject,
  readOnly,
}: {
  level: EscalationLevel;
  index: number;
  count: number;
  expanded: boolean;
  onToggle: () => void;
  onChange: (level: EscalationLevel) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  subject: Subject;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const { pick, textLanguage } = useLanguage();
  const ctx = useDescribeContext(subject);
  const path = childPath('$', 'levels', index);
  const severity = useField(childPath(path, 'severity'));
  const reportTo = useField(childPath(path, 'reportTo'));
  const hours = useField(childPath(path, 'responseHours'));
  const authority = useField(childPath(path, 'authority'));
  const name = pick(level.title) || level.id;
  return (
    <Fragment>
      <Table.Tr data-testid={`level-${level.id}`} className={expanded ? classes.expandedRow : undefined}>
        <Table.Td>
          <Group gap={4} wrap="nowrap" align="flex-start">
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={onToggle}
              aria-expanded={expanded}
              aria-label={`${t('common.details')} ${name}`}
            >
              {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
            </ActionIcon>
            <div>
              <Text size="sm" fw={500} lh={1.35}>
                {name}
              </Text>
              <Group gap={4} mt={2}>
                <Badge size="xs" variant="outline" color="gray">
                  {level.id}
                </Badge>
                <IssueBadge path={path} />
              </Group>
            </div>
          </Group>
        </Table.Td>
        <Table.Td>
          <NumberField
            {...severity}
            aria-label={`${t('escalation.severity')} ${name}`}
            value={level.severity}
            onChange={(v) => v !== undefined && onChange({ ...level, severity: v })}
            allowDecimal={false}
            min={0}
            readOnly={readOnly}
            w={70}
          />
        </Table.Td>
        <Table.Td>
          <Text size="xs" className={classes.condition}>
            {describeCondition(ctx, level.condition)}
          </Text>
        </Table.Td>
        <Table.Td>
          <TagsInput
            {...reportTo}
            aria-label={`${t('escalation.reportTo')} ${name}`}
            value={level.reportTo.map(pick)}
            onChange={(chain) =>
              onChange({ ...level, reportTo: namesFromTexts(level.reportTo, chain, textLanguage) })
            }
            readOnly={readOnly}
            size="xs"
          />
        </Table.Td>
        <Table.Td>
          <NumberField
            {...hours}
            aria-label={`${t('escalation.responseHours')} ${name}`}
            value={level.responseHours}
            onChange={(v) => v !== undefined && onChange({ ...level, responseHours: v })}
            min={0}
            readOnly={readOnly}
            w={80}
          />
        </Table.Td>
        <Table.Td>
          <TextInput
            {...authority}
            aria-label={`${t('escalation.authority')} ${name}`}
            value={textIn(level.authority, textLanguage)}
            onChange={(e) =>
              onChange({
                ...level,
                authority: withNameText(level.authority, textLanguage, e.currentTarget.value),
              })
            }
            readOnly={readOnly}
            size="xs"
          />
        </Table.Td>
        <Table.Td>
          <Badge variant="light">{level.actions.length}</Badge>
        </Table.Td>
        <Table.Td>
          {!readOnly && (
            <ItemToolbar
              name={name}
              onMoveUp={index > 0 ? () => onMove(index - 1) : undefined}
              onMoveDown={index < count - 1 ? () => onMove(index + 1) : undefined}
              onRemove={count > 1 ? onRemove : undefined}
              removeLabel={t('escalation.removeLevel')}
            />
          )}
        </Table.Td>
      </Table.Tr>
      {expanded && (
        <Table.Tr>
          <Table.Td colSpan={8} p={0}>
            <LevelDetails
              level={level}
              onChange={onChange}
              subject={subject}
              path={path}
              readOnly={readOnly}
            />
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

/**
 * The escalation matrix: one row per level (most severe first) with its severity, condition in
 * words, report chain, response time, authority and actions; a row opens for the condition builder
 * and the actions table.
 */
export function EscalationEditor({ value, onChange, subject, readOnly }: EscalationEditorProps) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState<number[]>([]);
  const setLevels = (levels: EscalationLevel[]) => onChange({ ...value, levels });
  return (
    <Card>
      <Group justify="space-between" mb={4}>
        <Title order={4}>{t('escalation.matrix')}</Title>
        {!readOnly && (
          <Button
            variant="light"
            size="compact-sm"
            leftSection={<IconPlus size={14} />}
            onClick={() => {
              const last = value.levels.at(-1);
              setLevels([
                ...value.levels,
                {
                  id: uniqueId(
                    'level',
                    value.levels.map((l) => l.id),
                  ),
                  title: { zh: t('escalation.newLevel'), en: 'New level' },
                  severity: Math.max(0, (last?.severity ?? 1) - 1),
                  condition: { all: [newLeaf(subject)] },
                  reportTo: last?.reportTo.slice(0, 1) ?? [],
                  responseHours: 24,
                  authority: last?.authority ?? '',
                  actions: [],
                },
              ]);
              setExpanded((current) => [...current, value.levels.length]);
            }}
          >
            {t('escalation.addLevel')}
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {t('escalation.levelsHint')}
      </Text>
      <Table.ScrollContainer minWidth={1080}>
        <Table withTableBorder withColumnBorders verticalSpacing={8} className={classes.matrix}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={230}>{t('escalation.level')}</Table.Th>
              <Table.Th w={86}>{t('escalation.severity')}</Table.Th>
              <Table.Th>{t('escalation.condition')}</Table.Th>
              <Table.Th w={230}>{t('escalation.reportTo')}</Table.Th>
              <Table.Th w={96}>{t('escalation.responseHours')}</Table.Th>
              <Table.Th w={170}>{t('escalation.authority')}</Table.Th>
              <Table.Th w={60}>{t('escalation.actions')}</Table.Th>
              <Table.Th w={100} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {value.levels.map((level, index) => (
              <LevelRow
                key={index}
                level={level}
                index={index}
                count={value.levels.length}
                expanded={expanded.includes(index)}
                onToggle={() =>
                  setExpanded((current) =>
                    current.includes(index) ? current.filter((i) => i !== index) : [...current, index],
                  )
                }
                onChange={(next) => setLevels(replaceAt(value.levels, index, next))}
                onMove={(to) => setLevels(moveItem(value.levels, index, to))}
                onRemove={() => setLevels(removeAt(value.levels, index))}
                subject={subject}
                readOnly={readOnly}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
