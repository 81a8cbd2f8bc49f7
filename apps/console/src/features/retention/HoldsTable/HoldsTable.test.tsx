import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import type { SessionUser } from '../../session/session-store';
import { holdOf } from '../../../test/fixtures';
import { HoldsTable, lastDayOf } from './HoldsTable';

const as = (id: string, role: 'auditor' | 'admin'): SessionUser => ({
  id,
  displayName: id,
  roles: [role],
  method: 'password',
});
const titles: Record<string, string> = { 'post-qualifications': '一线岗位任职资格' };
const policyTitle = (key: string) => titles[key] ?? key;

const holds = [
  holdOf({ id: 'hold-requested', reason: 'inspection' }),
  holdOf({
    id: 'hold-lifting',
    policyKey: null,
    from: null,
    to: null,
    reason: 'litigation',
    status: 'active',
    decidedBy: 'auditor',
    decidedAt: '2026-12-07T02:00:00.000Z',
    decisionComment: 'agreed',
    requestedBy: 'admin',
    requestedAs: 'admin',
    liftRequestedBy: 'admin2',
    liftRequestedAs: 'admin',
    liftRequestedAt: '2026-12-07T03:00:00.000Z',
    liftReason: 'the case closed',
  }),
  holdOf({
    id: 'hold-lifted',
    status: 'lifted',
    blocking: false,
    liftedBy: 'auditor',
    liftedAt: '2026-12-07T04:00:00.000Z',
  }),
];

const row = (id: string) => document.querySelector<HTMLElement>(`[data-hold="${id}"]`)!;

describe('HoldsTable', () => {
  it('shows each hold’s scope, stage and who decides; an administrator decides the auditor’s request', async () => {
    const onStep = vi.fn();
    const { user } = renderWithProviders(
      <HoldsTable holds={holds} user={as('admin', 'admin')} policyTitle={policyTitle} onStep={onStep} />,
    );
    const requested = row('hold-requested');
    expect(requested).toHaveTextContent('一线岗位任职资格');
    expect(requested).toHaveTextContent('2026年12月1日 至 2026年12月31日');
    expect(within(requested).getByTestId('hold-stage')).toHaveTextContent('待批准');
    expect(requested).toHaveTextContent('阻止删除');
    expect(within(requested).getByTestId('decider')).toHaveTextContent('由管理员决定');
    await user.click(within(requested).getByRole('button', { name: '批准' }));
    expect(onStep).toHaveBeenLastCalledWith(holds[0], 'approve');

    // An administrator asked to lift this one: an auditor decides, not this administrator.
    const lifting = row('hold-lifting');
    expect(lifting).toHaveTextContent('全部策略');
    expect(lifting).toHaveTextContent('全部时间');
    expect(within(lifting).getByTestId('hold-stage')).toHaveTextContent('解除待批准');
    expect(within(lifting).getByTestId('decider')).toHaveTextContent('由审计决定');
    expect(lifting).toHaveTextContent('解除原因：the case closed');
    expect(lifting).toHaveTextContent('不由你的角色决定');
    expect(within(lifting).queryByRole('button')).toBeNull();

    const lifted = row('hold-lifted');
    expect(within(lifted).getByTestId('hold-stage')).toHaveTextContent('已解除');
    expect(lifted).not.toHaveTextContent('阻止删除');
    expect(within(lifted).queryByRole('button')).toBeNull();
  });

  it('tells the requester that someone else decides, and lets an auditor decide an administrator’s lift', async () => {
    const onStep = vi.fn();
    const { user } = renderWithProviders(
      <HoldsTable holds={holds} user={as('auditor', 'auditor')} policyTitle={policyTitle} onStep={onStep} />,
      { language: 'en' },
    );
    expect(row('hold-requested')).toHaveTextContent('You asked for this: someone else decides it');
    expect(within(row('hold-requested')).queryByRole('button')).toBeNull();
    await user.click(within(row('hold-lifting')).getByRole('button', { name: 'Reject lift' }));
    expect(onStep).toHaveBeenLastCalledWith(holds[1], 'rejectLift');
  });

  it('says when there are no holds, and reads an exclusive end as the last day it covers', () => {
    renderWithProviders(<HoldsTable holds={[]} user={null} policyTitle={policyTitle} onStep={() => {}} />);
    expect(screen.getByText('没有法律冻结。')).toBeInTheDocument();
    expect(lastDayOf('2026-12-31T16:00:00.000Z')).toBe('2026-12-31T15:59:59.999Z');
  });
});
