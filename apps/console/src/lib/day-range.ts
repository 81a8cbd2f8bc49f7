// Calendar days of the business time zone (the bank's, whatever the viewer's own) turned into the
// instants the API filters by.
import { isIsoDate, startOfDateIn } from '@precept/schema';

/** The start of the day after `YYYY-MM-DD`. */
function nextDay(day: string): string {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
  return next.toISOString().slice(0, 10);
}

/**
 * The instants of days `from` to `to` in `timeZone`, both included: `from` is the start of its
 * day, `to` the start of the day after. A missing, malformed or non-existent day leaves that end open.
 */
export function businessDayRange(
  from: string | null | undefined,
  to: string | null | undefined,
  timeZone: string,
): { from?: string; to?: string } {
  return {
    ...(isIsoDate(from) ? { from: startOfDateIn(from, timeZone) } : {}),
    ...(isIsoDate(to) ? { to: startOfDateIn(nextDay(to), timeZone) } : {}),
  };
}
