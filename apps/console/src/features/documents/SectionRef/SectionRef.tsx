import type { TextLanguage } from '../../../i18n/use-language';
import { useLanguage } from '../../../i18n/use-language';

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** The number of a guideline section numeral, 一 … 九十九 (`十二` → 12), or undefined. */
export function sectionNumber(numeral: string): number | undefined {
  if (/^[一二三四五六七八九]$/.test(numeral)) return DIGITS[numeral];
  const match = /^([一二三四五六七八九]?)十([一二三四五六七八九]?)$/.exec(numeral);
  if (!match) return undefined;
  return (match[1] ? DIGITS[match[1]]! : 1) * 10 + (match[2] ? DIGITS[match[2]]! : 0);
}

/**
 * A clause reference (`十二.服务突发事件处理.应急响应`) split for a reader: the section as the
 * language writes it (`十二` in Chinese, `§12` in English) and the headings below it, which quote
 * the guideline's Chinese text in either language.
 */
export function splitSectionRef(ref: string, language: TextLanguage): { section: string; headings: string } {
  const [numeral = '', ...rest] = ref.split('.');
  const number = sectionNumber(numeral);
  const section = language === 'en' && number !== undefined ? `§${number}` : numeral;
  return { section, headings: rest.join(' › ') };
}

/**
 * A clause reference in the reader's language. The headings are a quotation of the Chinese
 * guideline, so they are marked `lang="zh-CN"` (screen readers and the one-language check know it).
 */
export function SectionRef({ value }: { value: string }) {
  const { textLanguage } = useLanguage();
  const { section, headings } = splitSectionRef(value, textLanguage);
  return (
    <>
      {section}
      {headings && (
        <>
          {' '}
          <span lang="zh-CN">{headings}</span>
        </>
      )}
    </>
  );
}
