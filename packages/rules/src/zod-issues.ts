import type { Issue } from '@precept/schema';
import type { z } from 'zod';
import { formatPath, makeIssue } from './issue-codes.js';

/** A zod issue, as zod 4 reports it. */
export type ZodIssue = z.core.$ZodIssue;

/**
 * Converts zod issues to ours: a JSON path from the segments, `limit` for a list that is too long,
 * `shape` for the rest. A union error is replaced by the errors of its most plausible branch (the
 * one with the fewest issues), so that the message says what is wrong rather than "Invalid input".
 */
export function zodIssuesToIssues(
  zodIssues: readonly ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): Issue[] {
  const issues: Issue[] = [];
  for (const issue of zodIssues) {
    const segments = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
      issues.push(...zodIssuesToIssues(best, segments));
      continue;
    }
    const path = formatPath(segments);
    const code = issue.code === 'too_big' && issue.origin === 'array' ? 'limit' : 'shape';
    const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
    issues.push(makeIssue(path, code, missing ? `required: expected ${issue.expected}` : issue.message));
  }
  return issues;
}
