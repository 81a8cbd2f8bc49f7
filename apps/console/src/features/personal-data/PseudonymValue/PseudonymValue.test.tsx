import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { PseudonymValue } from './PseudonymValue';

const PSEUDONYM = `hmac-sha256:bbb0e3c6:${'70faf2ce'.padEnd(64, 'a')}`;

describe('PseudonymValue', () => {
  it('shows a lock and the first digits; screen readers hear that it is a pseudonym and its full value', () => {
    renderWithProviders(<PseudonymValue value={PSEUDONYM} />, { language: 'en' });
    const button = screen.getByRole('button');
    expect(button).toHaveTextContent(/^70faf2ce…/);
    expect(button).toHaveAccessibleName(
      `Pseudonym of a personal value: ${PSEUDONYM}. Click to copy the full pseudonym`,
    );
    expect(button.querySelector('svg')).not.toBeNull();
    expect(button).toHaveAttribute('data-pseudonym', PSEUDONYM);
  });

  it('shows the full pseudonym and its key on hover, and copies it on click', async () => {
    const { user } = renderWithProviders(<PseudonymValue value={PSEUDONYM} />);
    await user.hover(screen.getByRole('button'));
    expect(await screen.findByText(PSEUDONYM)).toBeInTheDocument();
    expect(screen.getByText(/以密钥 bbb0e3c6 计算的假名/)).toBeInTheDocument();
    await user.click(screen.getByRole('button'));
    expect(await navigator.clipboard.readText()).toBe(PSEUDONYM);
    expect(await screen.findByText('已复制完整假名')).toBeInTheDocument();
  });
});
