import { AppError } from '@precept/schema';

/** The test case does not exist. */
export function testCaseNotFound(policyKey: string, id: string): AppError {
  return new AppError('NOT_FOUND', `policy "${policyKey}" has no test case "${id}"`);
}
