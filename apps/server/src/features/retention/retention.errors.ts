import { AppError } from '@precept/schema';

/**
 * Dual control refused a step: the same person on both sides, or a person without the other role.
 * Recorded in the audit log before it is thrown.
 */
export class DualControlError extends AppError {
  constructor(message: string) {
    super('FORBIDDEN', `${message} (dual control)`);
  }
}

/** The legal hold does not exist. */
export function holdNotFound(id: string): AppError {
  return new AppError('NOT_FOUND', `legal hold ${id} does not exist`);
}

/** The retention change does not exist. */
export function changeNotFound(id: string): AppError {
  return new AppError('NOT_FOUND', `retention change ${id} does not exist`);
}

/** The hold or change is not in the state the step needs. */
export function wrongState(what: string, state: string, needed: string): AppError {
  return new AppError('CONFLICT', `${what} is ${state}; this step needs it ${needed}`);
}

/** A policy already has a pending retention change. */
export function changePending(policyKey: string): AppError {
  return new AppError('CONFLICT', `policy "${policyKey}" already has a pending retention change: decide it first`, {
    issues: [{ path: '$.policyKey', code: 'pending_change', message: 'a change is waiting for approval' }],
  });
}
