import { describe, expect, it } from 'vitest';
import { businessDayRange } from './day-range';

describe('businessDayRange', () => {
  it('runs from the start of the first day to the start of the day after the last, in the business zone', () => {
    expect(businessDayRange('2026-03-01', '2026-03-31', 'Asia/Shanghai')).toEqual({
      from: '2026-02-28T16:00:00.000Z',
      to: '2026-03-31T16:00:00.000Z',
    });
    // The year boundary: 2026-12-31 00:00 to 2027-01-01 00:00 in Beijing.
    expect(businessDayRange('2026-12-31', '2026-12-31', 'Asia/Shanghai')).toEqual({
      from: '2026-12-30T16:00:00.000Z',
      to: '2026-12-31T16:00:00.000Z',
    });
    expect(businessDayRange('2026-12-31', '2026-12-31', 'UTC')).toEqual({
      from: '2026-12-31T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
    });
  });

  it('leaves an end open when its day is missing, malformed or does not exist', () => {
    expect(businessDayRange(null, '2026-02-28', 'Asia/Shanghai')).toEqual({ to: '2026-02-28T16:00:00.000Z' });
    expect(businessDayRange('2026-02-30', undefined, 'Asia/Shanghai')).toEqual({});
    expect(businessDayRange('31/03/2026', '2026-13-01', 'Asia/Shanghai')).toEqual({});
    expect(businessDayRange('', '', 'Asia/Shanghai')).toEqual({});
  });
});
