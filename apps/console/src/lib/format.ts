import { useMemo } from 'react';
import type { Language } from '../i18n/i18n';
import { useLanguage } from '../i18n/use-language';

/** Locale-aware formatting of the numbers, dates and instants the console shows. */
export interface Formatters {
  /** `1234.5` → `1,234.5`. */
  number: (value: number, options?: Intl.NumberFormatOptions) => string;
  /** A calendar date `YYYY-MM-DD` or an instant, as a date: `2026年1月1日` / `Jan 1, 2026`. */
  date: (value: string | null | undefined) => string;
  /** An instant with its time in the viewer's time zone. */
  dateTime: (value: string | null | undefined) => string;
  /**
   * An effective-window boundary: midnight UTC (what the publish dialog sets for a chosen date)
   * shows as that date; any other instant shows with its time.
   */
  effective: (value: string | null | undefined) => string;
  /** How long ago or ahead an instant lies: `3 天前` / `in 2 days`. */
  relative: (value: string, now?: Date) => string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MIDNIGHT_UTC = /^\d{4}-\d{2}-\d{2}T00:00(:00(\.0+)?)?(Z|\+00:00)$/;

/** Formatters for one language (pure; see {@link useFormatters} in components). */
export function createFormatters(language: Language): Formatters {
  const numberFormat = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const dateFormat = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', day: 'numeric' });
  const utcDateFormat = new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const dateTimeFormat = new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const relativeFormat = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const parse = (value: string) => new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  const isValid = (d: Date) => !Number.isNaN(d.getTime());

  return {
    number: (value, options) =>
      options ? new Intl.NumberFormat(language, options).format(value) : numberFormat.format(value),
    date: (value) => {
      if (!value) return '';
      const d = parse(value);
      if (!isValid(d)) return value;
      return DATE_ONLY.test(value) ? utcDateFormat.format(d) : dateFormat.format(d);
    },
    dateTime: (value) => {
      if (!value) return '';
      const d = parse(value);
      return isValid(d) ? dateTimeFormat.format(d) : value;
    },
    effective: (value) => {
      if (!value) return '';
      const d = parse(value);
      if (!isValid(d)) return value;
      return DATE_ONLY.test(value) || MIDNIGHT_UTC.test(value)
        ? utcDateFormat.format(d)
        : dateTimeFormat.format(d);
    },
    relative: (value, now = new Date()) => {
      const d = parse(value);
      if (!isValid(d)) return value;
      const seconds = (d.getTime() - now.getTime()) / 1000;
      const abs = Math.abs(seconds);
      if (abs < 60) return relativeFormat.format(Math.round(seconds), 'second');
      if (abs < 3600) return relativeFormat.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return relativeFormat.format(Math.round(seconds / 3600), 'hour');
      if (abs < 86_400 * 45) return relativeFormat.format(Math.round(seconds / 86_400), 'day');
      return relativeFormat.format(Math.round(seconds / (86_400 * 30)), 'month');
    },
  };
}

/** The formatters of the current UI language. */
export function useFormatters(): Formatters {
  const { language } = useLanguage();
  return useMemo(() => createFormatters(language), [language]);
}
