import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, isLanguage } from '../../../i18n/i18n';
import { useLanguage } from '../../../i18n/use-language';

/** Switches the console between Chinese and English; the choice is remembered. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { language, setLanguage } = useLanguage();
  return (
    <SegmentedControl
      aria-label={t('app.language')}
      size="xs"
      value={language}
      onChange={(value) => isLanguage(value) && setLanguage(value)}
      data={LANGUAGES.map((lng) => ({ value: lng, label: lng === 'zh-CN' ? '中文' : 'EN' }))}
    />
  );
}
