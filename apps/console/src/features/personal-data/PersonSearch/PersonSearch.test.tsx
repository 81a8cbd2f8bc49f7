import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { PersonSearch, personValueOf } from './PersonSearch';

describe('personValueOf', () => {
  it('is the trimmed text, or its number when asked; nothing for blank or non-numbers', () => {
    expect(personValueOf('  E-7001 ', false)).toBe('E-7001');
    expect(personValueOf('31', false)).toBe('31');
    expect(personValueOf('31', true)).toBe(31);
    expect(personValueOf('abc', true)).toBeNull();
    expect(personValueOf('   ', false)).toBeNull();
    expect(personValueOf('x'.repeat(501), false)).toBeNull();
  });
});

describe('PersonSearch', () => {
  it('looks a person up on Enter, by number when asked, and clears', async () => {
    const onChange = vi.fn();
    const { user, rerender } = renderWithProviders(<PersonSearch person={null} onChange={onChange} />, {
      language: 'en',
    });
    const input = screen.getByRole('textbox', { name: 'Find a person' });
    await user.type(input, 'E-7001{Enter}');
    expect(onChange).toHaveBeenLastCalledWith('E-7001');
    expect(screen.queryByRole('checkbox')).toBeNull();

    await user.clear(input);
    await user.type(input, '31');
    await user.click(screen.getByRole('checkbox', { name: 'Match as a number (an age)' }));
    await user.click(screen.getByRole('button', { name: "Find this person's decisions" }));
    expect(onChange).toHaveBeenLastCalledWith(31);

    rerender(<PersonSearch person={31} onChange={onChange} />);
    await user.click(screen.getByRole('button', { name: 'Clear the person' }));
    expect(onChange).toHaveBeenLastCalledWith(null);
  });
});
