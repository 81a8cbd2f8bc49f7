import { Badge, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { SEVERITIES, type StandardDocument, type Subject, type Target } from '@precept/schema';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import { childPath } from '../../../lib/json-path';
import { newLeaf } from '../../conditions/condition-model';
import { ConditionBuilder } from '../../conditions/ConditionBuilder/ConditionBuilder';
import { describeCondition, useDescribeContext } from '../../conditions/describe-condition';
import { useField } from '../../errors/IssuesProvider/IssuesProvider';
import { IdInput, SectionInput, withOptional } from '../common-fields';
import { ElementList } from '../ElementList/ElementList';
import { replaceAt, uniqueId } from '../list-ops';
import { LocalizedTextInput } from '../LocalizedTextInput/LocalizedTextInput';

/** Props of {@link StandardEditor}. */
export interface StandardEditorProps {
  value: StandardDocument;
  onChange: (value: StandardDocument) => void;
  subject: Subject;
  readOnly?: boolean;
}

/** The colour a severity is shown in. */
export const SEVERITY_COLOR = { minor: 'gray', major: 'orange', critical: 'red' } as const;

function TargetEditor({
  target,
  onChange,
  subject,
  path,
  readOnly,
}: {
  target: Target;
  onChange: (target: Target) => void;
  subject: Subject;
  path: string;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const severity = useField(childPath(path, 'severity'));
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-start" wrap="wrap">
        <IdInput
          value={target.id}
          onChange={(id) => onChange({ ...target, id })}
          path={path}
          readOnly={readOnly}
        />
        <Select
          {...severity}
          label={t('standard.severity')}
          value={target.severity}
          data={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
          onChange={(s) => {
            const next = SEVERITIES.find((x) => x === s);
            if (next) onChange({ ...target, severity: next });
          }}
          readOnly={readOnly}
          w={140}
        />
        <SectionInput
          value={target.section}
          onChange={(section) => onChange(withOptional(target, 'section', section))}
          path={path}
          readOnly={readOnly}
        />
      </Group>
      <LocalizedTextInput
        value={target.title}
        onChange={(title) => onChange({ ...target, title })}
        path={childPath(path, 'title')}
        readOnly={readOnly}
      />
      <div>
        <Text size="sm" fw={500} mb={4}>
          {t('standard.condition')}
        </Text>
        <ConditionBuilder
          value={target.condition}
          onChange={(condition) => onChange({ ...target, condition })}
          subject={subject}
          path={childPath(path, 'condition')}
          readOnly={readOnly}
        />
      </div>
    </Stack>
  );
}

/** The service-targets editor: each target a condition over the facts, with a severity. */
export function StandardEditor({ value, onChange, subject, readOnly }: StandardEditorProps) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const ctx = useDescribeContext(subject);
  const [open, setOpen] = useState<string[]>([]);
  return (
    <Card>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('standard.targets')}</Title>
        {!readOnly && (
          <Button
            variant="light"
            size="compact-sm"
            leftSection={<IconPlus size={14} />}
            onClick={() => {
              onChange({
                ...value,
                targets: [
                  ...value.targets,
                  {
                    id: uniqueId(
                      'target',
                      value.targets.map((x) => x.id),
                    ),
                    title: { zh: t('standard.newTarget'), en: 'New target' },
                    condition: { all: [newLeaf(subject)] },
                    severity: 'major',
                  },
                ],
              });
              setOpen((current) => [...current, `item-${value.targets.length}`]);
            }}
          >
            {t('standard.addTarget')}
          </Button>
        )}
      </Group>
      <ElementList
        items={value.targets}
        onChange={(targets) => onChange({ ...value, targets })}
        path="$.targets"
        open={open}
        onOpenChange={setOpen}
        title={(target) => pick(target.title) || target.id}
        badges={(target) => (
          <Badge size="sm" variant="light" color={SEVERITY_COLOR[target.severity]}>
            {t(`severity.${target.severity}`)}
          </Badge>
        )}
        summary={(target) => describeCondition(ctx, target.condition)}
        editor={(target, index, path) => (
          <TargetEditor
            target={target}
            onChange={(next) => onChange({ ...value, targets: replaceAt(value.targets, index, next) })}
            subject={subject}
            path={path}
            readOnly={readOnly}
          />
        )}
        testId={(target) => `target-${target.id}`}
        duplicate={(target, items) => ({
          ...target,
          id: uniqueId(
            target.id,
            items.map((x) => x.id),
          ),
        })}
        removeLabel={t('standard.removeTarget')}
        readOnly={readOnly}
      />
    </Card>
  );
}
