// Personal data as the console shows it: pseudonyms (`hmac-sha256:<key id>:<hex>`) told apart from
// values, the personal fields of a subject, and the JSON paths the decision log names, in words.
import { isPseudonym, type Field, type LocalizedText, type Subject } from '@precept/schema';
import { parsePath } from '../../lib/json-path';

/** Where a pseudonym's HMAC begins: after `hmac-sha256:` and the 8-digit key id with its colon. */
const HMAC_START = 'hmac-sha256:'.length + 9;

/**
 * A pseudonym in a few characters: the first 8 hex digits of its HMAC, enough to tell two people
 * apart at a glance (the full value is what matches).
 *
 * @example
 * shortPseudonym('hmac-sha256:bbb0e3c6:70faf2ce…') // '70faf2ce…'
 */
export function shortPseudonym(pseudonym: string): string {
  return `${pseudonym.slice(HMAC_START, HMAC_START + 8)}…`;
}

/** The id of the personal-data key a pseudonym was made with (8 hex digits). */
export function pseudonymKeyId(pseudonym: string): string {
  return pseudonym.slice('hmac-sha256:'.length, HMAC_START - 1);
}

/** A piece of text, or a pseudonym found in it. */
export type TextOrPseudonym = string | { pseudonym: string };

/** Quoted pseudonyms inside JSON text. */
const QUOTED_PSEUDONYM = /"(hmac-sha256:[0-9a-f]{8}:[0-9a-f]{64})"/g;

/**
 * JSON text cut at its quoted pseudonyms, so they can be shown as pseudonyms and the rest as it is.
 *
 * @example
 * splitAtPseudonyms('{"name": "hmac-sha256:…"}') // ['{"name": ', { pseudonym: 'hmac-sha256:…' }, '}']
 */
export function splitAtPseudonyms(json: string): TextOrPseudonym[] {
  const parts: TextOrPseudonym[] = [];
  let last = 0;
  for (const match of json.matchAll(QUOTED_PSEUDONYM)) {
    const pseudonym = match[1]!;
    if (!isPseudonym(pseudonym)) continue;
    if (match.index > last) parts.push(json.slice(last, match.index));
    parts.push({ pseudonym });
    last = match.index + match[0].length;
  }
  if (last < json.length) parts.push(json.slice(last));
  return parts;
}

/**
 * The personal fields among `fields` as dotted paths (`name`, `holder.phone`; list elements are not
 * named), the form the server's issues and classification use. A field inside a personal one is
 * covered by it.
 */
export function personalPathsOfFields(fields: readonly Field[], prefix = ''): string[] {
  return fields.flatMap((field) =>
    field.personal === true
      ? [prefix + field.name]
      : field.fields
        ? personalPathsOfFields(field.fields, `${prefix}${field.name}.`)
        : [],
  );
}

/** The personal fields of a subject as dotted paths ({@link personalPathsOfFields}). */
export function personalFieldPaths(subject: Subject): string[] {
  return personalPathsOfFields(subject.fields);
}

/** The dotted path of a JSON path into facts: `$.holders[0].phone` → `holders.phone`. */
export function dottedPathOf(jsonPath: string): string {
  return parsePath(jsonPath)
    .filter((segment): segment is string => typeof segment === 'string')
    .join('.');
}

/** The field at a dotted path of a subject, or undefined. */
export function fieldAtPath(subject: Subject | undefined, dotted: string): Field | undefined {
  let fields: readonly Field[] | undefined = subject?.fields;
  let found: Field | undefined;
  for (const name of dotted.split('.')) {
    found = fields?.find((field) => field.name === name);
    if (!found) return undefined;
    fields = found.fields;
  }
  return found;
}

/**
 * A dotted path in words: each field's label joined with ` › `, the path itself where the subject
 * does not know a field.
 */
export function describeFieldPath(
  subject: Subject | undefined,
  dotted: string,
  pick: (text: LocalizedText) => string,
): string {
  const names = dotted.split('.');
  const labels: string[] = [];
  let fields: readonly Field[] | undefined = subject?.fields;
  for (const name of names) {
    const field = fields?.find((candidate) => candidate.name === name);
    labels.push(field ? pick(field.label) : name);
    fields = field?.fields;
  }
  return labels.join(' › ');
}

/**
 * The personal paths of `subject` that are present in `facts` at the top level (the only values a
 * decision can store in clear): what a decision holds of a person.
 */
export function personalPathsIn(subject: Subject | undefined, facts: Record<string, unknown>): string[] {
  if (!subject) return [];
  return personalFieldPaths(subject).filter((path) => {
    const top = path.split('.')[0]!;
    return facts[top] !== undefined && facts[top] !== null;
  });
}
