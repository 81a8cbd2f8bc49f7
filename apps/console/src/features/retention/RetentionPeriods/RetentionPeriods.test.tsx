import type { RetentionChange } from '@precept/schema';
import { within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import type { SessionUser } from '../../session/session-store';
import { RetentionPeriods } from './RetentionPeriods';

const as = (id: string, role: 'auditor' | 'admin'): SessionUser => ({
  id,
  displayName: id,
  roles: [role],
  method: 'password',
});
const policies = [
  { key: 'service-targets', title: '服务目标' },
  { key: 'post-qualifications', title: '一线岗位任职资格' },
];
const pending: RetentionChange = {
  id: 'retention-1',
  policyKey: 'service-targets',
  months: 84,
  reason: 'seven years suffice',
  status: 'pending',
  requestedBy: 'admin',
  requestedAs: 'admin',
  requestedAt: '2026-12-07T01:00:00.000Z',
  decidedBy: null,
  decidedAt: null,
  decisionComment: null,
};
const rejected: RetentionChange = {
  ...pending,
  id: 'retention-0',
  months: null,
  status: 'rejected',
  decidedBy: 'auditor',
  decidedAt: '2026-12-06T01:00:00.000Z',
  decisionComment: 'keep it',
};

const row = (key: string) => document.querySelector<HTMLElement>(`[data-policy="${key}"]`)!;

describe('RetentionPeriods', () => {
  it("shows each policy's period, the change waiting and who decides it; an auditor decides an administrator's", async () => {
    const onStep = vi.fn();
    const { user } = renderWithProviders(
      <RetentionPeriods
        policies={policies}
        periods={[{ policyKey: 'post-qualifications', months: 180 }]}
        defaultMonths={120}
        changes={[pending, rejected]}
        user={as('auditor', 'auditor')}
        onStep={onStep}
      />,
    );
    expect(row('service-targets')).toHaveTextContent('120 个月默认');
    expect(row('service-targets')).toHaveTextContent('改为 84 个月');
    expect(within(row('service-targets')).getByTestId('decider')).toHaveTextContent('由审计决定');
    expect(row('post-qualifications')).toHaveTextContent('180 个月自定');
    await user.click(within(row('service-targets')).getByRole('button', { name: '批准' }));
    expect(onStep).toHaveBeenLastCalledWith({ kind: 'approve', change: pending });
    await user.click(within(row('post-qualifications')).getByRole('button', { name: '申请变更' }));
    expect(onStep).toHaveBeenLastCalledWith({ kind: 'request', policyKey: 'post-qualifications' });
    const history = document.querySelector<HTMLElement>('[data-testid="period-changes"]')!;
    expect(history).toHaveTextContent('恢复默认（120 个月）');
    expect(history).toHaveTextContent('已驳回');
    expect(history).toHaveTextContent('keep it');
  });

  it('tells the administrator who asked that someone else decides', () => {
    renderWithProviders(
      <RetentionPeriods
        policies={policies}
        periods={[]}
        defaultMonths={120}
        changes={[pending]}
        user={as('admin', 'admin')}
        onStep={() => {}}
      />,
      { language: 'en' },
    );
    expect(row('service-targets')).toHaveTextContent('You asked for this: someone else decides it');
    expect(within(row('service-targets')).queryByRole('button')).toBeNull();
  });
});
