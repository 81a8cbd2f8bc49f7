import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, formatDay, instantAfterHours, parseAsOf, parseDay } from './calendar-dates.js';

describe('parseDay / formatDay', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-02-29', 11_016],
    ['2026-01-01', 20_454],
  ])('%s is day %i', (text, day) => {
    expect(parseDay(text)).toBe(day);
    expect(formatDay(day)).toBe(text);
  });

  it.each([
    '2026-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-1-01',
    '2026-01-01T00:00:00Z',
    '20260101',
    'abcd-ef-gh',
    '',
    20260101,
    null,
    undefined,
  ])('refuses %j', (value) => {
    expect(parseDay(value)).toBeNaN();
  });

  it('agrees with Date for every day of four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (day) => {
        const text = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(formatDay(day)).toBe(text);
        expect(parseDay(text)).toBe(day);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('addMonths', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-05-31', -1, '2026-04-30'],
    ['2026-01-15', -12, '2025-01-15'],
    ['2026-01-15', -13, '2024-12-15'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-06-30', 0, '2026-06-30'],
  ])('%s %+i months = %s', (from, months, to) => {
    expect(formatDay(addMonths(parseDay(from), months))).toBe(to);
  });
});

describe('parseAsOf', () => {
  it.each([
    // The business zone by default: Asia/Shanghai, UTC+8.
    ['2026-01-01', undefined, '2026-01-01', Date.UTC(2025, 11, 31, 16)],
    ['2026-01-01T00:30:00+08:00', undefined, '2026-01-01', Date.UTC(2025, 11, 31, 16, 30)],
    ['2026-12-31T23:59:59+08:00', undefined, '2026-12-31', Date.UTC(2026, 11, 31, 15, 59, 59)],
    ['2027-01-01T00:00:00+08:00', undefined, '2027-01-01', Date.UTC(2026, 11, 31, 16)],
    ['2026-01-01T23:30:00-02:00', undefined, '2026-01-02', Date.UTC(2026, 0, 2, 1, 30)],
    ['2026-03-31T12:00:00.000Z', undefined, '2026-03-31', Date.UTC(2026, 2, 31, 12)],
    // Another zone, given.
    ['2026-01-01', 'UTC', '2026-01-01', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:30:00+08:00', 'UTC', '2025-12-31', Date.UTC(2025, 11, 31, 16, 30)],
    ['2026-07-01', 'Europe/Berlin', '2026-07-01', Date.UTC(2026, 5, 30, 22)],
  ])('%s in %s is day %s', (input, zone, day, ms) => {
    const asOf = parseAsOf(input, zone);
    expect(asOf && formatDay(asOf.day)).toBe(day);
    expect(asOf?.ms).toBe(ms);
  });

  it.each(['2026-02-30', '2026-01-01T00:00:00', 'yesterday', '', 5, null])('refuses %j', (input) => {
    expect(parseAsOf(input)).toBeUndefined();
  });
});

describe('instantAfterHours', () => {
  it.each([
    [0, 24, '1970-01-02T00:00:00.000Z'],
    [Date.UTC(2026, 0, 1), 0.5, '2026-01-01T00:30:00.000Z'],
    [Date.UTC(2026, 0, 31, 20), 72, '2026-02-03T20:00:00.000Z'],
  ])('%i + %s h = %s', (ms, hours, expected) => {
    expect(instantAfterHours(ms, hours)).toBe(expected);
  });
});
