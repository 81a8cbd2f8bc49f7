import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { HoldRequestForm } from './HoldRequestForm';

const policies = [
  { value: 'post-qualifications', label: 'Front-line post qualifications' },
  { value: 'service-targets', label: 'Service targets' },
];

function setup() {
  const onSubmit = vi.fn();
  const rendered = renderWithProviders(
    <HoldRequestForm
      policies={policies}
      timeZone="Asia/Shanghai"
      pending={false}
      onSubmit={onSubmit}
      onCancel={() => {}}
    />,
    { language: 'en' },
  );
  return { ...rendered, onSubmit };
}

describe('HoldRequestForm', () => {
  it('asks for a policy and business days (last day included) and a reason, and sends instants', async () => {
    const { user, onSubmit } = setup();
    const submit = screen.getByRole('button', { name: 'Submit the request' });
    expect(submit).toBeDisabled();
    await user.click(screen.getByRole('textbox', { name: 'Policy' }));
    await user.click(await screen.findByRole('option', { name: 'Front-line post qualifications' }));
    await user.type(screen.getByLabelText('From (included)'), '2026-12-01');
    await user.type(screen.getByLabelText('To (included)'), '2026-12-31');
    await user.type(screen.getByRole('textbox', { name: /Reason/ }), 'ok');
    expect(submit).toBeDisabled();
    await user.type(screen.getByRole('textbox', { name: /Reason/ }), '!');
    await user.click(submit);
    expect(onSubmit).toHaveBeenCalledWith({
      policyKey: 'post-qualifications',
      from: '2026-11-30T16:00:00.000Z',
      to: '2026-12-31T16:00:00.000Z',
      reason: 'ok!',
    });
  });

  it('holds every policy for all time when nothing is chosen, and refuses a range that runs backwards', async () => {
    const { user, onSubmit } = setup();
    await user.type(screen.getByRole('textbox', { name: /Reason/ }), 'litigation');
    await user.type(screen.getByLabelText('From (included)'), '2026-12-31');
    await user.type(screen.getByLabelText('To (included)'), '2026-12-01');
    expect(screen.getByText('The last day cannot be before the first')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Submit the request' })).toBeDisabled();
    await user.clear(screen.getByLabelText('From (included)'));
    await user.clear(screen.getByLabelText('To (included)'));
    await user.click(screen.getByRole('button', { name: 'Submit the request' }));
    expect(onSubmit).toHaveBeenCalledWith({ reason: 'litigation' });
  });
});
