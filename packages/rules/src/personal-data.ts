// Personal data in facts: which values a decision may keep in clear, how the others become
// pseudonyms, and how a replay puts stand-ins of the right type back where pseudonyms are.
//
// The rule: a personal value (a field marked `personal`, at any depth) is kept in clear only when
// the policy version reads the top-level field that holds it; a value the version never reads
// cannot change its outcome, so replacing it changes nothing a replay can see. The pseudonym itself
// (a keyed HMAC) is computed by the caller: this package has no keys and no I/O.
import {
  isPseudonym,
  type Field,
  type JsonObject,
  type JsonValue,
  type PolicyDocument,
  type Subject,
} from '@precept/schema';
import { childPath } from './issue-codes.js';
import { parseFactPath } from './fact-path.js';

/** How one field's values are treated: the whole value, or only the personal fields inside it. */
type FieldPlan =
  { readonly whole: true } | { readonly whole: false; readonly fields: Map<string, FieldPlan> };

/**
 * Where the personal values of facts are, and which of them a policy version reads. Built once per
 * version (see {@link planPersonalData}); `isEmpty` when nothing needs replacing.
 */
export interface PersonalDataPlan {
  readonly isEmpty: boolean;
  /** Top-level fields whose values (or some values inside them) are replaced. */
  readonly fields: ReadonlyMap<string, FieldPlan>;
}

/** What {@link pseudonymiseFacts} returns: the facts to store and the paths it replaced. */
export interface PseudonymisedFacts {
  facts: JsonObject;
  /** JSON paths of the replaced values (`$.name`, `$.holders[0].phone`), in document order. */
  pseudonymised: string[];
}

/**
 * The personal fields of a subject as dotted paths (`name`, `holder.phone`, `contacts.phone`: the
 * elements of a list are not named), in subject order.
 */
export function personalPathsOf(subject: Subject): string[] {
  const paths: string[] = [];
  const walk = (fields: readonly Field[], prefix: string): void => {
    for (const field of fields) {
      const path = `${prefix}${field.name}`;
      if (field.personal === true) paths.push(path);
      else if (field.fields !== undefined) walk(field.fields, `${path}.`);
    }
  };
  walk(subject.fields, '');
  return paths;
}

/**
 * The dotted form of a fact and its path as a condition or an outcome names them (`holder`,
 * `holder.$.phone`, `contacts.$[0].phone`, `contacts[0].phone`): names only, list indices dropped.
 */
export function dottedPathOf(fact: string, path?: string): string {
  const rest = path === undefined ? '' : path.replace(/^\$/, '');
  return `${fact}${rest}`.replace(/\[\d+\]/g, '').replace(/^\./, '');
}

/**
 * True when the value at a dotted path is personal or holds personal values: the path is a
 * personal path, lies inside one, or contains one.
 */
export function touchesPersonalData(dotted: string, personalPaths: Iterable<string>): boolean {
  for (const personal of personalPaths) {
    if (personal === dotted || dotted.startsWith(`${personal}.`) || personal.startsWith(`${dotted}.`))
      return true;
  }
  return false;
}

/**
 * The plan of personal values to replace: every value at a personal path ({@link personalPathsOf}),
 * except those inside the top-level fields named in `reads` (the fields the deciding version reads;
 * pass none to replace every personal value, as a masked view does).
 *
 * @example
 * const plan = planPersonalData(personalPathsOf(subject), readFieldsOf(compiled.document));
 * const { facts, pseudonymised } = pseudonymiseFacts(input, plan, (value) => hmac(value));
 */
export function planPersonalData(
  personalPaths: Iterable<string>,
  reads: Iterable<string> = [],
): PersonalDataPlan {
  const read = new Set(reads);
  const fields = new Map<string, FieldPlan>();
  for (const path of personalPaths) {
    const names = path.split('.');
    if (read.has(names[0]!)) continue;
    let level = fields;
    for (const [depth, name] of names.entries()) {
      const existing = level.get(name);
      if (existing?.whole === true) break;
      if (depth === names.length - 1) {
        level.set(name, { whole: true });
        break;
      }
      const inner: FieldPlan = existing ?? { whole: false, fields: new Map() };
      level.set(name, inner);
      level = (inner as { fields: Map<string, FieldPlan> }).fields;
    }
  }
  return { isEmpty: fields.size === 0, fields };
}

function replace(
  value: JsonValue,
  plan: FieldPlan,
  path: string,
  pseudonym: (value: JsonValue) => string,
  out: string[],
): JsonValue {
  if (plan.whole) {
    // Already a pseudonym (a masked copy of a stored row): leave it, so masking is idempotent.
    if (isPseudonym(value)) return value;
    out.push(path);
    return pseudonym(value);
  }
  if (Array.isArray(value)) {
    return value.map((element, index) => replace(element, plan, childPath(path, index), pseudonym, out));
  }
  if (value === null || typeof value !== 'object') return value;
  const copy: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) {
    const innerPlan = plan.fields.get(key);
    copy[key] =
      innerPlan === undefined ? inner : replace(inner, innerPlan, childPath(path, key), pseudonym, out);
  }
  return copy;
}

/**
 * Replaces the personal values the plan names with `pseudonym(value)`; the facts are not changed
 * (what changes is copied). With an empty plan the same object comes back.
 */
export function pseudonymiseFacts(
  facts: JsonObject,
  plan: PersonalDataPlan,
  pseudonym: (value: JsonValue) => string,
): PseudonymisedFacts {
  const pseudonymised: string[] = [];
  if (plan.isEmpty) return { facts, pseudonymised };
  let copy: JsonObject | undefined;
  for (const [name, fieldPlan] of plan.fields) {
    if (!Object.hasOwn(facts, name)) continue;
    const value = facts[name]!;
    copy ??= { ...facts };
    copy[name] = replace(value, fieldPlan, childPath('$', name), pseudonym, pseudonymised);
  }
  return { facts: copy ?? facts, pseudonymised };
}

/**
 * The top-level fields a document reads: every fact a condition or a condition's reference names,
 * the facts that count a scorecard line's units, and the fields a qualification names for the post
 * and the records. Found by walking the whole document, so that a new place that names a `fact`
 * is covered without a change here. Sorted.
 */
export function readFieldsOf(document: PolicyDocument): string[] {
  const reads = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const element of value) walk(element);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'fact' && typeof inner === 'string') reads.add(inner);
      else walk(inner);
    }
  };
  walk(document);
  if (document.kind === 'qualification') for (const name of Object.values(document.facts)) reads.add(name);
  return [...reads].sort();
}

/** The subject's field at a parsed path (indices step into list elements), or undefined. */
function fieldAt(subject: Subject, segments: readonly (string | number)[]): Field | undefined {
  let fields: readonly Field[] | undefined = subject.fields;
  let field: Field | undefined;
  let inList = false;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (field === undefined || !field.type.endsWith('[]')) return undefined;
      inList = true;
      continue;
    }
    if (field !== undefined && field.type === 'object[]' && !inList) return undefined;
    field = fields?.find((candidate) => candidate.name === segment);
    if (field === undefined) return undefined;
    fields = field.fields;
    inList = false;
  }
  return field;
}

/**
 * A value of a field's type that passes the facts check: what a replay puts where a pseudonym was
 * stored. The version does not read it, so any valid value gives the recorded outcome.
 */
export function standInValue(field: Field): JsonValue {
  switch (field.type) {
    case 'string':
      return '';
    case 'number':
      return field.min ?? Math.min(0, field.max ?? 0);
    case 'integer':
      return field.min !== undefined ? Math.ceil(field.min) : Math.min(0, Math.floor(field.max ?? 0));
    case 'boolean':
      return false;
    case 'date':
      return '2000-01-01';
    case 'enum':
      return field.values?.[0]?.value ?? '';
    case 'string[]':
    case 'number[]':
    case 'object[]':
      return [];
    case 'object': {
      const value: JsonObject = {};
      for (const child of field.fields ?? []) if (child.required) value[child.name] = standInValue(child);
      return value;
    }
  }
}

/**
 * The facts a replay evaluates: a stand-in of the field's type ({@link standInValue}) at each
 * pseudonymised path. Paths that name no field of the subject are left as they are.
 */
export function standInFacts(
  facts: JsonObject,
  pseudonymised: readonly string[],
  subject: Subject,
): JsonObject {
  if (pseudonymised.length === 0) return facts;
  // Only the objects and lists on a replaced path are copied; the rest is shared with `facts`
  // (an impact analysis stands in for every stored decision it re-evaluates, and a deep copy was
  // most of that cost). `facts` itself is never changed.
  const copies = new Set<object>();
  const copyOf = (value: object): Record<string | number, unknown> => {
    const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...value }) as Record<string | number, unknown>;
    copies.add(copy);
    return copy;
  };
  const root = copyOf(facts);
  for (const path of pseudonymised) {
    const segments = parseFactPath(path);
    if (segments === undefined || segments.length === 0) continue;
    const field = fieldAt(subject, segments);
    if (field === undefined) continue;
    let parent: Record<string | number, unknown> | undefined = root;
    for (const segment of segments.slice(0, -1)) {
      const child: unknown = Object.hasOwn(parent, segment) ? parent[segment] : undefined;
      if (child === null || typeof child !== 'object') {
        parent = undefined;
        break;
      }
      const owned: Record<string | number, unknown> = copies.has(child) ? (child as Record<string | number, unknown>) : copyOf(child);
      parent[segment] = owned;
      parent = owned;
    }
    const last = segments.at(-1)!;
    if (parent !== undefined && Object.hasOwn(parent, last)) parent[last] = standInValue(field);
  }
  return root as JsonObject;
}
