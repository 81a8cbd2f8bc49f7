import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { VerdictMatrix, matrixAxes } from './VerdictMatrix';

const cells = [
  { before: 'A', after: 'A', count: 120 },
  { before: 'A', after: 'B', count: 37 },
  { before: 'B', after: 'A', count: 4 },
  { before: 'B', after: 'B', count: 60 },
  { before: 'B', after: 'legacy', count: 1 },
];
const label = (v: string) => ({ A: '优秀 (A)', B: '良好 (B)' })[v] ?? v;

describe('VerdictMatrix', () => {
  it('orders its axes by the versions’ verdicts, unknown ones last', () => {
    expect(matrixAxes(cells, ['A', 'B', 'C'])).toEqual({ rows: ['A', 'B'], columns: ['A', 'B', 'legacy'] });
  });

  it('counts decisions per before → after pair; a changed cell selects its pair, the diagonal does not', async () => {
    const onSelect = vi.fn();
    const { user } = renderWithProviders(
      <VerdictMatrix cells={cells} order={['A', 'B']} label={label} selected={null} onSelect={onSelect} />,
    );
    const matrix = screen.getByTestId('verdict-matrix');
    expect(
      within(matrix)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['之前 ↓ · 之后 →', '优秀 (A)', '良好 (B)', 'legacy']);
    expect(
      within(matrix)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['优秀 (A)', '良好 (B)']);
    // The diagonal (unchanged) is plain text; each changed cell is a button that says what it holds.
    expect(matrix.querySelector('[data-cell="A→A"]')).toHaveTextContent('120');
    expect(within(matrix.querySelector<HTMLElement>('[data-cell="A→A"]')!).queryByRole('button')).toBeNull();
    expect(matrix.querySelector('[data-cell="A→legacy"]')).toHaveTextContent('·');
    const down = screen.getByRole('button', { name: '37 条决策从“优秀 (A)”变为“良好 (B)”' });
    expect(down).toHaveAttribute('aria-pressed', 'false');
    await user.click(down);
    expect(onSelect).toHaveBeenCalledWith({ before: 'A', after: 'B' });
  });

  it('shows the selected pair pressed, and pressing it again clears the selection (English)', async () => {
    const onSelect = vi.fn();
    const { user } = renderWithProviders(
      <VerdictMatrix
        cells={cells}
        order={['A', 'B']}
        label={label}
        selected={{ before: 'B', after: 'A' }}
        onSelect={onSelect}
      />,
      { language: 'en' },
    );
    const up = screen.getByRole('button', { name: '4 decisions from “良好 (B)” to “优秀 (A)”' });
    expect(up).toHaveAttribute('aria-pressed', 'true');
    await user.click(up);
    expect(onSelect).toHaveBeenCalledWith(null);
  });
});
