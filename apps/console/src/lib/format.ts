import { DEFAULT_TIME_ZONE, dateIn, startOfDateIn } from '@precept/schema';
import { useMemo } from 'react';
import type { Language } from '../i18n/i18n';
import { useLanguage } from '../i18n/use-language';
import { useBusinessTimeZone } from './time-zone';

/**
 * Locale-aware formatting of the numbers, dates and instants the console shows, in the business
 * time zone: a bank's dates and times are Beijing's, wherever the viewer sits.
 */
export interface Formatters {
  /** `1234.5` → `1,234.5`. */
  number: (value: number, options?: Intl.NumberFormatOptions) => string;
  /** A calendar date `YYYY-MM-DD` or an instant, as a date: `2026年1月1日` / `Jan 1, 2026`. */
  date: (value: string | null | undefined) => string;
  /** An instant with its time in the business time zone. */
  dateTime: (value: string | null | undefined) => string;
  /**
   * An effective-window boundary: midnight in the business zone (what publishing a date sets)
   * shows as that date; any other instant shows with its time.
   */
  effective: (value: string | null | undefined) => string;
  /** How long ago or ahead an instant lies: `3 天前` / `in 2 days`. */
  relative: (value: string, now?: Date) => string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Formatters for one language and business time zone (pure; see {@link useFormatters} in components). */
export function createFormatters(language: Language, timeZone: string = DEFAULT_TIME_ZONE): Formatters {
  const numberFormat = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const dateFormat = new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone,
  });
  const dateTimeFormat = new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    // h23, not hour12: false, which some ICU versions render as 24:00 at midnight.
    hourCycle: 'h23',
    timeZone,
  });
  const relativeFormat = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const parse = (value: string) => new Date(DATE_ONLY.test(value) ? startOfDateIn(value, timeZone) : value);
  /** True when an instant is the start of its day in the business zone. */
  const isMidnight = (d: Date) => startOfDateIn(dateIn(d, timeZone), timeZone) === d.toISOString();
  const isValid = (d: Date) => !Number.isNaN(d.getTime());

  return {
    number: (value, options) =>
      options ? new Intl.NumberFormat(language, options).format(value) : numberFormat.format(value),
    date: (value) => {
      if (!value) return '';
      const d = parse(value);
      if (!isValid(d)) return value;
      return dateFormat.format(d);
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
      return DATE_ONLY.test(value) || isMidnight(d) ? dateFormat.format(d) : dateTimeFormat.format(d);
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

/** The formatters of the current UI language in the business time zone. */
export function useFormatters(): Formatters {
  const { language } = useLanguage();
  const timeZone = useBusinessTimeZone();
  return useMemo(() => createFormatters(language, timeZone), [language, timeZone]);
}
