import {
  LIMITS,
  PolicyDocumentSchema,
  isAppError,
  type Issue,
  type PolicyDocument,
  type Subject,
} from '@precept/schema';
import { canonicalJson } from './canonical-json.js';
import { isRecord, type ConditionCheckContext } from './condition-validate.js';
import { makeIssue } from './issue-codes.js';
import {
  checkChecklist,
  checkEscalation,
  checkQualification,
  checkRuleset,
  checkScorecard,
  checkStandard,
} from './kind-checks.js';
import { indexSubject } from './subject-fields.js';
import { validateSubject } from './subject-validate.js';
import { zodIssuesToIssues, type ZodIssue } from './zod-issues.js';

/** The result of {@link validate}: the parsed document (defaults applied), or every issue found. */
export type ValidationResult =
  { ok: true; document: PolicyDocument; issues: [] } | { ok: false; document?: undefined; issues: Issue[] };

/** JSON nesting allowed before anything else looks at a document: conditions nest 2 levels a step. */
const MAX_JSON_DEPTH = LIMITS.depth * 2 + 16;

/**
 * One pass over the raw input, iterative so that nothing overflows the stack: how deep it nests,
 * and a lower bound of its size (string characters), both bailing out early.
 */
function measure(value: unknown): { depth: number; minBytes: number } {
  let depth = 0;
  let minBytes = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    if (level > depth) depth = level;
    if (depth > MAX_JSON_DEPTH || minBytes > LIMITS.documentBytes) break;
    if (typeof node === 'string') minBytes += node.length + 2;
    else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        minBytes += key.length + 3;
        stack.push([(node as Record<string, unknown>)[key], level + 1]);
      }
    } else minBytes += 1;
  }
  return { depth, minBytes };
}

/** True for a zod issue inside a rule's condition tree, which our own checker reports better. */
function isInsideCondition(path: readonly PropertyKey[]): boolean {
  const [a, b, c, d, e] = path;
  if (typeof b !== 'number') return false;
  if ((a === 'targets' || a === 'lines' || a === 'levels') && c === 'condition') return true;
  if (a === 'rules' && c === 'conditions') return true;
  return (
    (a === 'sections' && c === 'items' && typeof d === 'number' && e === 'condition') ||
    (a === 'posts' && c === 'requirements' && typeof d === 'number' && e === 'condition')
  );
}

const KIND_CHECKS = {
  standard: checkStandard,
  checklist: checkChecklist,
  scorecard: checkScorecard,
  qualification: checkQualification,
  escalation: checkEscalation,
  ruleset: checkRuleset,
} as const;

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function validateUnsafe(document: unknown, subject: Subject): CanonicalValidation {
  const subjectCheck = validateSubject(subject);
  if (!subjectCheck.ok) {
    return {
      ok: false,
      issues: subjectCheck.issues.map((issue) => ({
        ...issue,
        message: `the subject is invalid at ${issue.path}: ${issue.message}`,
      })),
    };
  }
  const { depth, minBytes } = measure(document);
  if (depth > MAX_JSON_DEPTH) {
    return {
      ok: false,
      issues: [
        makeIssue(
          '$',
          'limit',
          `the document nests deeper than ${LIMITS.depth} condition levels allow (or contains a cycle)`,
        ),
      ],
    };
  }
  if (minBytes > LIMITS.documentBytes) {
    return {
      ok: false,
      issues: [makeIssue('$', 'limit', `the document is larger than ${LIMITS.documentBytes} bytes`)],
    };
  }
  const parsed = PolicyDocumentSchema.safeParse(document);
  const zodIssues: readonly ZodIssue[] = parsed.success ? [] : parsed.error.issues;
  const issues = zodIssuesToIssues(zodIssues.filter((issue) => !isInsideCondition(issue.path)));
  if (isRecord(document) && typeof document.kind === 'string' && Object.hasOwn(KIND_CHECKS, document.kind)) {
    const context: ConditionCheckContext = { fields: indexSubject(subjectCheck.subject), issues };
    const ruleCount = KIND_CHECKS[document.kind as keyof typeof KIND_CHECKS](document, context);
    if (ruleCount > LIMITS.rules) {
      issues.push(
        makeIssue('$', 'limit', `the document has ${ruleCount} rules; at most ${LIMITS.rules} are allowed`),
      );
    }
  }
  if (issues.length === 0 && !parsed.success) {
    // Our condition checker is meant to be at least as strict as zod; never let a gap pass silently.
    issues.push(...zodIssuesToIssues(zodIssues));
  }
  let canonical: string | undefined;
  if (issues.length === 0 && parsed.success) {
    try {
      // The parsed document (defaults written out) is the canonical form: its size is the limit's.
      canonical = canonicalJson(parsed.data);
      const bytes = utf8Length(canonical);
      if (bytes > LIMITS.documentBytes) {
        issues.push(
          makeIssue(
            '$',
            'limit',
            `the document is ${bytes} bytes of canonical JSON; at most ${LIMITS.documentBytes}`,
          ),
        );
      }
    } catch (error) {
      if (!isAppError(error)) throw error;
      issues.push(...(error.issues ?? [makeIssue('$', 'shape', error.message)]));
    }
  }
  if (issues.length > 0 || !parsed.success || canonical === undefined) {
    return { ok: false, issues: dedupe(issues) };
  }
  return { ok: true, document: parsed.data, issues: [], canonical };
}

/** A validation result that, on success, also carries the document's canonical JSON. */
export type CanonicalValidation =
  | { ok: true; document: PolicyDocument; issues: []; canonical: string }
  | { ok: false; document?: undefined; issues: Issue[]; canonical?: undefined };

/** {@link validate}, returning the canonical JSON of a valid document too (for `compile`). Never throws. */
export function validateCanonical(document: unknown, subject: Subject): CanonicalValidation {
  try {
    return validateUnsafe(document, subject);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown error';
    return { ok: false, issues: [makeIssue('$', 'shape', `the document could not be read: ${reason}`)] };
  }
}

/**
 * Checks a policy document against its subject and reports every problem, each with a JSON path,
 * a code from `ISSUE_CODES` and an English message: zod shape errors; unknown facts; operators not
 * allowed for a field's type; values of the wrong type; enum values that do not exist; bad paths;
 * empty groups; duplicate ids; the kind's own rules; the size limits of `LIMITS`.
 * Never throws, whatever it is given. On success it returns the parsed document (defaults applied).
 *
 * @example
 * const result = validate(document, subject);
 * if (!result.ok) for (const issue of result.issues) console.log(issue.path, issue.message);
 */
export function validate(document: unknown, subject: Subject): ValidationResult {
  const result = validateCanonical(document, subject);
  return result.ok
    ? { ok: true, document: result.document, issues: [] }
    : { ok: false, issues: result.issues };
}
