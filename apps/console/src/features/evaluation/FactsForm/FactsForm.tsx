import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import type { Field, JsonObject, JsonValue, Subject } from '@precept/schema';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import { NumberField } from '../../documents/NumberField/NumberField';

/** Props of {@link FactsForm}. */
export interface FactsFormProps {
  subject: Subject;
  value: JsonObject;
  onChange: (value: JsonObject) => void;
}

function withField(object: JsonObject, name: string, value: JsonValue | undefined): JsonObject {
  const copy = { ...object };
  if (value === undefined) delete copy[name];
  else copy[name] = value;
  return copy;
}

function asObject(value: JsonValue | undefined): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

/** The input of one field, by type; clearing an input removes the fact. */
function FieldInput({
  field,
  value,
  onChange,
}: {
  field: Field;
  value: JsonValue | undefined;
  onChange: (v: JsonValue | undefined) => void;
}) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const label = pick(field.label);
  const unit = field.unit ? (
    <Text size="xs" c="dimmed">
      {pick(field.unit)}
    </Text>
  ) : undefined;
  const common = { label, withAsterisk: field.required, description: field.name };
  switch (field.type) {
    case 'number':
    case 'integer':
      return (
        <NumberField
          {...common}
          value={typeof value === 'number' ? value : undefined}
          optional
          onChange={onChange}
          allowDecimal={field.type === 'number'}
          min={field.min}
          max={field.max}
          rightSection={unit}
          rightSectionWidth={field.unit ? 40 : undefined}
        />
      );
    case 'string':
      return (
        <TextInput
          {...common}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value || undefined)}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value || undefined)}
        />
      );
    case 'boolean':
      return (
        <Select
          {...common}
          value={value === true ? 'true' : value === false ? 'false' : null}
          onChange={(v) => onChange(v === null ? undefined : v === 'true')}
          data={[
            { value: 'true', label: t('common.yes') },
            { value: 'false', label: t('common.no') },
          ]}
          clearable
          allowDeselect
        />
      );
    case 'enum':
      return (
        <Select
          {...common}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v ?? undefined)}
          data={(field.values ?? []).map((v) => ({ value: v.value, label: pick(v.label) }))}
          clearable
          allowDeselect
          searchable
        />
      );
    case 'string[]':
    case 'number[]':
      return (
        <TagsInput
          {...common}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={(tags) =>
            onChange(
              tags.length === 0
                ? undefined
                : field.type === 'number[]'
                  ? tags.map(Number).filter(Number.isFinite)
                  : tags,
            )
          }
        />
      );
    case 'object':
      return (
        <Fieldset legend={label} p="xs" style={{ gridColumn: '1 / -1' }}>
          <FactsForm
            subject={{ key: 'nested', title: field.label, fields: field.fields ?? [] }}
            value={asObject(value)}
            onChange={(v) => onChange(Object.keys(v).length === 0 ? undefined : v)}
          />
        </Fieldset>
      );
    case 'object[]': {
      const list = Array.isArray(value) ? value : [];
      return (
        <Fieldset legend={label} p="xs" style={{ gridColumn: '1 / -1' }}>
          <Stack gap="xs">
            {list.map((entry, index) => (
              <Group key={index} align="flex-start" wrap="nowrap" gap="xs">
                <div style={{ flex: 1 }}>
                  <FactsForm
                    subject={{ key: 'nested', title: field.label, fields: field.fields ?? [] }}
                    value={asObject(entry)}
                    onChange={(v) => onChange(list.map((e, i) => (i === index ? v : e)))}
                  />
                </div>
                <Tooltip label={t('common.remove')}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={24}
                    aria-label={`${t('common.remove')} ${label} ${index + 1}`}
                    onClick={() => {
                      const next = list.filter((_, i) => i !== index);
                      onChange(next.length === 0 ? undefined : next);
                    }}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            ))}
            <Group>
              <Button
                variant="subtle"
                size="compact-xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => onChange([...list, {}])}
              >
                {t('playground.addItem')} · {label}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
      );
    }
  }
}

/** A form generated from a subject: one input per field, typed, with labels and units; absent facts stay absent. */
export function FactsForm({ subject, value, onChange }: FactsFormProps) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="sm" verticalSpacing="xs">
      {subject.fields.map((field) => (
        <FieldInput
          key={field.name}
          field={field}
          value={value[field.name]}
          onChange={(v) => onChange(withField(value, field.name, v))}
        />
      ))}
    </SimpleGrid>
  );
}
