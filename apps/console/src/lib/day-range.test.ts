import { describe, expect, it } from 'vitest';
import { localDayRange } from './day-range';

const localStart = (year: number, month: number, day: number) => new Date(year, month - 1, day).toISOString();

describe('localDayRange', () => {
  it('runs from the start of the first day to the start of the day after the last, in local time', () => {
    expect(localDayRange('2026-03-01', '2026-03-31')).toEqual({
      from: localStart(2026, 3, 1),
      to: localStart(2026, 4, 1),
    });
    expect(localDayRange('2026-12-31', '2026-12-31')).toEqual({
      from: localStart(2026, 12, 31),
      to: localStart(2027, 1, 1),
    });
  });

  it('leaves an end open when its day is missing, malformed or does not exist', () => {
    expect(localDayRange(null, '2026-02-28')).toEqual({ to: localStart(2026, 3, 1) });
    expect(localDayRange('2026-02-30', undefined)).toEqual({});
    expect(localDayRange('31/03/2026', '2026-13-01')).toEqual({});
    expect(localDayRange('', '')).toEqual({});
  });
});
