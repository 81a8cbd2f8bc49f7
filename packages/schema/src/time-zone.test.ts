import { describe, expect, it } from 'vitest';
import { dateIn, isTimeZone, startOfDateIn, startOfZonedDay, zonedDay, zoneOffsetMs } from './time-zone.js';

const DAY = 86_400_000;

describe('the business time zone', () => {
  it('puts a Beijing date boundary at 16:00 UTC the day before', () => {
    expect(startOfDateIn('2027-01-01', 'Asia/Shanghai')).toBe('2026-12-31T16:00:00.000Z');
    expect(dateIn('2026-12-31T15:59:59.999Z', 'Asia/Shanghai')).toBe('2026-12-31');
    expect(dateIn('2026-12-31T16:00:00.000Z', 'Asia/Shanghai')).toBe('2027-01-01');
    expect(dateIn('2026-12-31T23:59:59+08:00', 'Asia/Shanghai')).toBe('2026-12-31');
    expect(dateIn('2027-01-01T00:00:00+08:00', 'Asia/Shanghai')).toBe('2027-01-01');
    expect(startOfDateIn('2027-01-01', 'UTC')).toBe('2027-01-01T00:00:00.000Z');
  });

  it('follows daylight saving', () => {
    expect(zoneOffsetMs(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe(2 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-01-01T12:00:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(startOfDateIn('2026-03-29', 'Europe/Berlin')).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDateIn('2026-03-30', 'Europe/Berlin')).toBe('2026-03-29T22:00:00.000Z');
  });

  it('is the inverse of itself over every day of years around now', () => {
    // Santiago and Havana move their clocks at midnight: some days there start at 01:00.
    for (const zone of [
      'Asia/Shanghai',
      'America/New_York',
      'Australia/Lord_Howe',
      'America/Santiago',
      'America/Havana',
      'UTC',
    ]) {
      for (let day = Date.UTC(2025, 0, 1) / DAY; day < Date.UTC(2028, 0, 1) / DAY; day += 1) {
        const start = startOfZonedDay(day, zone);
        expect(zonedDay(start, zone), `${zone} ${day}`).toBe(day);
        expect(zonedDay(start - 1, zone), `${zone} ${day}`).toBe(day - 1);
      }
    }
  });

  it('knows the zones of the runtime and nothing else', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(8)).toBe(false);
  });
});
