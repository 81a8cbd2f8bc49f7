import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { FactsJson } from './FactsJson';

const pseudonym = (head: string) => `hmac-sha256:bbb0e3c6:${head.padEnd(64, '0')}`;

describe('FactsJson', () => {
  it('shows facts as JSON with every pseudonym, at any depth, as a pseudonym', () => {
    renderWithProviders(
      <FactsJson
        testId="facts"
        value={{
          employeeId: 'E-7001',
          name: pseudonym('a2506ad9'),
          age: pseudonym('92c06a77'),
          contacts: [{ phone: pseudonym('5a40d846'), kind: 'mobile' }],
          note: 'hmac-sha256:not-a-pseudonym',
        }}
      />,
    );
    const facts = screen.getByTestId('facts');
    const shown = [...facts.querySelectorAll('[data-pseudonym]')].map((el) => el.textContent);
    expect(shown).toEqual([
      expect.stringContaining('a2506ad9…'),
      expect.stringContaining('92c06a77…'),
      expect.stringContaining('5a40d846…'),
    ]);
    expect(facts).toHaveTextContent('"employeeId": "E-7001"');
    expect(facts).toHaveTextContent('"kind": "mobile"');
    expect(facts).toHaveTextContent('"note": "hmac-sha256:not-a-pseudonym"');
  });
});
