import type { Access } from '@precept/schema';

/** Who reads policies, versions, subjects, test cases and decisions: every person role. */
export const READERS = ['admin', 'author', 'reviewer', 'auditor'] as const satisfies Access;
/** Who edits drafts, subjects and test cases and submits. */
export const AUTHORS = ['author'] as const satisfies Access;
/** Who approves, rejects, publishes, retires and rolls back. */
export const REVIEWERS = ['reviewer'] as const satisfies Access;
/**
 * Who evaluates (and so writes to the decision log): business-line keys, and the authors and
 * reviewers who try policies out. Auditors change nothing — they simulate and replay instead — and
 * administrators manage people and keys, not decisions.
 */
export const EVALUATORS = ['service', 'author', 'reviewer'] as const satisfies Access;
/** Who reads the audit chain. */
export const AUDITORS = ['auditor', 'admin'] as const satisfies Access;
/** Who downloads bundles and reports local decisions: business-line keys (and people, to look). */
export const BUNDLE_READERS = ['service', 'admin', 'author', 'reviewer', 'auditor'] as const satisfies Access;
/** Who reports local decisions. */
export const REPORTERS = ['service'] as const satisfies Access;
/**
 * Who reads the decision log: every person role, and API keys holding the `decisions` scope (which
 * see personal values as pseudonyms only: no key holds a role that sees them in clear).
 */
export const DECISION_READERS = [...READERS, 'service'] as const satisfies Access;
