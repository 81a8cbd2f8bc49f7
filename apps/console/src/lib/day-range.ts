// Calendar days as the person using the console means them — in their own time zone — turned into
// the instants the API filters by.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local start of a `YYYY-MM-DD` day, `days` days later; undefined for anything else. */
function localDayStart(day: string | null | undefined, days = 0): Date | undefined {
  const match = day === null || day === undefined ? null : DAY.exec(day);
  if (match === null) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(year, month - 1, date + days);
  // new Date rolls 2026-02-30 over into March: such a day does not exist.
  const probe = new Date(year, month - 1, date);
  return probe.getFullYear() === year && probe.getMonth() === month - 1 && probe.getDate() === date
    ? start
    : undefined;
}

/**
 * The instants of local days `from` to `to`, both included: `from` is the start of its day, `to` the
 * start of the day after. A missing or malformed day leaves that end open.
 */
export function localDayRange(
  from: string | null | undefined,
  to: string | null | undefined,
): { from?: string; to?: string } {
  const start = localDayStart(from);
  const end = localDayStart(to, 1);
  return {
    ...(start === undefined ? {} : { from: start.toISOString() }),
    ...(end === undefined ? {} : { to: end.toISOString() }),
  };
}
