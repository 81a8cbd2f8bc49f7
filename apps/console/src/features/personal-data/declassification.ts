// A subject version can never unmark a personal field (the server refuses it with the issue code
// `personal_data_declassified`): the editor warns before saving and offers to put the marks back.
import type { Field, Subject } from '@precept/schema';
import { readError } from '../../lib/errors';
import { personalFieldPaths } from './personal-data';

/** The issue code of the server's refusal to unmark personal data. */
export const DECLASSIFIED_ISSUE = 'personal_data_declassified';

/** Where the server's issue paths of a subject's fields begin (`$.subject.fields.employeeId`). */
const FIELDS_PATH = '$.subject.fields.';

/** The dotted field paths a save was refused for, because they were personal before; empty for any other error. */
export function declassifiedPaths(error: unknown): string[] {
  if (error === null || error === undefined) return [];
  const issues = readError(error).issues ?? [];
  return issues
    .filter((issue) => issue.code === DECLASSIFIED_ISSUE && issue.path.startsWith(FIELDS_PATH))
    .map((issue) => issue.path.slice(FIELDS_PATH.length));
}

/** True when the dotted path is, or lies inside, one of `marked`. */
function isCovered(path: string, marked: ReadonlySet<string>): boolean {
  const names = path.split('.');
  return names.some((_, i) => marked.has(names.slice(0, i + 1).join('.')));
}

/** Every field's dotted path (nested fields too). */
function allPaths(fields: readonly Field[], prefix = ''): string[] {
  return fields.flatMap((field) => [
    prefix + field.name,
    ...(field.fields ? allPaths(field.fields, `${prefix}${field.name}.`) : []),
  ]);
}

/**
 * The fields `saved` marks personal that `edited` still has but no longer marks (neither the field
 * nor one holding it): what the server would refuse. A removed field is not unmarked.
 */
export function unmarkedPaths(saved: Subject, edited: Subject): string[] {
  const kept = new Set(personalFieldPaths(edited));
  const present = new Set(allPaths(edited.fields));
  return personalFieldPaths(saved).filter((path) => present.has(path) && !isCovered(path, kept));
}

/** `subject` with the fields at these dotted paths marked personal again. */
export function markPersonal(subject: Subject, paths: readonly string[]): Subject {
  const wanted = new Set(paths);
  const mark = (fields: readonly Field[], prefix: string): Field[] =>
    fields.map((field) => {
      const path = prefix + field.name;
      const inner = field.fields ? { fields: mark(field.fields, `${path}.`) } : {};
      return wanted.has(path) ? { ...field, ...inner, personal: true } : { ...field, ...inner };
    });
  return { ...subject, fields: mark(subject.fields, '') };
}
