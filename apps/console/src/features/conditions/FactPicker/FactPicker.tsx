import { Group, Select, Text, type ComboboxItem, type OptionsFilter } from '@mantine/core';
import type { Subject } from '@precept/schema';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { pickText, useLanguage } from '../../../i18n/use-language';
import { listFactOptions, type FactOption } from '../condition-model';

/** Props of {@link FactPicker}. */
export interface FactPickerProps {
  subject: Subject;
  /** Select key of the picked fact (`fact` or `fact.child`). */
  value: string;
  onChange: (option: FactOption) => void;
  /** Only offer facts this accepts (e.g. numeric ones). */
  filter?: (option: FactOption) => boolean;
  error?: string | undefined;
  path?: string;
  label?: string;
  readOnly?: boolean;
  w?: number | string;
}

/**
 * Picks a fact of the subject by its label in the reader's language, with its unit and type beside
 * it; searching matches the label in either language and the field name.
 */
export function FactPicker({
  subject,
  value,
  onChange,
  filter,
  error,
  path,
  label,
  readOnly,
  w = 260,
}: FactPickerProps) {
  const { t } = useTranslation();
  const { textLanguage } = useLanguage();
  const options = useMemo(
    () => listFactOptions(subject).filter((o) => (filter ? filter(o) : true)),
    [subject, filter],
  );
  const byKey = useMemo(() => new Map(options.map((o) => [o.key, o])), [options]);
  const data: ComboboxItem[] = options.map((o) => ({
    value: o.key,
    label:
      pickText(o.label, textLanguage) +
      (o.field.unit
        ? textLanguage === 'zh'
          ? `（${pickText(o.field.unit, textLanguage)}）`
          : ` (${pickText(o.field.unit, textLanguage)})`
        : ''),
  }));
  const known = byKey.has(value);
  if (!known && value) data.push({ value, label: value });

  const searchFilter: OptionsFilter = ({ options: items, search }) => {
    const needle = search.trim().toLowerCase();
    if (!needle) return items;
    return items.filter((item) => {
      if (!('value' in item)) return true;
      const option = byKey.get(item.value);
      const haystack = [item.label, item.value, option?.label.zh, option?.label.en].join(' ').toLowerCase();
      return haystack.includes(needle);
    });
  };

  return (
    <Select
      aria-label={label ?? t('condition.fact')}
      label={label}
      data-path={path}
      value={value || null}
      onChange={(key) => {
        const option = key ? byKey.get(key) : undefined;
        if (option) onChange(option);
      }}
      data={data}
      filter={searchFilter}
      searchable
      readOnly={readOnly}
      placeholder={t('condition.pickFact')}
      error={error ?? (!known && value ? t('condition.unknownFact', { fact: value }) : undefined)}
      nothingFoundMessage={t('common.empty')}
      maxDropdownHeight={320}
      w={w}
      renderOption={({ option }) => {
        const fact = byKey.get(option.value);
        return (
          <Group justify="space-between" wrap="nowrap" w="100%" gap="xs">
            <Text size="sm">{option.label}</Text>
            {fact && (
              <Text size="xs" c="dimmed" ff="monospace">
                {t(`fieldType.${fact.field.type}`)}
              </Text>
            )}
          </Group>
        );
      }}
    />
  );
}
