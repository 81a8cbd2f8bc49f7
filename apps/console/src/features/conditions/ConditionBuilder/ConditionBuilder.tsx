import {
  ActionIcon,
  Box,
  Button,
  Checkbox,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import type { AllCondition, AnyCondition, Condition, Subject, TopLevelCondition } from '@precept/schema';
import { IconPlus, IconSitemap, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { childPath } from '../../../lib/json-path';
import { useFieldError } from '../../errors/IssuesProvider/IssuesProvider';
import { isLeaf, newLeaf, toTopLevel } from '../condition-model';
import { ConditionLeaf } from '../ConditionLeaf/ConditionLeaf';
import classes from './ConditionBuilder.module.css';

/** Props of {@link ConditionBuilder}. */
export interface ConditionBuilderProps {
  value: TopLevelCondition;
  onChange: (value: TopLevelCondition) => void;
  /** The subject whose facts the conditions test. */
  subject: Subject;
  /** JSON path of the condition in the document: `$.lines[2].condition`. */
  path: string;
  readOnly?: boolean;
}

type Group = AllCondition | AnyCondition;

function isGroup(condition: Condition): condition is Group {
  return 'all' in condition || 'any' in condition;
}

function childrenOf(group: Group): Condition[] {
  return 'all' in group ? group.all : group.any;
}

function withChildren(group: Group, children: Condition[]): Group {
  return 'all' in group ? { all: children } : { any: children };
}

interface NodeProps {
  condition: Condition;
  onChange: (condition: Condition) => void;
  onRemove?: (() => void) | undefined;
  subject: Subject;
  path: string;
  depth: number;
  readOnly?: boolean | undefined;
}

/** An `all`/`any` group, possibly negated (then `path` is the group's own path under `not`). */
function GroupNode({
  group,
  negated,
  onChange,
  onNegate,
  onRemove,
  subject,
  path,
  depth,
  readOnly,
}: {
  group: Group;
  negated: boolean;
  onChange: (group: Group) => void;
  onNegate: (negated: boolean) => void;
  onRemove?: (() => void) | undefined;
  subject: Subject;
  path: string;
  depth: number;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const mode = 'all' in group ? 'all' : 'any';
  const children = childrenOf(group);
  const listPath = childPath(path, mode);
  const ownError = useFieldError(path);
  const listError = useFieldError(listPath);
  const groupError = ownError ?? listError;
  const setChild = (index: number, child: Condition) =>
    onChange(
      withChildren(
        group,
        children.map((c, i) => (i === index ? child : c)),
      ),
    );
  const removeChild = (index: number) =>
    onChange(
      withChildren(
        group,
        children.filter((_, i) => i !== index),
      ),
    );

  return (
    <Box
      className={classes.group}
      data-mode={mode}
      data-negated={negated || undefined}
      data-depth={depth}
      data-path={path}
      role="group"
      aria-label={t('condition.builder')}
    >
      <Group justify="space-between" gap="xs" mb={children.length ? 8 : 4} wrap="wrap">
        <Group gap="xs">
          {negated && (
            <Text size="xs" fw={600} c="red.8" className={classes.notTag}>
              {t('text.not')}
            </Text>
          )}
          <SegmentedControl
            aria-label={t('condition.builder')}
            readOnly={readOnly}
            value={mode}
            onChange={(next) => onChange(next === 'all' ? { all: children } : { any: children })}
            data={[
              { value: 'all', label: t('condition.all') },
              { value: 'any', label: t('condition.any') },
            ]}
          />
          <Checkbox
            size="xs"
            label={t('condition.negate')}
            checked={negated}
            disabled={readOnly}
            onChange={(e) => onNegate(e.currentTarget.checked)}
          />
        </Group>
        {!readOnly && (
          <Group gap={4}>
            <Button
              variant="subtle"
              size="compact-xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => onChange(withChildren(group, [...children, newLeaf(subject)]))}
            >
              {t('condition.addCondition')}
            </Button>
            <Button
              variant="subtle"
              size="compact-xs"
              leftSection={<IconSitemap size={14} />}
              onClick={() => onChange(withChildren(group, [...children, { all: [newLeaf(subject)] }]))}
            >
              {t('condition.addGroup')}
            </Button>
            {onRemove && (
              <Tooltip label={t('condition.removeGroup')}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('condition.removeGroup')}
                  onClick={onRemove}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        )}
      </Group>
      {children.length === 0 && (
        <Text size="xs" c="dimmed">
          {mode === 'all' ? t('condition.emptyAll') : t('condition.emptyAny')}
        </Text>
      )}
      {groupError && (
        <Text size="xs" c="red" role="alert">
          {groupError}
        </Text>
      )}
      <Stack gap={6}>
        {children.map((child, index) => (
          <div
            key={index}
            className={classes.child}
            data-joiner={index > 0 ? t(mode === 'all' ? 'text.and' : 'text.or') : undefined}
          >
            <ConditionNode
              condition={child}
              onChange={(c) => setChild(index, c)}
              onRemove={() => removeChild(index)}
              subject={subject}
              path={childPath(listPath, index)}
              depth={depth + 1}
              readOnly={readOnly}
            />
          </div>
        ))}
      </Stack>
    </Box>
  );
}

/** Any node of the tree: a group, a negation or a leaf. */
function ConditionNode({ condition, onChange, onRemove, subject, path, depth, readOnly }: NodeProps) {
  const { t } = useTranslation();
  if (isLeaf(condition)) {
    return (
      <ConditionLeaf
        leaf={condition}
        onChange={onChange}
        onRemove={onRemove}
        subject={subject}
        path={path}
        readOnly={readOnly}
      />
    );
  }
  if (isGroup(condition)) {
    return (
      <GroupNode
        group={condition}
        negated={false}
        onChange={onChange}
        onNegate={(negated) => negated && onChange({ not: condition })}
        onRemove={onRemove}
        subject={subject}
        path={path}
        depth={depth}
        readOnly={readOnly}
      />
    );
  }
  const inner = condition.not;
  const innerPath = childPath(path, 'not');
  if (isGroup(inner)) {
    return (
      <GroupNode
        group={inner}
        negated
        onChange={(g) => onChange({ not: g })}
        onNegate={(negated) => !negated && onChange(inner)}
        onRemove={onRemove}
        subject={subject}
        path={innerPath}
        depth={depth}
        readOnly={readOnly}
      />
    );
  }
  return (
    <Box className={classes.group} data-negated data-depth={depth} data-path={path}>
      <Group justify="space-between" gap="xs" mb={6}>
        <Text size="xs" fw={600} c="red.8">
          {t('condition.negated')}
        </Text>
        {!readOnly && (
          <Button variant="subtle" size="compact-xs" color="gray" onClick={() => onChange(inner)}>
            {t('condition.removeNegation')}
          </Button>
        )}
      </Group>
      <ConditionNode
        condition={inner}
        onChange={(c) => onChange({ not: c })}
        onRemove={onRemove}
        subject={subject}
        path={innerPath}
        depth={depth + 1}
        readOnly={readOnly}
      />
    </Box>
  );
}

/**
 * Builds a condition tree over a subject's facts: leaves compare a fact with a value, groups
 * combine them with all (and) / any (or), and any group can be negated. The root stays an
 * `all`/`any`/`not` group, as the rules engine requires.
 */
export function ConditionBuilder({ value, onChange, subject, path, readOnly }: ConditionBuilderProps) {
  return (
    <ConditionNode
      condition={value}
      onChange={(next) => onChange(toTopLevel(next))}
      subject={subject}
      path={path}
      depth={0}
      readOnly={readOnly}
    />
  );
}
