import { AppError, type VersionStatus } from '@precept/schema';

/**
 * A refusal by separation of duties (an editor approving or publishing their own version, one
 * person approving twice). FORBIDDEN like any refusal; the service audits it after the refused
 * step's transaction has rolled back.
 */
export class SeparationOfDutiesError extends AppError {
  constructor(message: string) {
    super('FORBIDDEN', `${message} (separation of duties)`);
  }
}

/** The policy does not exist. */
export function policyNotFound(key: string): AppError {
  return new AppError('NOT_FOUND', `policy "${key}" does not exist`);
}

/** The version does not exist. */
export function versionNotFound(key: string, version: number): AppError {
  return new AppError('NOT_FOUND', `policy "${key}" has no version ${version}`);
}

/** The caller's `lockVersion` is not the version's current one: someone changed it in between. */
export function staleVersion(key: string, version: number, expected: number, actual: number): AppError {
  return new AppError(
    'CONFLICT',
    `${key} v${version} was changed by someone else (lockVersion ${actual}, you sent ${expected}); reload it`,
    { issues: [{ path: '$.lockVersion', code: 'stale', message: `current lockVersion is ${actual}` }] },
  );
}

/** The step needs the version in another status. */
export function wrongStatus(key: string, version: number, status: VersionStatus, needed: string): AppError {
  return new AppError('CONFLICT', `${key} v${version} is ${status}; this step needs it ${needed}`);
}
