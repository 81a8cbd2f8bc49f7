import { Group, TextInput } from '@mantine/core';
import type { LocalizedText } from '@precept/schema';
import { useTranslation } from 'react-i18next';
import { childPath } from '../../../lib/json-path';
import { useField } from '../../errors/IssuesProvider/IssuesProvider';

/** Props of {@link LocalizedTextInput}. */
export interface LocalizedTextInputProps {
  value: LocalizedText | undefined;
  onChange: (value: LocalizedText) => void;
  /** JSON path of the text (`$.lines[0].title`); the halves are at `.zh` and `.en`. */
  path: string;
  /** Labels of the two inputs; default "中文标题 / 英文标题". */
  labels?: { zh: string; en: string };
  readOnly?: boolean | undefined;
  required?: boolean;
}

/** A text in Chinese and English, side by side. */
export function LocalizedTextInput({
  value,
  onChange,
  path,
  labels,
  readOnly,
  required = true,
}: LocalizedTextInputProps) {
  const { t } = useTranslation();
  const zh = useField(childPath(path, 'zh'));
  const en = useField(childPath(path, 'en'));
  const whole = useField(path);
  const current = value ?? { zh: '', en: '' };
  return (
    <Group grow gap="xs" align="flex-start" preventGrowOverflow={false}>
      <TextInput
        {...zh}
        error={zh.error ?? whole.error}
        label={labels?.zh ?? t('common.titleZh')}
        value={current.zh}
        onChange={(e) => onChange({ ...current, zh: e.currentTarget.value })}
        readOnly={readOnly}
        withAsterisk={required}
        lang="zh-CN"
      />
      <TextInput
        {...en}
        label={labels?.en ?? t('common.titleEn')}
        value={current.en}
        onChange={(e) => onChange({ ...current, en: e.currentTarget.value })}
        readOnly={readOnly}
        withAsterisk={required}
        lang="en"
      />
    </Group>
  );
}
