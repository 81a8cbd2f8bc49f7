import { AppError } from '@precept/schema';

/** The decision does not exist. */
export function decisionNotFound(id: string): AppError {
  return new AppError('NOT_FOUND', `decision ${id} does not exist`);
}
