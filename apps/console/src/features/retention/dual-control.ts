// Dual control over the decision log's retention, as the server applies it: what an auditor asks
// an administrator decides, and the other way round; nobody decides their own request. The console
// says so before anyone tries — the server refuses all the same.
import type { DUAL_CONTROL_ROLES, LegalHold } from '@precept/schema';
import type { SessionUser } from '../session/session-store';

/** One of the two roles of dual control. */
export type DualRole = (typeof DUAL_CONTROL_ROLES)[number];

/** The role that decides what `role` asks. */
export function deciderOf(role: DualRole): DualRole {
  return role === 'auditor' ? 'admin' : 'auditor';
}

/** The role a person acts in (an administrator holds no other role), or null when they take no part. */
export function dualRoleOf(user: SessionUser | null): DualRole | null {
  if (user?.roles.includes('admin')) return 'admin';
  if (user?.roles.includes('auditor')) return 'auditor';
  return null;
}

/** Whether `user` may decide a request, and if not why: their own request, or not the deciding role. */
export type DecisionRight = { canDecide: true } | { canDecide: false; why: 'own' | 'role' };

/** Whether `user` may decide what `requestedBy` asked as `requestedAs`. */
export function decisionRight(
  user: SessionUser | null,
  request: { requestedBy: string; requestedAs: DualRole },
): DecisionRight {
  if (user !== null && user.id === request.requestedBy) return { canDecide: false, why: 'own' };
  if (user === null || !user.roles.includes(deciderOf(request.requestedAs)))
    return { canDecide: false, why: 'role' };
  return { canDecide: true };
}

/** What can be done with a hold now, as its state allows (who may do it is {@link decisionRight}'s). */
export type HoldStep = 'approve' | 'reject' | 'requestLift' | 'approveLift' | 'rejectLift';

/** Where a hold stands, in one word the console shows as a badge. */
export type HoldStage = 'requested' | 'active' | 'liftRequested' | 'rejected' | 'lifted';

/** The stage of a hold: an active one waiting for its lift to be decided is `liftRequested`. */
export function holdStageOf(hold: Pick<LegalHold, 'status' | 'liftRequestedBy'>): HoldStage {
  if (hold.status === 'active' && hold.liftRequestedBy !== null) return 'liftRequested';
  return hold.status;
}

/** The steps a hold's state allows. */
export function holdStepsOf(hold: Pick<LegalHold, 'status' | 'liftRequestedBy'>): HoldStep[] {
  switch (holdStageOf(hold)) {
    case 'requested':
      return ['approve', 'reject'];
    case 'active':
      return ['requestLift'];
    case 'liftRequested':
      return ['approveLift', 'rejectLift'];
    case 'rejected':
    case 'lifted':
      return [];
  }
}

/**
 * The request a hold's pending step answers: the hold's own request while it waits for approval,
 * its lift request while that waits; null when nothing waits for a decision.
 */
export function pendingRequestOf(hold: LegalHold): { requestedBy: string; requestedAs: DualRole } | null {
  const stage = holdStageOf(hold);
  if (stage === 'requested') return { requestedBy: hold.requestedBy, requestedAs: hold.requestedAs };
  if (stage === 'liftRequested' && hold.liftRequestedAs !== null && hold.liftRequestedBy !== null) {
    return { requestedBy: hold.liftRequestedBy, requestedAs: hold.liftRequestedAs };
  }
  return null;
}
