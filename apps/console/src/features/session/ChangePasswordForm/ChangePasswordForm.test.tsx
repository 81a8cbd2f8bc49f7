import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { ChangePasswordForm } from './ChangePasswordForm';

function setup(language: 'zh-CN' | 'en' = 'en') {
  const onSubmit = vi.fn();
  const onCancel = vi.fn();
  const rendered = renderWithProviders(
    <ChangePasswordForm onSubmit={onSubmit} onCancel={onCancel} pending={false} />,
    { language },
  );
  return { ...rendered, onSubmit, onCancel };
}

describe('ChangePasswordForm', () => {
  it('sends the current and the new password once both new ones agree and are long enough', async () => {
    const { user, onSubmit } = setup();
    await user.type(screen.getByLabelText(/^Current password/), 'old secret');
    await user.type(screen.getByLabelText(/^New password(?! again)/), 'a new long secret');
    await user.type(screen.getByLabelText(/^New password again/), 'a new long secret');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(onSubmit).toHaveBeenCalledWith({
      currentPassword: 'old secret',
      newPassword: 'a new long secret',
    });
  });

  it('says what is wrong and sends nothing: no current password, too short, not the same twice', async () => {
    const { user, onSubmit } = setup();
    await user.type(screen.getByLabelText(/^New password(?! again)/), 'short');
    await user.type(screen.getByLabelText(/^New password again/), 'shorter');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Enter your current password')).toBeInTheDocument();
    expect(screen.getAllByText('At least 10 characters').length).toBeGreaterThan(0);
    expect(screen.getByText('Does not match the new password')).toBeInTheDocument();
  });

  it('reads in Chinese and can be cancelled', async () => {
    const { user, onCancel } = setup('zh-CN');
    expect(screen.getByLabelText(/^当前密码/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '取消' }));
    expect(onCancel).toHaveBeenCalled();
  });
});
