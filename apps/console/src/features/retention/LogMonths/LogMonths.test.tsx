import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { holdOf } from '../../../test/fixtures';
import { LogMonths, monthStateOf } from './LogMonths';

const NOW = new Date('2026-12-07T00:00:00.000Z');
const month = (
  name: string,
  from: string,
  to: string,
  rows: number,
  expiresAt: string | null,
  heldBy: string[] = [],
) => ({
  name,
  from,
  to,
  rows,
  expiresAt,
  heldBy,
});

describe('LogMonths', () => {
  it('tells upcoming, current, retained, held and expired months apart', () => {
    expect(monthStateOf(month('p', '2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z', 0, null), NOW)).toBe(
      'upcoming',
    );
    expect(monthStateOf(month('p', '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z', 9, null), NOW)).toBe(
      'open',
    );
    expect(
      monthStateOf(
        month('p', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z', 9, '2036-12-01T00:00:00Z'),
        NOW,
      ),
    ).toBe('retained');
    expect(
      monthStateOf(
        month('p', '2015-11-01T00:00:00Z', '2015-12-01T00:00:00Z', 9, '2025-12-01T00:00:00Z'),
        NOW,
      ),
    ).toBe('due');
    expect(
      monthStateOf(
        month('p', '2015-11-01T00:00:00Z', '2015-12-01T00:00:00Z', 9, '2025-12-01T00:00:00Z', ['h']),
        NOW,
      ),
    ).toBe('held');
  });

  it('lists each month with its decisions, expiry, state and the holds that keep it', () => {
    renderWithProviders(
      <LogMonths
        now={NOW}
        holds={[holdOf({ id: 'hold-1' })]}
        policyTitle={(key) => (key === 'post-qualifications' ? 'Front-line post qualifications' : key)}
        partitions={[
          month(
            'decisions_p201511',
            '2015-11-01T00:00:00Z',
            '2015-12-01T00:00:00Z',
            1234,
            '2025-12-01T00:00:00Z',
            ['hold-1'],
          ),
          month('decisions_p202612', '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z', 5, null),
        ]}
      />,
      { language: 'en' },
    );
    const held = document.querySelector('[data-partition="decisions_p201511"]')!;
    expect(held).toHaveAttribute('data-state', 'held');
    expect(held).toHaveTextContent('November 2015');
    expect(held).toHaveTextContent('1,234');
    expect(held).toHaveTextContent('Front-line post qualifications · Dec 1, 2026 to Dec 31, 2026');
    expect(document.querySelector('[data-partition="decisions_p202612"]')).toHaveTextContent('Current month');
    expect(screen.getAllByRole('row')).toHaveLength(3);
  });
});
