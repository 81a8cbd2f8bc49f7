import { Badge, Button, Card, Group, JsonInput, Stack, Text, TextInput, Title } from '@mantine/core';
import type { JsonValue, RulesetDocument, RulesetRule, Subject } from '@precept/schema';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import { childPath } from '../../../lib/json-path';
import { newLeaf } from '../../conditions/condition-model';
import { ConditionBuilder } from '../../conditions/ConditionBuilder/ConditionBuilder';
import { describeCondition, useDescribeContext } from '../../conditions/describe-condition';
import { useField } from '../../errors/IssuesProvider/IssuesProvider';
import { IdInput, withOptional } from '../common-fields';
import { ElementList } from '../ElementList/ElementList';
import { replaceAt, uniqueId } from '../list-ops';
import { LocalizedTextInput } from '../LocalizedTextInput/LocalizedTextInput';
import { NumberField } from '../NumberField/NumberField';

/** Props of {@link RulesetEditor}. */
export interface RulesetEditorProps {
  value: RulesetDocument;
  onChange: (value: RulesetDocument) => void;
  subject: Subject;
  readOnly?: boolean;
}

/** Event parameters as JSON text: applied when the text is a JSON object, kept as typed otherwise. */
function ParamsInput({
  value,
  onChange,
  path,
  readOnly,
}: {
  value: Record<string, JsonValue> | undefined;
  onChange: (value: Record<string, JsonValue> | undefined) => void;
  path: string;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const field = useField(path);
  const [text, setText] = useState(() => (value ? JSON.stringify(value, null, 2) : ''));
  const [invalid, setInvalid] = useState(false);
  return (
    <JsonInput
      {...field}
      error={field.error ?? (invalid ? t('editor.jsonInvalid') : undefined)}
      label={t('ruleset.eventParams')}
      value={text}
      onChange={(next) => {
        setText(next);
        if (next.trim() === '') {
          setInvalid(false);
          onChange(undefined);
          return;
        }
        try {
          const parsed: unknown = JSON.parse(next);
          const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
          setInvalid(!isObject);
          if (isObject) onChange(parsed as Record<string, JsonValue>);
        } catch {
          setInvalid(true);
        }
      }}
      autosize
      minRows={2}
      maxRows={10}
      readOnly={readOnly}
      formatOnBlur
    />
  );
}

function RuleEditor({
  rule,
  onChange,
  subject,
  path,
  readOnly,
}: {
  rule: RulesetRule;
  onChange: (rule: RulesetRule) => void;
  subject: Subject;
  path: string;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const priority = useField(childPath(path, 'priority'));
  const type = useField(childPath(path, 'event', 'type'));
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-start">
        <IdInput
          value={rule.id}
          onChange={(id) => onChange({ ...rule, id })}
          path={path}
          readOnly={readOnly}
        />
        <NumberField
          {...priority}
          label={t('ruleset.priority')}
          value={rule.priority}
          onChange={(v) => v !== undefined && onChange({ ...rule, priority: v })}
          allowDecimal={false}
          min={1}
          readOnly={readOnly}
          w={110}
        />
        <TextInput
          {...type}
          label={t('ruleset.eventType')}
          value={rule.event.type}
          onChange={(e) => onChange({ ...rule, event: { ...rule.event, type: e.currentTarget.value } })}
          readOnly={readOnly}
          withAsterisk
          w={240}
        />
      </Group>
      <LocalizedTextInput
        value={rule.title}
        onChange={(title) => onChange({ ...rule, title })}
        path={childPath(path, 'title')}
        readOnly={readOnly}
        required={false}
      />
      <div>
        <Text size="sm" fw={500} mb={4}>
          {t('ruleset.conditions')}
        </Text>
        <ConditionBuilder
          value={rule.conditions}
          onChange={(conditions) => onChange({ ...rule, conditions })}
          subject={subject}
          path={childPath(path, 'conditions')}
          readOnly={readOnly}
        />
      </div>
      <ParamsInput
        value={rule.event.params}
        onChange={(params) => onChange({ ...rule, event: withOptional(rule.event, 'params', params) })}
        path={childPath(path, 'event', 'params')}
        readOnly={readOnly}
      />
    </Stack>
  );
}

/** The ruleset editor: plain rules, each a condition tree and the event it fires. */
export function RulesetEditor({ value, onChange, subject, readOnly }: RulesetEditorProps) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const ctx = useDescribeContext(subject);
  const [open, setOpen] = useState<string[]>([]);
  return (
    <Card>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('ruleset.rules')}</Title>
        {!readOnly && (
          <Button
            variant="light"
            size="compact-sm"
            leftSection={<IconPlus size={14} />}
            onClick={() => {
              onChange({
                ...value,
                rules: [
                  ...value.rules,
                  {
                    id: uniqueId(
                      'rule',
                      value.rules.map((r) => r.id),
                    ),
                    priority: 1,
                    conditions: { all: [newLeaf(subject)] },
                    event: { type: 'event' },
                  },
                ],
              });
              setOpen((current) => [...current, `item-${value.rules.length}`]);
            }}
          >
            {t('ruleset.addRule')}
          </Button>
        )}
      </Group>
      <ElementList
        items={value.rules}
        onChange={(rules) => onChange({ ...value, rules })}
        path="$.rules"
        open={open}
        onOpenChange={setOpen}
        title={(rule) => pick(rule.title) || rule.id}
        badges={(rule) => (
          <Badge size="xs" variant="light">
            {rule.event.type}
          </Badge>
        )}
        summary={(rule) => describeCondition(ctx, rule.conditions)}
        editor={(rule, index, path) => (
          <RuleEditor
            rule={rule}
            onChange={(next) => onChange({ ...value, rules: replaceAt(value.rules, index, next) })}
            subject={subject}
            path={path}
            readOnly={readOnly}
          />
        )}
        testId={(rule) => `rule-${rule.id}`}
        duplicate={(rule, items) => ({
          ...rule,
          id: uniqueId(
            rule.id,
            items.map((r) => r.id),
          ),
        })}
        removeLabel={t('ruleset.removeRule')}
        readOnly={readOnly}
      />
    </Card>
  );
}
