import { DEFAULT_TIME_ZONE, InstantSchema, startOfZonedDay, zonedDay } from '@precept/schema';

// Calendar arithmetic on day numbers (days since 1970-01-01 of the proleptic calendar), done with integers only so that
// it is exact, fast and identical in every JavaScript runtime. Algorithms: H. Hinnant, "chrono-
// compatible low-level date algorithms".

/** True for a leap year of the proleptic Gregorian calendar. */
function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1-12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The day number of a civil date. */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The civil date `[year, month, day]` of a day number. */
export function civilFromDay(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}

function digit(text: string, index: number): number {
  const code = text.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : NaN;
}

/**
 * The day number of a calendar date `YYYY-MM-DD`, or `NaN` when `value` is not one (wrong type,
 * wrong form, or a day that does not exist such as 2026-02-30). `NaN` makes every comparison false,
 * which is exactly what a mistyped date must do.
 */
export function parseDay(value: unknown): number {
  if (typeof value !== 'string' || value.length !== 10 || value[4] !== '-' || value[7] !== '-') return NaN;
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
  const month = digit(value, 5) * 10 + digit(value, 6);
  const day = digit(value, 8) * 10 + digit(value, 9);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return NaN;
  return dayFromCivil(year, month, day);
}

/** Formats a day number as `YYYY-MM-DD`. */
export function formatDay(dayNumber: number): string {
  const [year, month, day] = civilFromDay(dayNumber);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Adds (or, when negative, subtracts) whole months to a day number, clamping to the end of the month:
 * 2024-01-31 + 1 month = 2024-02-29; 2024-03-31 − 1 month = 2024-02-29.
 */
export function addMonths(dayNumber: number, months: number): number {
  const [year, month, day] = civilFromDay(dayNumber);
  const total = year * 12 + (month - 1) + months;
  const newYear = Math.floor(total / 12);
  const newMonth = total - newYear * 12 + 1;
  return dayFromCivil(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

/** The as-of moment of an evaluation, resolved once. */
export interface AsOf {
  /** The input as given. */
  readonly input: string;
  /** The calendar day, in the business time zone, the date operators compare against. */
  readonly day: number;
  /** The instant, in milliseconds since the epoch (a date means that day's start in the zone). */
  readonly ms: number;
}

/**
 * Resolves an as-of input (`YYYY-MM-DD` or an ISO instant with a time zone) in the business time
 * zone `zone`, or returns undefined when it is neither. A date is that day's start in `zone`; the
 * calendar day of an instant is its date in `zone`.
 */
export function parseAsOf(input: unknown, zone: string = DEFAULT_TIME_ZONE): AsOf | undefined {
  if (typeof input !== 'string') return undefined;
  const day = parseDay(input);
  if (!Number.isNaN(day)) return { input, day, ms: startOfZonedDay(day, zone) };
  if (!InstantSchema.safeParse(input).success) return undefined;
  const ms = Date.parse(input);
  if (!Number.isFinite(ms)) return undefined;
  return { input, day: zonedDay(ms, zone), ms };
}

/** The ISO instant `hours` after `ms` (fractions of an hour are kept to the millisecond). */
export function instantAfterHours(ms: number, hours: number): string {
  return new Date(ms + Math.round(hours * 3_600_000)).toISOString();
}
