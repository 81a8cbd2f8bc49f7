import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { childPath } from '../../lib/json-path';
import { useField } from '../errors/IssuesProvider/IssuesProvider';

/** The id input every document element has. */
export function IdInput({
  value,
  onChange,
  path,
  readOnly,
  w = 200,
}: {
  value: string;
  onChange: (value: string) => void;
  /** Path of the element; the input is at `${path}.id`. */
  path: string;
  readOnly?: boolean | undefined;
  w?: number;
}) {
  const { t } = useTranslation();
  const field = useField(childPath(path, 'id'));
  return (
    <TextInput
      {...field}
      label={t('common.id')}
      description={t('editor.idHint')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      readOnly={readOnly}
      withAsterisk
      w={w}
    />
  );
}

/** The optional guideline-section reference of an element (`section`). */
export function SectionInput({
  value,
  onChange,
  path,
  readOnly,
}: {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  path: string;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const field = useField(childPath(path, 'section'));
  return (
    <TextInput
      {...field}
      label={t('common.section')}
      description={t('common.sectionHint')}
      value={value ?? ''}
      onChange={(e) => onChange(e.currentTarget.value || undefined)}
      readOnly={readOnly}
      w={260}
    />
  );
}

/** `obj` with `key` set to `value`, or without `key` when `value` is undefined (optional fields stay absent). */
export function withOptional<T extends object, K extends keyof T>(
  obj: T,
  key: K,
  value: T[K] | undefined,
): T {
  const copy = { ...obj };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}
