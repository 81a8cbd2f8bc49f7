import {
  Group,
  Input,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import type { FactReference, Field, FieldType, JsonValue, OperatorName } from '@precept/schema';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import { useField, useFieldError } from '../../errors/IssuesProvider/IssuesProvider';
import { countUnitOf, scalarTypeOf, valueKindOf } from '../condition-model';

/** Props of {@link ValueInput}. */
export interface ValueInputProps {
  field: Field;
  operator: OperatorName;
  value: JsonValue | FactReference | undefined;
  onChange: (value: JsonValue) => void;
  /** JSON path of the value (`…condition.all[0].value`), for its error and `data-path`. */
  path: string;
  readOnly?: boolean;
}

function toNumber(value: number | string): JsonValue {
  if (typeof value === 'number') return value;
  if (value.trim() === '' || value === '-') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function asNumberOrEmpty(value: unknown): number | string {
  return typeof value === 'number' ? value : '';
}

/** One scalar of a type: number, text, yes/no, date or a choice of the field's values. */
function ScalarInput({
  type,
  field,
  value,
  onChange,
  ariaLabel,
  path,
  error,
  readOnly,
}: {
  type: FieldType;
  field: Field;
  value: unknown;
  onChange: (value: JsonValue) => void;
  ariaLabel: string;
  path: string;
  error?: string | undefined;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const common = { 'aria-label': ariaLabel, 'data-path': path, error, readOnly };
  switch (type) {
    case 'number':
    case 'integer':
    case 'number[]':
      return (
        <NumberInput
          {...common}
          value={asNumberOrEmpty(value)}
          onChange={(v) => onChange(toNumber(v))}
          allowDecimal={type !== 'integer'}
          min={field.min}
          max={field.max}
          rightSection={
            field.unit ? (
              <Text size="xs" c="dimmed">
                {pick(field.unit)}
              </Text>
            ) : undefined
          }
          rightSectionWidth={field.unit ? 36 : undefined}
          hideControls
          w={150}
        />
      );
    case 'boolean':
      return (
        <SegmentedControl
          aria-label={ariaLabel}
          data-path={path}
          readOnly={readOnly}
          value={value === false ? 'false' : 'true'}
          onChange={(v) => onChange(v === 'true')}
          data={[
            { value: 'true', label: t('condition.isTrue') },
            { value: 'false', label: t('condition.isFalse') },
          ]}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={asString(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
          w={170}
        />
      );
    case 'enum':
      return (
        <Select
          {...common}
          value={asString(value) || null}
          onChange={(v) => onChange(v ?? '')}
          data={(field.values ?? []).map((v) => ({ value: v.value, label: pick(v.label) }))}
          searchable
          w={220}
        />
      );
    case 'string':
    case 'string[]':
    case 'object':
    case 'object[]':
      return (
        <TextInput
          {...common}
          value={asString(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
          w={220}
        />
      );
  }
}

/**
 * The value of a condition, shaped by what its operator expects (`OPERATORS[op].value`) and typed by
 * the field: a number with its unit, a date, a choice of enum values, a list, a range, yes/no, or a
 * count of days or months.
 */
export function ValueInput({ field, operator, value, onChange, path, readOnly }: ValueInputProps) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const kind = valueKindOf(operator);
  const type = scalarTypeOf(field, kind);
  const label = t('condition.value');
  const fieldProps = useField(path);
  const error = useFieldError(path);

  switch (kind) {
    case 'same':
    case 'element':
      return (
        <ScalarInput
          type={type}
          field={field}
          value={value}
          onChange={onChange}
          ariaLabel={label}
          path={path}
          error={error}
          readOnly={readOnly}
        />
      );
    case 'boolean':
      return (
        <Input.Wrapper error={error}>
          <SegmentedControl
            aria-label={label}
            data-path={path}
            readOnly={readOnly}
            value={value === false ? 'false' : 'true'}
            onChange={(v) => onChange(v === 'true')}
            data={[
              { value: 'true', label: t('condition.isTrue') },
              { value: 'false', label: t('condition.isFalse') },
            ]}
          />
        </Input.Wrapper>
      );
    case 'count':
      return (
        <NumberInput
          {...fieldProps}
          aria-label={label}
          readOnly={readOnly}
          value={asNumberOrEmpty(value)}
          onChange={(v) => onChange(toNumber(v))}
          allowDecimal={false}
          allowNegative={false}
          min={0}
          hideControls
          rightSection={
            <Text size="xs" c="dimmed">
              {t(`condition.${countUnitOf(operator)}`)}
            </Text>
          }
          rightSectionWidth={44}
          w={130}
        />
      );
    case 'list':
    case 'elements': {
      const list = Array.isArray(value) ? value : [];
      if (field.values && (type === 'enum' || type === 'string')) {
        return (
          <MultiSelect
            {...fieldProps}
            aria-label={label}
            readOnly={readOnly}
            value={list.map(asString)}
            onChange={(v) => onChange(v)}
            data={field.values.map((v) => ({ value: v.value, label: pick(v.label) }))}
            searchable
            miw={240}
            maw={480}
          />
        );
      }
      const numeric = type === 'number' || type === 'integer';
      return (
        <TagsInput
          {...fieldProps}
          aria-label={label}
          readOnly={readOnly}
          value={list.map((v) => (typeof v === 'number' ? String(v) : asString(v)))}
          onChange={(tags) =>
            onChange(
              numeric
                ? tags.map(Number).filter((n) => Number.isFinite(n))
                : tags.map((s) => s.trim()).filter((s) => s.length > 0),
            )
          }
          placeholder={t('condition.listPlaceholder')}
          miw={240}
          maw={480}
        />
      );
    }
    case 'range': {
      const [min, max] = Array.isArray(value) ? value : [undefined, undefined];
      const set = (index: 0 | 1) => (v: JsonValue) =>
        onChange(index === 0 ? [v, max ?? null] : [min ?? null, v]);
      return (
        <Input.Wrapper error={error}>
          <Group gap={6} wrap="nowrap">
            <ScalarInput
              type={type}
              field={field}
              value={min}
              onChange={set(0)}
              ariaLabel={t('condition.min')}
              path={`${path}[0]`}
              readOnly={readOnly}
            />
            <Text size="sm" c="dimmed">
              ~
            </Text>
            <ScalarInput
              type={type}
              field={field}
              value={max}
              onChange={set(1)}
              ariaLabel={t('condition.max')}
              path={`${path}[1]`}
              readOnly={readOnly}
            />
          </Group>
        </Input.Wrapper>
      );
    }
  }
}
