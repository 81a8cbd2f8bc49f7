import { LIMITS, SubjectSchema, type Field, type Issue, type Subject } from '@precept/schema';
import { childPath, makeIssue } from './issue-codes.js';
import { zodIssuesToIssues } from './zod-issues.js';

/** The result of {@link validateSubject}. */
export type SubjectValidationResult =
  { ok: true; subject: Subject; issues: [] } | { ok: false; subject?: undefined; issues: Issue[] };

function checkFields(fields: readonly Field[], path: string, depth: number, issues: Issue[]): void {
  if (depth > LIMITS.depth) {
    issues.push(makeIssue(path, 'limit', `fields nest deeper than ${LIMITS.depth} levels`));
    return;
  }
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    const at = childPath(path, index);
    if (seen.has(field.name)) {
      issues.push(makeIssue(`${at}.name`, 'duplicate_id', `field name "${field.name}" is used twice`));
    }
    seen.add(field.name);
    const isObject = field.type === 'object' || field.type === 'object[]';
    if (isObject && field.fields === undefined) {
      issues.push(
        makeIssue(`${at}.fields`, 'subject_rule', `a field of type ${field.type} needs its fields`),
      );
    }
    if (!isObject && field.fields !== undefined) {
      issues.push(makeIssue(`${at}.fields`, 'subject_rule', `only object and object[] fields have fields`));
    }
    if (field.type === 'enum') {
      if (field.values === undefined) {
        issues.push(makeIssue(`${at}.values`, 'subject_rule', 'an enum field needs its values'));
      } else {
        const values = new Set<string>();
        field.values.forEach((value, valueIndex) => {
          if (values.has(value.value)) {
            issues.push(
              makeIssue(
                `${at}.values[${valueIndex}].value`,
                'duplicate_id',
                `enum value "${value.value}" is listed twice`,
              ),
            );
          }
          values.add(value.value);
        });
      }
    } else if (field.values !== undefined) {
      issues.push(makeIssue(`${at}.values`, 'subject_rule', 'only enum fields have values'));
    }
    const isNumeric = field.type === 'number' || field.type === 'integer' || field.type === 'number[]';
    for (const bound of ['min', 'max'] as const) {
      const value = field[bound];
      if (value !== undefined && !isNumeric) {
        issues.push(
          makeIssue(
            `${at}.${bound}`,
            'subject_rule',
            `only number, integer and number[] fields have ${bound}`,
          ),
        );
      }
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      issues.push(
        makeIssue(`${at}.min`, 'subject_rule', `min ${field.min} is greater than max ${field.max}`),
      );
    }
    if (field.fields !== undefined) checkFields(field.fields, `${at}.fields`, depth + 1, issues);
  });
}

function measureDepth(value: unknown, limit: number): number {
  // Iterative, so that an absurdly deep input cannot overflow the stack before zod sees it.
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    if (node !== null && typeof node === 'object') {
      for (const child of Object.values(node)) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/**
 * Checks a subject (fact schema): its zod shape, then what zod cannot say: field names unique at
 * each level, enums with (distinct) values, objects with fields, `min`/`max` only on numbers and
 * `min ≤ max`, nesting ≤ `LIMITS.depth`. Never throws.
 */
export function validateSubject(subject: unknown): SubjectValidationResult {
  try {
    // A field nests as fields → [i] → field: three JSON levels per field level.
    if (measureDepth(subject, LIMITS.depth * 3 + 8) > LIMITS.depth * 3 + 8) {
      return {
        ok: false,
        issues: [makeIssue('$', 'limit', `the subject nests deeper than ${LIMITS.depth} levels`)],
      };
    }
    const parsed = SubjectSchema.safeParse(subject);
    if (!parsed.success) return { ok: false, issues: zodIssuesToIssues(parsed.error.issues) };
    const issues: Issue[] = [];
    checkFields(parsed.data.fields, '$.fields', 1, issues);
    return issues.length === 0 ? { ok: true, subject: parsed.data, issues: [] } : { ok: false, issues };
  } catch (error) {
    return {
      ok: false,
      issues: [makeIssue('$', 'shape', `the subject could not be read: ${String(error)}`)],
    };
  }
}
