// Test fixtures: the guideline's default subjects and policies from `@precept/schema`, so the
// console's tests exercise the same documents the server seeds.
import {
  findGuidelinePolicy,
  findGuidelineSubject,
  type DocumentOf,
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
