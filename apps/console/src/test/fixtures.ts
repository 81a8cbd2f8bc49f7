// Test fixtures: the guideline's default subjects and policies from `@precept/schema`, so the
// console's tests exercise the same documents the server seeds.
import {
  findGuidelinePolicy,
  findGuidelineSubject,
  type DocumentOf,
  type LegalHold,
  type PolicyKind,
  type PolicyPackage,
  type Subject,
} from '@precept/schema';

/** The default policy package with this key; throws when the guideline lacks it. */
export function guidelinePolicy(key: string): PolicyPackage {
  const found = findGuidelinePolicy(key);
  if (!found) throw new Error(`no guideline policy "${key}"`);
  return found;
}

/** The default subject with this key; throws when the guideline lacks it. */
export function guidelineSubject(key: string): Subject {
  const found = findGuidelineSubject(key);
  if (!found) throw new Error(`no guideline subject "${key}"`);
  return found;
}

/** The v1 document of a default policy, checked to be of the expected kind, and its subject. */
export function guidelineDocument<K extends PolicyKind>(
  key: string,
  kind: K,
): { document: DocumentOf<K>; subject: Subject } {
  const pkg = guidelinePolicy(key);
  if (pkg.document.kind !== kind) throw new Error(`"${key}" is a ${pkg.document.kind}, not a ${kind}`);
  return {
    document: structuredClone(pkg.document) as DocumentOf<K>,
    subject: guidelineSubject(pkg.policy.subjectKey),
  };
}

/** A hold as the server returns it, requested by the auditor. */
export function holdOf(overrides: Partial<LegalHold> = {}): LegalHold {
  return {
    id: 'hold-1',
    policyKey: 'post-qualifications',
    from: '2026-11-30T16:00:00.000Z',
    to: '2026-12-31T16:00:00.000Z',
    reason: 'inspection',
    status: 'requested',
    blocking: true,
    requestedBy: 'auditor',
    requestedAs: 'auditor',
    requestedAt: '2026-12-07T01:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    decisionComment: null,
    liftRequestedBy: null,
    liftRequestedAs: null,
    liftRequestedAt: null,
    liftReason: null,
    liftedBy: null,
    liftedAt: null,
    ...overrides,
  };
}
