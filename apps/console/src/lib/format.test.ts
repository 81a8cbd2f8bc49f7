import { describe, expect, it } from 'vitest';
import { createFormatters } from './format';

describe('formatters in the business time zone', () => {
  const beijing = createFormatters('en', 'Asia/Shanghai');

  it('shows dates and times as they are in Beijing, whatever the viewer’s zone', () => {
    // 23:59:59 and 00:00:00 local around the new year.
    expect(beijing.date('2026-12-31T15:59:59.000Z')).toBe('Dec 31, 2026');
    expect(beijing.date('2026-12-31T16:00:00.000Z')).toBe('Jan 1, 2027');
    expect(beijing.dateTime('2026-12-31T16:00:00.000Z')).toBe('Jan 1, 2027, 00:00');
    expect(beijing.date('2027-01-01')).toBe('Jan 1, 2027');
  });

  it('shows an effective boundary at local midnight as its date, any other as date and time', () => {
    expect(beijing.effective('2026-12-31T16:00:00.000Z')).toBe('Jan 1, 2027');
    expect(beijing.effective('2027-01-01T00:00:00.000Z')).toBe('Jan 1, 2027, 08:00');
    expect(createFormatters('en', 'UTC').effective('2027-01-01T00:00:00.000Z')).toBe('Jan 1, 2027');
  });
});
