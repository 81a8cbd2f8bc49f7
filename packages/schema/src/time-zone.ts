// The business time zone: what a calendar date means. A date (`2027-01-01`) is a day in one
// configured IANA zone (the bank's, `Asia/Shanghai` by default), and the calendar day of an instant is
// its date in that zone. Offsets come from the runtime's time-zone database (Intl), so zones with
// daylight saving work too; each is computed once per quarter hour and remembered.

const MS_PER_DAY = 86_400_000;
/** Offsets change on quarter-hour boundaries at the finest (every zone in the tz database). */
const BUCKET_MS = 900_000;
const MAX_CACHED = 4096;

/** The zone dates mean when nothing else is configured: the bank's. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True when `zone` is an IANA time-zone name this runtime knows (`Asia/Shanghai`, `UTC`). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  try {
    formatterOf(zone);
    return true;
  } catch {
    return false;
  }
}

/** How far `zone`'s wall clock is ahead of UTC at the instant `ms`, in milliseconds. */
export function zoneOffsetMs(ms: number, zone: string): number {
  if (zone === 'UTC') return 0;
  const bucket = Math.floor(ms / BUCKET_MS);
  const key = `${zone}|${bucket}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const at = bucket * BUCKET_MS;
  const parts: Record<string, number> = {};
  for (const part of formatterOf(zone).formatToParts(new Date(at))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second);
  const offset = wall - at;
  if (offsets.size >= MAX_CACHED) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** The calendar day (days since 1970-01-01) of the instant `ms` in `zone`. */
export function zonedDay(ms: number, zone: string): number {
  return Math.floor((ms + zoneOffsetMs(ms, zone)) / MS_PER_DAY);
}

/** Transitions are searched this far either side of the naive start of a day. */
const SEARCH_MS = 3 * 3_600_000;

/**
 * The instant (epoch milliseconds) at which calendar day `day` starts in `zone`: local midnight, or,
 * where a clock change skips midnight, the first instant of the day (Santiago, Havana).
 */
export function startOfZonedDay(day: number, zone: string): number {
  const wall = day * MS_PER_DAY;
  const guess = wall - zoneOffsetMs(wall, zone);
  const before = zoneOffsetMs(guess - SEARCH_MS, zone);
  // No clock change near it (every fixed-offset zone, nearly every day elsewhere): midnight is it.
  if (before === zoneOffsetMs(guess + SEARCH_MS, zone)) return wall - before;
  // Otherwise the day starts at the last quarter hour where the date turns to `day`.
  let start = guess;
  for (
    let q = Math.floor((guess - SEARCH_MS) / BUCKET_MS) * BUCKET_MS;
    q <= guess + SEARCH_MS;
    q += BUCKET_MS
  ) {
    if (zonedDay(q, zone) >= day && zonedDay(q - 1, zone) < day) start = q;
  }
  return start;
}

/** The calendar day number of a `YYYY-MM-DD` date (no validation: pass a checked date). */
function dayOfDate(date: string): number {
  return Math.floor(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY,
  );
}

/**
 * The instant (ISO, UTC) at which the calendar date `YYYY-MM-DD` starts in `zone`.
 *
 * @example
 * startOfDateIn('2027-01-01', 'Asia/Shanghai'); // '2026-12-31T16:00:00.000Z'
 */
export function startOfDateIn(date: string, zone: string): string {
  return new Date(startOfZonedDay(dayOfDate(date), zone)).toISOString();
}

/**
 * The calendar date `YYYY-MM-DD` of an instant in `zone`.
 *
 * @example
 * dateIn('2026-12-31T16:00:00.000Z', 'Asia/Shanghai'); // '2027-01-01'
 */
export function dateIn(instant: string | Date, zone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(zonedDay(ms, zone) * MS_PER_DAY).toISOString().slice(0, 10);
}
