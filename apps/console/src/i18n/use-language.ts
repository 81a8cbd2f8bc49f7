import type { LocalizedText } from '@precept/schema';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, saveLanguage, type Language } from './i18n';

/** Which half of a {@link LocalizedText} a language reads. */
export type TextLanguage = keyof LocalizedText;

/** The half of a localized text a UI language shows. */
export function textLanguageOf(language: Language): TextLanguage {
  return language === 'en' ? 'en' : 'zh';
}

/** Picks the text for the language, falling back to the other half when one is blank. */
export function pickText(text: LocalizedText | null | undefined, language: TextLanguage): string {
  if (!text) return '';
  return (language === 'en' ? text.en || text.zh : text.zh || text.en) ?? '';
}

/** The current UI language, the half of localized texts it reads, and a switch that remembers the choice. */
export function useLanguage(): {
  language: Language;
  textLanguage: TextLanguage;
  setLanguage: (language: Language) => void;
  pick: (text: LocalizedText | null | undefined) => string;
} {
  const { i18n } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'zh-CN';
  const textLanguage = textLanguageOf(language);
  const setLanguage = useCallback(
    (next: Language) => {
      saveLanguage(next);
      void i18n.changeLanguage(next);
      document.documentElement.lang = next;
    },
    [i18n],
  );
  const pick = useCallback(
    (text: LocalizedText | null | undefined) => pickText(text, textLanguage),
    [textLanguage],
  );
  return { language, textLanguage, setLanguage, pick };
}
