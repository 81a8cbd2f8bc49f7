import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { guidelineSubject } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { DeclassificationAlert } from './DeclassificationAlert';

const employee = guidelineSubject('employee');

describe('DeclassificationAlert', () => {
  it("shows the server's refusal with each field by its label, and puts the marks back", async () => {
    const onRemark = vi.fn();
    const { user } = renderWithProviders(
      <DeclassificationAlert paths={['name', 'age']} subject={employee} refused onRemark={onRemark} />,
    );
    const alert = screen.getByTestId('declassification');
    expect(alert).toHaveTextContent('服务器拒绝保存：不能取消个人数据标记');
    expect(alert).toHaveTextContent('姓名 name');
    expect(alert).toHaveTextContent('年龄 age');
    await user.click(screen.getByRole('button', { name: '恢复个人数据标记' }));
    expect(onRemark).toHaveBeenCalledOnce();
  });

  it('warns before saving in English, and shows nothing when no field is unmarked', () => {
    const { rerender } = renderWithProviders(
      <DeclassificationAlert paths={['employeeId']} subject={employee} refused={false} onRemark={() => {}} />,
      { language: 'en' },
    );
    expect(screen.getByTestId('declassification')).toHaveTextContent(
      'These fields cannot be unmarked as personal data',
    );
    expect(screen.getByTestId('declassification')).toHaveTextContent('Employee ID employeeId');
    rerender(<DeclassificationAlert paths={[]} subject={employee} refused={false} onRemark={() => {}} />);
    expect(screen.queryByTestId('declassification')).toBeNull();
  });
});
