import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { guidelineSubject } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { PersonalDataPanel } from './PersonalDataPanel';

const employee = guidelineSubject('employee');
const pseudonym = `hmac-sha256:bbb0e3c6:${'0'.repeat(64)}`;
/** A decision of a version that reads the staff number: name and age stored as pseudonyms. */
const decision = {
  version: 2,
  facts: { employeeId: 'E-7001', name: pseudonym, age: pseudonym, post: 'comprehensive-teller' },
  pseudonymised: ['$.age', '$.name'],
  masked: false,
};

describe('PersonalDataPanel', () => {
  it('says which fields are pseudonyms because the version does not read them, and which it keeps in clear', () => {
    renderWithProviders(<PersonalDataPanel decision={decision} subject={employee} />);
    const pseudonymised = screen.getByTestId('pseudonymised');
    expect(pseudonymised).toHaveTextContent('第 2 版的条件不读取这些字段');
    expect(
      within(pseudonymised)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['年龄 age', '姓名 name']);
    const clear = screen.getByTestId('stored-in-clear');
    expect(
      within(clear)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['员工编号 employeeId']);
    expect(clear).not.toHaveTextContent('对你以假名显示');
    expect(screen.queryByText('个人数据以假名显示')).toBeNull();
  });

  it('tells a reader whose role may not see personal data that the values are pseudonyms', () => {
    renderWithProviders(
      <PersonalDataPanel
        decision={{ ...decision, masked: true, facts: { ...decision.facts, employeeId: pseudonym } }}
        subject={employee}
      />,
      { language: 'en' },
    );
    expect(screen.getByText('Personal data is shown as pseudonyms')).toBeInTheDocument();
    expect(screen.getByTestId('stored-in-clear')).toHaveTextContent('Shown to you as pseudonyms');
    expect(screen.getByTestId('personal-data')).toHaveAttribute('data-masked', 'true');
  });

  it('says so when the facts hold no personal data', () => {
    renderWithProviders(
      <PersonalDataPanel
        decision={{ version: 1, facts: { post: 'teller' }, pseudonymised: [], masked: false }}
        subject={employee}
      />,
    );
    expect(screen.getByTestId('personal-data')).toHaveTextContent('这次决策的事实中没有个人数据。');
  });
});
