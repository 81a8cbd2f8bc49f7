import { TRPCError } from '@trpc/server';

/** The application code a call failed with ('resolved' when it did not fail). */
export async function appCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as { code?: unknown; name?: unknown } | undefined;
    if (cause?.name === 'AppError' && typeof cause.code === 'string') return cause.code;
    return `trpc:${error.code}`;
  }
}

/** The issues of a failed call's application error. */
export async function issuesOf(
  promise: Promise<unknown>,
): Promise<{ path: string; code: string; message: string }[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) {
      const cause = error.cause as unknown as
        { issues?: { path: string; code: string; message: string }[] } | undefined;
      return cause?.issues ?? [];
    }
    throw error;
  }
  throw new Error('the call did not fail');
}
