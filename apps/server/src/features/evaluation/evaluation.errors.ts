import { AppError } from '@precept/schema';

/** No published version of the policy is in force at the as-of moment. */
export function noVersionInForce(policyKey: string, asOf: string): AppError {
  return new AppError('NOT_FOUND', `no version of policy "${policyKey}" is in force at ${asOf}`);
}

/** The requested version was never published: evaluate it with `simulate`. */
export function versionNotPublished(policyKey: string, version: number): AppError {
  return new AppError(
    'VALIDATION',
    `${policyKey} v${version} has not been published; use simulate to evaluate a draft`,
    { issues: [{ path: '$.version', code: 'not_published', message: `v${version} has not been published` }] },
  );
}
