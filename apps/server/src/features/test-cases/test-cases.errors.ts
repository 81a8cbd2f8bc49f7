import { AppError } from '@precept/schema';

/** The test case does not exist in that version. */
export function testCaseNotFound(policyKey: string, version: number, id: string): AppError {
  return new AppError('NOT_FOUND', `${policyKey} v${version} has no test case "${id}"`);
}
