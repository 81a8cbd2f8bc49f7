import {
  ActionIcon,
  Autocomplete,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import type { LinePoints, ScorecardDocument, ScorecardLine, Subject } from '@precept/schema';
import { IconMinus, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import { childPath } from '../../../lib/json-path';
import { useField } from '../../errors/IssuesProvider/IssuesProvider';
import { numericFactOptions, factKey, newLeaf } from '../../conditions/condition-model';
import { ConditionBuilder } from '../../conditions/ConditionBuilder/ConditionBuilder';
import { describeCondition, useDescribeContext } from '../../conditions/describe-condition';
import { FactPicker } from '../../conditions/FactPicker/FactPicker';
import { describePoints } from '../describe-document';
import { ElementList } from '../ElementList/ElementList';
import { ItemToolbar } from '../ItemToolbar/ItemToolbar';
import { moveItem, removeAt, replaceAt, uniqueId } from '../list-ops';
import { LocalizedTextInput } from '../LocalizedTextInput/LocalizedTextInput';
import { NumberField } from '../NumberField/NumberField';

/** Props of {@link ScorecardEditor}. */
export interface ScorecardEditorProps {
  value: ScorecardDocument;
  onChange: (value: ScorecardDocument) => void;
  subject: Subject;
  readOnly?: boolean;
}

/** The points editor of one line: fixed, or per unit of a numeric fact with baseline, step and cap. */
function PointsEditor({
  points,
  onChange,
  subject,
  path,
  readOnly,
}: {
  points: LinePoints;
  onChange: (points: LinePoints) => void;
  subject: Subject;
  path: string;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const valueField = useField(childPath(path, 'value'));
  const factField = useField(childPath(path, 'fact'));
  const aboveField = useField(childPath(path, 'above'));
  const belowField = useField(childPath(path, 'below'));
  const stepField = useField(childPath(path, 'step'));
  const capField = useField(childPath(path, 'cap'));
  const modeField = useField(childPath(path, 'mode'));
  const numeric = numericFactOptions(subject);
  const unitFact =
    points.mode === 'perUnit' ? numeric.find((o) => o.key === factKey(points.fact, points.path)) : undefined;
  const unit = pick(unitFact?.field.unit);
  const unitSection = unit ? (
    <Text size="xs" c="dimmed">
      {unit}
    </Text>
  ) : undefined;

  return (
    <Stack gap="xs">
      <Group gap="sm" align="flex-end">
        <div>
          <Text size="sm" fw={500} mb={4} id={`${path}-mode`}>
            {t('scorecard.pointsMode')}
          </Text>
          <SegmentedControl
            aria-labelledby={`${path}-mode`}
            data-path={modeField['data-path']}
            readOnly={readOnly}
            value={points.mode}
            onChange={(mode) => {
              if (mode === points.mode) return;
              if (mode === 'fixed') onChange({ mode: 'fixed', value: points.value });
              else {
                const first = numeric[0];
                onChange({
                  mode: 'perUnit',
                  value: points.value,
                  fact: first?.fact ?? '',
                  ...(first?.path ? { path: first.path } : {}),
                });
              }
            }}
            data={[
              { value: 'fixed', label: t('scorecard.fixed') },
              { value: 'perUnit', label: t('scorecard.perUnit') },
            ]}
          />
        </div>
        <NumberField
          {...valueField}
          label={points.mode === 'fixed' ? t('scorecard.points') : t('scorecard.perUnitPoints')}
          value={points.value}
          onChange={(value) => value !== undefined && onChange({ ...points, value })}
          min={0}
          readOnly={readOnly}
          w={130}
        />
      </Group>
      {points.mode === 'perUnit' && (
        <Group gap="sm" align="flex-start" wrap="wrap">
          <FactPicker
            subject={subject}
            label={t('scorecard.unitFact')}
            value={factKey(points.fact, points.path)}
            filter={(o) => o.field.type === 'number' || o.field.type === 'integer'}
            onChange={(option) => {
              const { path: _old, ...rest } = points;
              onChange({ ...rest, fact: option.fact, ...(option.path ? { path: option.path } : {}) });
            }}
            error={factField.error}
            path={factField['data-path']}
            readOnly={readOnly}
            w={240}
          />
          <NumberField
            {...belowField}
            label={t('scorecard.below')}
            value={points.below}
            optional
            onChange={(below) => {
              const { below: _b, above: _a, ...rest } = points;
              onChange(
                below === undefined
                  ? { ...rest, ...(points.above !== undefined ? { above: points.above } : {}) }
                  : { ...rest, below },
              );
            }}
            rightSection={unitSection}
            readOnly={readOnly}
            w={130}
          />
          <NumberField
            {...aboveField}
            label={t('scorecard.above')}
            value={points.above}
            optional
            onChange={(above) => {
              const { below: _b, above: _a, ...rest } = points;
              onChange(
                above === undefined
                  ? { ...rest, ...(points.below !== undefined ? { below: points.below } : {}) }
                  : { ...rest, above },
              );
            }}
            rightSection={unitSection}
            readOnly={readOnly}
            w={130}
          />
          <NumberField
            {...stepField}
            label={t('scorecard.step')}
            value={points.step}
            optional
            placeholder="1"
            onChange={(step) => {
              const { step: _s, ...rest } = points;
              onChange(step === undefined ? rest : { ...rest, step });
            }}
            rightSection={unitSection}
            readOnly={readOnly}
            w={110}
          />
          <NumberField
            {...capField}
            label={t('scorecard.cap')}
            value={points.cap}
            optional
            onChange={(cap) => {
              const { cap: _c, ...rest } = points;
              onChange(cap === undefined ? rest : { ...rest, cap });
            }}
            readOnly={readOnly}
            w={110}
          />
        </Group>
      )}
    </Stack>
  );
}

/** The form of one line. */
function LineEditor({
  line,
  onChange,
  subject,
  categories,
  path,
  readOnly,
}: {
  line: ScorecardLine;
  onChange: (line: ScorecardLine) => void;
  subject: Subject;
  categories: string[];
  path: string;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const idField = useField(childPath(path, 'id'));
  const sectionField = useField(childPath(path, 'section'));
  const categoryField = useField(childPath(path, 'category'));
  const typeField = useField(childPath(path, 'type'));
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-start" wrap="wrap">
        <TextInput
          {...idField}
          label={t('common.id')}
          description={t('editor.idHint')}
          value={line.id}
          onChange={(e) => onChange({ ...line, id: e.currentTarget.value })}
          readOnly={readOnly}
          w={200}
          withAsterisk
        />
        <div>
          <Text size="sm" fw={500} mb={4} id={`${path}-type`}>
            {t('scorecard.type')}
          </Text>
          <SegmentedControl
            aria-labelledby={`${path}-type`}
            data-path={typeField['data-path']}
            readOnly={readOnly}
            value={line.type}
            color={line.type === 'deduction' ? 'red' : 'teal'}
            onChange={(type) => onChange({ ...line, type: type === 'bonus' ? 'bonus' : 'deduction' })}
            data={[
              { value: 'deduction', label: t('scorecard.deduction') },
              { value: 'bonus', label: t('scorecard.bonus') },
            ]}
          />
        </div>
        <Autocomplete
          {...categoryField}
          label={t('scorecard.category')}
          description={t('scorecard.categoryHint')}
          value={line.category}
          data={categories}
          onChange={(category) => onChange({ ...line, category })}
          readOnly={readOnly}
          w={200}
          withAsterisk
        />
        <TextInput
          {...sectionField}
          label={t('common.section')}
          description={t('common.sectionHint')}
          value={line.section ?? ''}
          onChange={(e) => {
            const { section: _s, ...rest } = line;
            const section = e.currentTarget.value;
            onChange(section ? { ...rest, section } : rest);
          }}
          readOnly={readOnly}
          w={240}
        />
      </Group>
      <LocalizedTextInput
        value={line.title}
        onChange={(title) => onChange({ ...line, title })}
        path={childPath(path, 'title')}
        readOnly={readOnly}
      />
      <PointsEditor
        points={line.points}
        onChange={(points) => onChange({ ...line, points })}
        subject={subject}
        path={childPath(path, 'points')}
        readOnly={readOnly}
      />
      <div>
        <Text size="sm" fw={500} mb={4}>
          {t('scorecard.condition')}
        </Text>
        <ConditionBuilder
          value={line.condition}
          onChange={(condition) => onChange({ ...line, condition })}
          subject={subject}
          path={childPath(path, 'condition')}
          readOnly={readOnly}
        />
      </div>
    </Stack>
  );
}

/** Settings of the scorecard: base score and the range the total is kept within. */
function SettingsCard({ value, onChange, readOnly }: ScorecardEditorProps) {
  const { t } = useTranslation();
  const base = useField('$.baseScore');
  const min = useField('$.minScore');
  const max = useField('$.maxScore');
  return (
    <Card>
      <Title order={4} mb="xs">
        {t('scorecard.settings')}
      </Title>
      <Group gap="sm">
        <NumberField
          {...base}
          label={t('scorecard.baseScore')}
          value={value.baseScore}
          onChange={(baseScore) => baseScore !== undefined && onChange({ ...value, baseScore })}
          readOnly={readOnly}
          w={140}
          withAsterisk
        />
        <NumberField
          {...min}
          label={t('scorecard.minScore')}
          value={value.minScore}
          optional
          onChange={(minScore) => {
            const { minScore: _m, ...rest } = value;
            onChange(minScore === undefined ? rest : { ...rest, minScore });
          }}
          readOnly={readOnly}
          w={140}
        />
        <NumberField
          {...max}
          label={t('scorecard.maxScore')}
          value={value.maxScore}
          optional
          onChange={(maxScore) => {
            const { maxScore: _m, ...rest } = value;
            onChange(maxScore === undefined ? rest : { ...rest, maxScore });
          }}
          readOnly={readOnly}
          w={140}
        />
      </Group>
    </Card>
  );
}

function CategoryCapRow({
  cap,
  index,
  categories,
  onChange,
  onRemove,
  readOnly,
}: {
  cap: ScorecardDocument['categoryCaps'][number];
  index: number;
  categories: string[];
  onChange: (cap: ScorecardDocument['categoryCaps'][number]) => void;
  onRemove: () => void;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const path = childPath('$', 'categoryCaps', index);
  const category = useField(childPath(path, 'category'));
  const max = useField(childPath(path, 'max'));
  return (
    <Table.Tr>
      <Table.Td>
        <Autocomplete
          {...category}
          aria-label={`${t('scorecard.category')} ${index + 1}`}
          value={cap.category}
          data={categories}
          onChange={(value) => onChange({ ...cap, category: value })}
          readOnly={readOnly}
        />
      </Table.Td>
      <Table.Td>
        <NumberField
          {...max}
          aria-label={`${t('scorecard.max')} ${cap.category}`}
          value={cap.max}
          onChange={(value) => value !== undefined && onChange({ ...cap, max: value })}
          readOnly={readOnly}
          w={120}
        />
      </Table.Td>
      <Table.Td w={48}>
        {!readOnly && (
          <Tooltip label={t('common.remove')}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`${t('common.remove')} ${cap.category}`}
              onClick={onRemove}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function GradeRow({
  grade,
  index,
  count,
  onChange,
  onRemove,
  onMove,
  readOnly,
}: {
  grade: ScorecardDocument['grades'][number];
  index: number;
  count: number;
  onChange: (grade: ScorecardDocument['grades'][number]) => void;
  onRemove: () => void;
  onMove: (to: number) => void;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const path = childPath('$', 'grades', index);
  const id = useField(childPath(path, 'grade'));
  const zh = useField(childPath(path, 'label', 'zh'));
  const en = useField(childPath(path, 'label', 'en'));
  const min = useField(childPath(path, 'minScore'));
  return (
    <Table.Tr>
      <Table.Td>
        <TextInput
          {...id}
          aria-label={`${t('scorecard.grade')} ${index + 1}`}
          value={grade.grade}
          onChange={(e) => onChange({ ...grade, grade: e.currentTarget.value })}
          readOnly={readOnly}
          w={90}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          {...zh}
          aria-label={`${t('editor.labelZh')} ${grade.grade}`}
          value={grade.label.zh}
          onChange={(e) => onChange({ ...grade, label: { ...grade.label, zh: e.currentTarget.value } })}
          readOnly={readOnly}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          {...en}
          aria-label={`${t('editor.labelEn')} ${grade.grade}`}
          value={grade.label.en}
          onChange={(e) => onChange({ ...grade, label: { ...grade.label, en: e.currentTarget.value } })}
          readOnly={readOnly}
        />
      </Table.Td>
      <Table.Td>
        <NumberField
          {...min}
          aria-label={`${t('scorecard.minScoreOfGrade')} ${grade.grade}`}
          value={grade.minScore}
          onChange={(value) => value !== undefined && onChange({ ...grade, minScore: value })}
          readOnly={readOnly}
          w={100}
        />
      </Table.Td>
      <Table.Td w={120}>
        {!readOnly && (
          <ItemToolbar
            name={grade.grade}
            onMoveUp={index > 0 ? () => onMove(index - 1) : undefined}
            onMoveDown={index < count - 1 ? () => onMove(index + 1) : undefined}
            onRemove={count > 1 ? onRemove : undefined}
          />
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The scorecard editor: base score and clamp, deduction and bonus lines (fixed or per-unit points
 * with baseline, step and cap, each with its condition), category caps, and grade bands.
 */
export function ScorecardEditor({ value, onChange, subject, readOnly }: ScorecardEditorProps) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const ctx = useDescribeContext(subject);
  const [open, setOpen] = useState<string[]>([]);
  const categories = [
    ...new Set([...value.lines.map((l) => l.category), ...value.categoryCaps.map((c) => c.category)]),
  ].filter(Boolean);
  const setLines = (lines: ScorecardLine[]) => onChange({ ...value, lines });
  const deductions = value.lines.filter((l) => l.type === 'deduction').length;

  const addLine = (type: ScorecardLine['type']) => {
    const id = uniqueId(
      type === 'deduction' ? 'deduction' : 'bonus',
      value.lines.map((l) => l.id),
    );
    const line: ScorecardLine = {
      id,
      title: { zh: t('scorecard.newLine'), en: 'New line' },
      type,
      category:
        value.lines.find((l) => l.type === type)?.category ?? (type === 'bonus' ? 'bonus' : 'general'),
      condition: { all: [newLeaf(subject)] },
      points: { mode: 'fixed', value: 1 },
    };
    setLines([...value.lines, line]);
    setOpen((current) => [...current, `item-${value.lines.length}`]);
  };

  return (
    <Stack gap="md">
      <SettingsCard value={value} onChange={onChange} subject={subject} readOnly={readOnly} />

      <Card>
        <Group justify="space-between" mb="xs">
          <div>
            <Title order={4}>{t('scorecard.lines')}</Title>
            <Text size="xs" c="dimmed">
              {t('scorecard.summary', { deductions, bonuses: value.lines.length - deductions })}
            </Text>
          </div>
          <Group gap="xs">
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => setOpen(value.lines.map((_, i) => `item-${i}`))}
            >
              {t('editor.expandAll')}
            </Button>
            <Button variant="subtle" size="compact-sm" onClick={() => setOpen([])}>
              {t('editor.collapseAll')}
            </Button>
            {!readOnly && (
              <>
                <Button
                  variant="light"
                  color="red"
                  leftSection={<IconMinus size={14} />}
                  onClick={() => addLine('deduction')}
                >
                  {t('scorecard.addDeduction')}
                </Button>
                <Button
                  variant="light"
                  color="teal"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => addLine('bonus')}
                >
                  {t('scorecard.addBonus')}
                </Button>
              </>
            )}
          </Group>
        </Group>
        <ElementList
          items={value.lines}
          onChange={setLines}
          path="$.lines"
          open={open}
          onOpenChange={setOpen}
          title={(line) => pick(line.title) || line.id}
          badges={(line) => (
            <>
              <Badge color={line.type === 'deduction' ? 'red' : 'teal'} variant="light" size="sm">
                {t(`scorecard.${line.type}`)}
              </Badge>
              <Badge variant="outline" color="gray" size="sm">
                {line.category}
              </Badge>
            </>
          )}
          summary={(line) =>
            `${describePoints(ctx, line.type, line.points)} · ${describeCondition(ctx, line.condition)}`
          }
          editor={(line, index, path) => (
            <LineEditor
              line={line}
              onChange={(next) => setLines(replaceAt(value.lines, index, next))}
              subject={subject}
              categories={categories}
              path={path}
              readOnly={readOnly}
            />
          )}
          testId={(line) => `line-${line.id}`}
          duplicate={(line, items) => ({
            ...line,
            id: uniqueId(
              line.id,
              items.map((l) => l.id),
            ),
          })}
          removeLabel={t('scorecard.removeLine')}
          readOnly={readOnly}
        />
      </Card>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Card>
          <Group justify="space-between" mb={4}>
            <Title order={4}>{t('scorecard.categoryCaps')}</Title>
            {!readOnly && (
              <Button
                variant="subtle"
                size="compact-sm"
                leftSection={<IconPlus size={14} />}
                onClick={() =>
                  onChange({
                    ...value,
                    categoryCaps: [
                      ...value.categoryCaps,
                      {
                        category:
                          categories.find((c) => !value.categoryCaps.some((cap) => cap.category === c)) ?? '',
                        max: 10,
                      },
                    ],
                  })
                }
              >
                {t('scorecard.addCategoryCap')}
              </Button>
            )}
          </Group>
          <Text size="xs" c="dimmed" mb="xs">
            {t('scorecard.categoryCapsHint')}
          </Text>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('scorecard.category')}</Table.Th>
                <Table.Th>{t('scorecard.max')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {value.categoryCaps.map((cap, index) => (
                <CategoryCapRow
                  key={index}
                  cap={cap}
                  index={index}
                  categories={categories}
                  onChange={(next) =>
                    onChange({ ...value, categoryCaps: replaceAt(value.categoryCaps, index, next) })
                  }
                  onRemove={() => onChange({ ...value, categoryCaps: removeAt(value.categoryCaps, index) })}
                  readOnly={readOnly}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Card>

        <Card>
          <Group justify="space-between" mb={4}>
            <Title order={4}>{t('scorecard.grades')}</Title>
            {!readOnly && (
              <Button
                variant="subtle"
                size="compact-sm"
                leftSection={<IconPlus size={14} />}
                onClick={() =>
                  onChange({
                    ...value,
                    grades: [
                      ...value.grades,
                      {
                        grade: uniqueId(
                          'G',
                          value.grades.map((g) => g.grade),
                        ),
                        label: { zh: t('scorecard.newGrade'), en: 'New grade' },
                        minScore: 0,
                      },
                    ],
                  })
                }
              >
                {t('scorecard.addGrade')}
              </Button>
            )}
          </Group>
          <Text size="xs" c="dimmed" mb="xs">
            {t('scorecard.gradesHint')}
          </Text>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('scorecard.grade')}</Table.Th>
                <Table.Th>{t('editor.labelZh')}</Table.Th>
                <Table.Th>{t('editor.labelEn')}</Table.Th>
                <Table.Th>{t('scorecard.minScoreOfGrade')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {value.grades.map((grade, index) => (
                <GradeRow
                  key={index}
                  grade={grade}
                  index={index}
                  count={value.grades.length}
                  onChange={(next) => onChange({ ...value, grades: replaceAt(value.grades, index, next) })}
                  onRemove={() => onChange({ ...value, grades: removeAt(value.grades, index) })}
                  onMove={(to) => onChange({ ...value, grades: moveItem(value.grades, index, to) })}
                  readOnly={readOnly}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
