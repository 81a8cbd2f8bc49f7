import { describe, expect, it } from 'vitest';
import { holdOf } from '../../test/fixtures';
import type { SessionUser } from '../session/session-store';
import {
  decisionRight,
  deciderOf,
  dualRoleOf,
  holdStageOf,
  holdStepsOf,
  pendingRequestOf,
} from './dual-control';

const person = (id: string, ...roles: SessionUser['roles']): SessionUser => ({
  id,
  displayName: id,
  roles,
  method: 'password',
});
const auditor = person('auditor', 'auditor');
const auditor2 = person('auditor2', 'auditor');
const admin = person('admin', 'admin');
const reviewer = person('reviewer', 'reviewer');

describe('dual control', () => {
  it('has the other role decide, and an administrator act as one', () => {
    expect(deciderOf('auditor')).toBe('admin');
    expect(deciderOf('admin')).toBe('auditor');
    expect(dualRoleOf(admin)).toBe('admin');
    expect(dualRoleOf(auditor)).toBe('auditor');
    expect(dualRoleOf(reviewer)).toBeNull();
    expect(dualRoleOf(null)).toBeNull();
  });

  it('lets only the other role decide, and nobody their own request', () => {
    const request = { requestedBy: 'auditor', requestedAs: 'auditor' as const };
    expect(decisionRight(admin, request)).toEqual({ canDecide: true });
    expect(decisionRight(auditor, request)).toEqual({ canDecide: false, why: 'own' });
    expect(decisionRight(auditor2, request)).toEqual({ canDecide: false, why: 'role' });
    expect(decisionRight(reviewer, request)).toEqual({ canDecide: false, why: 'role' });
    expect(decisionRight(null, request)).toEqual({ canDecide: false, why: 'role' });
    expect(decisionRight(auditor2, { requestedBy: 'admin', requestedAs: 'admin' })).toEqual({
      canDecide: true,
    });
  });

  it('steps a hold through its life: approve or reject, then a lift to request and decide', () => {
    const requested = holdOf();
    expect([holdStageOf(requested), holdStepsOf(requested)]).toEqual(['requested', ['approve', 'reject']]);
    expect(pendingRequestOf(requested)).toEqual({ requestedBy: 'auditor', requestedAs: 'auditor' });

    const active = holdOf({ status: 'active', decidedBy: 'admin' });
    expect([holdStageOf(active), holdStepsOf(active), pendingRequestOf(active)]).toEqual([
      'active',
      ['requestLift'],
      null,
    ]);

    const lifting = holdOf({ status: 'active', liftRequestedBy: 'admin', liftRequestedAs: 'admin' });
    expect([holdStageOf(lifting), holdStepsOf(lifting)]).toEqual([
      'liftRequested',
      ['approveLift', 'rejectLift'],
    ]);
    expect(pendingRequestOf(lifting)).toEqual({ requestedBy: 'admin', requestedAs: 'admin' });

    for (const status of ['rejected', 'lifted'] as const) {
      const done = holdOf({ status, blocking: false });
      expect([holdStageOf(done), holdStepsOf(done), pendingRequestOf(done)]).toEqual([status, [], null]);
    }
  });
});
