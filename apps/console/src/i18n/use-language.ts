import type { LocalizedName, LocalizedText } from '@precept/schema';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, saveLanguage, type Language } from './i18n';

/** Which half of a {@link LocalizedText} a language reads. */
export type TextLanguage = keyof LocalizedText;

/** The half of a localized text a UI language shows. */
export function textLanguageOf(language: Language): TextLanguage {
  return language === 'en' ? 'en' : 'zh';
}

/**
 * Picks the text for the language, falling back to the other half when one is blank; a name written
 * as one text is shown as written.
 */
export function pickText(text: LocalizedName | null | undefined, language: TextLanguage): string {
  if (!text) return '';
  if (typeof text === 'string') return text;
  return (language === 'en' ? text.en || text.zh : text.zh || text.en) ?? '';
}

/**
 * A name with its text in `language` replaced: a bilingual name keeps its other half, a name written
 * as one text stays one text.
 */
export function withNameText(name: LocalizedName, language: TextLanguage, text: string): LocalizedName {
  return typeof name === 'string' ? text : { ...name, [language]: text };
}

/**
 * A list of names edited as texts in `language`: a text equal to an existing name's keeps that name
 * (both languages), a new text is a name written as one text.
 */
export function namesFromTexts(
  names: readonly LocalizedName[],
  texts: readonly string[],
  language: TextLanguage,
): LocalizedName[] {
  return texts.map((text) => names.find((name) => pickText(name, language) === text) ?? text);
}

/** The current UI language, the half of localized texts it reads, and a switch that remembers the choice. */
export function useLanguage(): {
  language: Language;
  textLanguage: TextLanguage;
  setLanguage: (language: Language) => void;
  pick: (text: LocalizedName | null | undefined) => string;
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
    (text: LocalizedName | null | undefined) => pickText(text, textLanguage),
    [textLanguage],
  );
  return { language, textLanguage, setLanguage, pick };
}
