import { ActionIcon, Group, Select, Tooltip } from '@mantine/core';
import { OPERATORS, OPERATOR_NAMES, isOperatorName, type FactCondition, type Subject } from '@precept/schema';
import { IconArrowsExchange, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import { childPath } from '../../../lib/json-path';
import { useFieldError } from '../../errors/IssuesProvider/IssuesProvider';
import {
  adaptValue,
  changeFact,
  defaultValueFor,
  factKey,
  findField,
  isFactReference,
  listFactOptions,
  operatorsFor,
  valueKindOf,
} from '../condition-model';
import { FactPicker } from '../FactPicker/FactPicker';
import { ValueInput } from '../ValueInput/ValueInput';

/** Props of {@link ConditionLeaf}. */
export interface ConditionLeafProps {
  leaf: FactCondition;
  onChange: (leaf: FactCondition) => void;
  onRemove?: (() => void) | undefined;
  subject: Subject;
  /** JSON path of the leaf: `$.lines[0].condition.all[1]`. */
  path: string;
  readOnly?: boolean | undefined;
}

const REFERABLE = new Set(['number', 'integer', 'date', 'string', 'enum']);

/**
 * One comparison: a fact, an operator valid for the fact's type, and a value input that follows
 * the operator (or another fact to compare with).
 */
export function ConditionLeaf({ leaf, onChange, onRemove, subject, path, readOnly }: ConditionLeafProps) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const field = findField(subject, leaf.fact, leaf.path);
  const operatorError = useFieldError(childPath(path, 'operator'));
  const factError = useFieldError(childPath(path, 'fact'));
  const valuePath = childPath(path, 'value');
  const referenceError = useFieldError(childPath(valuePath, 'fact'));

  const allowed = field ? operatorsFor(field.type) : OPERATOR_NAMES;
  const operatorOk = allowed.includes(leaf.operator);
  const operatorData = (
    operatorOk || !isOperatorName(leaf.operator) ? allowed : [...allowed, leaf.operator]
  ).map((name) => ({ value: name, label: pick(OPERATORS[name].label) }));
  const canReference =
    field !== undefined && valueKindOf(leaf.operator) === 'same' && REFERABLE.has(field.type);
  const reference = isFactReference(leaf.value) ? leaf.value : undefined;
  const isReference = reference !== undefined;

  return (
    <Group gap={6} align="flex-start" wrap="wrap" data-testid="condition-leaf">
      <FactPicker
        subject={subject}
        value={factKey(leaf.fact, leaf.path)}
        onChange={(option) => onChange(changeFact(leaf, option))}
        error={factError}
        path={childPath(path, 'fact')}
        readOnly={readOnly}
      />
      <Select
        aria-label={t('condition.operator')}
        data-path={childPath(path, 'operator')}
        value={leaf.operator}
        data={operatorData}
        onChange={(name) => {
          if (!name || !isOperatorName(name)) return;
          const value = field ? adaptValue(field, leaf.operator, name, leaf.value) : leaf.value;
          onChange({ ...leaf, operator: name, ...(value === undefined ? {} : { value }) });
        }}
        error={
          operatorError ??
          (field && !operatorOk
            ? t('condition.operatorNotApplicable', { type: t(`fieldType.${field.type}`) })
            : undefined)
        }
        readOnly={readOnly}
        w={190}
        comboboxProps={{ width: 260, position: 'bottom-start' }}
      />
      {field && reference && (
        <FactPicker
          subject={subject}
          label={undefined}
          value={factKey(reference.fact, reference.path)}
          filter={(o) => o.field.type === field.type}
          onChange={(option) =>
            onChange({
              ...leaf,
              value: option.path ? { fact: option.fact, path: option.path } : { fact: option.fact },
            })
          }
          error={referenceError}
          path={childPath(valuePath, 'fact')}
          readOnly={readOnly}
          w={220}
        />
      )}
      {field && !isReference && (
        <ValueInput
          field={field}
          operator={leaf.operator}
          value={leaf.value}
          onChange={(value) => onChange({ ...leaf, value })}
          path={valuePath}
          readOnly={readOnly}
        />
      )}
      {!readOnly && canReference && (
        <Tooltip label={isReference ? t('condition.compareWithValue') : t('condition.compareWithFact')}>
          <ActionIcon
            variant={isReference ? 'light' : 'subtle'}
            color="gray"
            size="lg"
            aria-label={isReference ? t('condition.compareWithValue') : t('condition.compareWithFact')}
            aria-pressed={isReference}
            onClick={() => {
              if (isReference) {
                onChange({ ...leaf, value: defaultValueFor(field, leaf.operator) });
              } else {
                const other = listFactOptions(subject).find(
                  (o) => o.field.type === field.type && o.key !== factKey(leaf.fact, leaf.path),
                );
                if (other)
                  onChange({
                    ...leaf,
                    value: other.path ? { fact: other.fact, path: other.path } : { fact: other.fact },
                  });
              }
            }}
          >
            <IconArrowsExchange size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      {!readOnly && onRemove && (
        <Tooltip label={t('condition.removeCondition')}>
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={t('condition.removeCondition')}
            onClick={onRemove}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
