import { Badge, Button, Card, Group, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import type { ChecklistDocument, ChecklistItem, ChecklistSection, Subject } from '@precept/schema';
import { textIn } from '@precept/schema';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage, withNameText } from '../../../i18n/use-language';
import { childPath } from '../../../lib/json-path';
import { newLeaf } from '../../conditions/condition-model';
import { ConditionBuilder } from '../../conditions/ConditionBuilder/ConditionBuilder';
import { describeCondition, useDescribeContext } from '../../conditions/describe-condition';
import { useField } from '../../errors/IssuesProvider/IssuesProvider';
import { IdInput, SectionInput, withOptional } from '../common-fields';
import { ElementList } from '../ElementList/ElementList';
import { IssueBadge } from '../IssueBadge/IssueBadge';
import { ItemToolbar } from '../ItemToolbar/ItemToolbar';
import { moveItem, removeAt, replaceAt, uniqueId } from '../list-ops';
import { LocalizedTextInput } from '../LocalizedTextInput/LocalizedTextInput';
import { NumberField } from '../NumberField/NumberField';

/** Props of {@link ChecklistEditor}. */
export interface ChecklistEditorProps {
  value: ChecklistDocument;
  onChange: (value: ChecklistDocument) => void;
  subject: Subject;
  readOnly?: boolean;
}

function ItemEditor({
  item,
  onChange,
  subject,
  path,
  readOnly,
}: {
  item: ChecklistItem;
  onChange: (item: ChecklistItem) => void;
  subject: Subject;
  path: string;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const { textLanguage } = useLanguage();
  const points = useField(childPath(path, 'points'));
  const owner = useField(childPath(path, 'rectification', 'owner'));
  const days = useField(childPath(path, 'rectification', 'deadlineDays'));
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-start" wrap="wrap">
        <IdInput
          value={item.id}
          onChange={(id) => onChange({ ...item, id })}
          path={path}
          readOnly={readOnly}
        />
        <NumberField
          {...points}
          label={t('checklist.points')}
          value={item.points}
          onChange={(value) => value !== undefined && onChange({ ...item, points: value })}
          min={0}
          readOnly={readOnly}
          withAsterisk
          w={110}
        />
        <SectionInput
          value={item.section}
          onChange={(section) => onChange(withOptional(item, 'section', section))}
          path={path}
          readOnly={readOnly}
        />
        <Switch
          mt={28}
          label={t('checklist.critical')}
          description={t('checklist.criticalHint')}
          checked={item.critical}
          disabled={readOnly}
          onChange={(e) => onChange({ ...item, critical: e.currentTarget.checked })}
          color="red"
        />
      </Group>
      <LocalizedTextInput
        value={item.title}
        onChange={(title) => onChange({ ...item, title })}
        path={childPath(path, 'title')}
        readOnly={readOnly}
      />
      <Group gap="sm" align="flex-start">
        <TextInput
          {...owner}
          label={t('checklist.owner')}
          value={textIn(item.rectification.owner, textLanguage)}
          onChange={(e) =>
            onChange({
              ...item,
              rectification: {
                ...item.rectification,
                owner: withNameText(item.rectification.owner, textLanguage, e.currentTarget.value),
              },
            })
          }
          readOnly={readOnly}
          withAsterisk
          w={260}
        />
        <NumberField
          {...days}
          label={t('checklist.deadlineDays')}
          value={item.rectification.deadlineDays}
          onChange={(value) =>
            value !== undefined &&
            onChange({ ...item, rectification: { ...item.rectification, deadlineDays: value } })
          }
          allowDecimal={false}
          min={0}
          readOnly={readOnly}
          withAsterisk
          w={150}
        />
      </Group>
      <div>
        <Text size="sm" fw={500} mb={4}>
          {t('checklist.condition')}
        </Text>
        <ConditionBuilder
          value={item.condition}
          onChange={(condition) => onChange({ ...item, condition })}
          subject={subject}
          path={childPath(path, 'condition')}
          readOnly={readOnly}
        />
      </div>
    </Stack>
  );
}

function SectionCard({
  section,
  index,
  count,
  onChange,
  onMove,
  onRemove,
  subject,
  readOnly,
}: {
  section: ChecklistSection;
  index: number;
  count: number;
  onChange: (section: ChecklistSection) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  subject: Subject;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const ctx = useDescribeContext(subject);
  const [open, setOpen] = useState<string[]>([]);
  const path = childPath('$', 'sections', index);
  const total = section.items.reduce((sum, item) => sum + item.points, 0);
  const name = pick(section.title) || section.id;
  return (
    <Card data-testid={`section-${section.id}`}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap="xs">
          <Title order={4}>{name}</Title>
          <Badge variant="light" color="gray">
            {t('checklist.totalPoints', { points: ctx.format.number(total) })}
          </Badge>
          <IssueBadge path={path} />
        </Group>
        {!readOnly && (
          <ItemToolbar
            name={name}
            onMoveUp={index > 0 ? () => onMove(index - 1) : undefined}
            onMoveDown={index < count - 1 ? () => onMove(index + 1) : undefined}
            onRemove={count > 1 ? onRemove : undefined}
            removeLabel={t('checklist.removeSection')}
          />
        )}
      </Group>
      <Stack gap="sm">
        <Group gap="sm" align="flex-start">
          <IdInput
            value={section.id}
            onChange={(id) => onChange({ ...section, id })}
            path={path}
            readOnly={readOnly}
          />
          <SectionInput
            value={section.section}
            onChange={(ref) => onChange(withOptional(section, 'section', ref))}
            path={path}
            readOnly={readOnly}
          />
        </Group>
        <LocalizedTextInput
          value={section.title}
          onChange={(title) => onChange({ ...section, title })}
          path={childPath(path, 'title')}
          readOnly={readOnly}
        />
        <ElementList
          items={section.items}
          onChange={(items) => onChange({ ...section, items })}
          path={childPath(path, 'items')}
          open={open}
          onOpenChange={setOpen}
          title={(item) => pick(item.title) || item.id}
          badges={(item) => (
            <>
              <Badge variant="light" size="sm">
                {t('common.points', { value: ctx.format.number(item.points) })}
              </Badge>
              {item.critical && (
                <Badge color="red" variant="filled" size="sm">
                  {t('checklist.critical')}
                </Badge>
              )}
            </>
          )}
          summary={(item) => describeCondition(ctx, item.condition)}
          editor={(item, itemIndex, itemPath) => (
            <ItemEditor
              item={item}
              onChange={(next) => onChange({ ...section, items: replaceAt(section.items, itemIndex, next) })}
              subject={subject}
              path={itemPath}
              readOnly={readOnly}
            />
          )}
          testId={(item) => `item-${item.id}`}
          duplicate={(item, items) => ({
            ...item,
            id: uniqueId(
              item.id,
              items.map((i) => i.id),
            ),
          })}
          removeLabel={t('checklist.removeItem')}
          readOnly={readOnly}
        />
        {!readOnly && (
          <Group>
            <Button
              variant="light"
              size="compact-sm"
              leftSection={<IconPlus size={14} />}
              onClick={() => {
                const item: ChecklistItem = {
                  id: uniqueId(
                    `${section.id}-item`,
                    section.items.map((i) => i.id),
                  ),
                  title: { zh: t('checklist.newItem'), en: 'New item' },
                  points: 1,
                  condition: { all: [newLeaf(subject)] },
                  critical: false,
                  rectification: { owner: section.items[0]?.rectification.owner ?? '', deadlineDays: 30 },
                };
                onChange({ ...section, items: [...section.items, item] });
                setOpen((current) => [...current, `item-${section.items.length}`]);
              }}
            >
              {t('checklist.addItem')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** The checklist editor: pass mark, then sections of items with points, critical flag, rectification and pass condition. */
export function ChecklistEditor({ value, onChange, subject, readOnly }: ChecklistEditorProps) {
  const { t } = useTranslation();
  const pass = useField('$.passPercent');
  const setSections = (sections: ChecklistSection[]) => onChange({ ...value, sections });
  return (
    <Stack gap="md">
      <Card>
        <Title order={4} mb="xs">
          {t('checklist.settings')}
        </Title>
        <NumberField
          {...pass}
          label={t('checklist.passPercent')}
          value={value.passPercent}
          onChange={(passPercent) => passPercent !== undefined && onChange({ ...value, passPercent })}
          min={0}
          max={100}
          readOnly={readOnly}
          withAsterisk
          w={160}
        />
      </Card>
      {value.sections.map((section, index) => (
        <SectionCard
          key={index}
          section={section}
          index={index}
          count={value.sections.length}
          onChange={(next) => setSections(replaceAt(value.sections, index, next))}
          onMove={(to) => setSections(moveItem(value.sections, index, to))}
          onRemove={() => setSections(removeAt(value.sections, index))}
          subject={subject}
          readOnly={readOnly}
        />
      ))}
      {!readOnly && (
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              setSections([
                ...value.sections,
                {
                  id: uniqueId(
                    'section',
                    value.sections.map((s) => s.id),
                  ),
                  title: { zh: t('checklist.newSection'), en: 'New section' },
                  items: [
                    {
                      id: uniqueId(
                        'item',
                        value.sections.flatMap((s) => s.items.map((i) => i.id)),
                      ),
                      title: { zh: t('checklist.newItem'), en: 'New item' },
                      points: 1,
                      condition: { all: [newLeaf(subject)] },
                      critical: false,
                      rectification: { owner: '', deadlineDays: 30 },
                    },
                  ],
                },
              ])
            }
          >
            {t('checklist.addSection')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
