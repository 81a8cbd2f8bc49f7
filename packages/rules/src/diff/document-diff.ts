// A semantic diff of two policy documents for compliance: changes keyed by element id (targets,
// sections and items, lines, caps, grades, posts and requirements, levels and actions, rules), each
// with a stable id-based path, the field that changed and the values before and after.
import type {
  DocumentChange,
  DocumentElementKind,
  DocumentElementRef,
  DocumentPosition,
  JsonValue,
  LocalizedText,
  PolicyDocument,
  PolicyKind,
} from '@precept/schema';
import { diffCondition } from './condition-diff.js';
import { isDeepEqual, isPlainObject, longestCommonSubsequence, ownValue } from './json-compare.js';

/** A list of elements in a document and how its elements are keyed. */
interface ListSpec {
  /** The property holding the list. */
  key: string;
  kind: DocumentElementKind;
  /** The property that identifies an element. */
  idField: 'id' | 'grade' | 'category';
  /** Nested lists of each element. */
  children: ListSpec[];
}

const list = (
  key: string,
  kind: DocumentElementKind,
  children: ListSpec[] = [],
  idField: ListSpec['idField'] = 'id',
): ListSpec => ({ key, kind, idField, children });

/** The element lists of each kind of document. */
const LISTS: Record<PolicyKind, ListSpec[]> = {
  standard: [list('targets', 'target')],
  checklist: [list('sections', 'section', [list('items', 'item')])],
  scorecard: [
    list('lines', 'line'),
    list('categories', 'category'),
    list('categoryCaps', 'categoryCap', [], 'category'),
    list('grades', 'grade', [], 'grade'),
  ],
  qualification: [list('posts', 'post', [list('requirements', 'requirement')])],
  escalation: [list('levels', 'level', [list('actions', 'action')])],
  ruleset: [list('rules', 'rule')],
};

/** Properties holding a condition tree, diffed leaf by leaf. */
const CONDITION_FIELDS = new Set(['condition', 'conditions']);

/** The order fields are reported in: what an element is, then what it asks, then what follows. */
const FIELD_ORDER = [
  'kind',
  'passPercent',
  'baseScore',
  'minScore',
  'maxScore',
  'warnWithinDays',
  'facts',
  'title',
  'label',
  'section',
  'type',
  'category',
  'severity',
  'priority',
  'code',
  'minLevel',
  'maxAgeMonths',
  'condition',
  'conditions',
  'points',
  'critical',
  'rectification',
  'reportTo',
  'responseHours',
  'authority',
  'owner',
  'deadlineHours',
  'event',
  'max',
  'mode',
  'value',
  'fact',
  'path',
  'above',
  'below',
  'step',
  'cap',
];

function orderedKeys(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  skip: ReadonlySet<string>,
): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !skip.has(key));
  const rank = (key: string): number => {
    const index = FIELD_ORDER.indexOf(key);
    return index < 0 ? FIELD_ORDER.length : index;
  };
  return keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

const SIMPLE_ID = /^[A-Za-z0-9_.-]+$/;

/** `$.lines[id=complaints]`; an id that is not a plain identifier is quoted: `[id="a b"]`. */
function elementPath(parent: string, spec: ListSpec, id: string): string {
  return `${parent}.${spec.key}[${spec.idField}=${SIMPLE_ID.test(id) ? id : JSON.stringify(id)}]`;
}

function isLocalizedText(value: unknown): value is LocalizedText {
  if (!isPlainObject(value)) return false;
  return typeof ownValue(value, 'zh') === 'string' && typeof ownValue(value, 'en') === 'string';
}

function refOf(spec: ListSpec, id: string, element: Record<string, unknown>): DocumentElementRef {
  const title = ownValue(element, 'title') ?? ownValue(element, 'label');
  return {
    kind: spec.kind,
    id,
    ...(isLocalizedText(title) ? { title: { zh: title.zh, en: title.en } } : {}),
  };
}

function asJson(value: unknown): JsonValue {
  return value as JsonValue;
}

/** An element of a list with its key, index and parent path. */
interface Entry {
  id: string;
  index: number;
  parent: string;
  element: Record<string, unknown>;
}

/**
 * The elements of a list keyed by id. Elements without a usable id, and repeats of an id (which
 * `validate` refuses), are keyed by position so that nothing is lost from the diff.
 */
function entriesOf(value: unknown, spec: ListSpec, parent: string): Entry[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  return value.flatMap((element: unknown, index): Entry[] => {
    if (!isPlainObject(element)) return [];
    const raw = ownValue(element, spec.idField);
    let id = typeof raw === 'string' && raw !== '' ? raw : `#${index}`;
    if (seen.has(id)) id = `${id}#${index}`;
    seen.add(id);
    return [{ id, index, parent, element }];
  });
}

/** Every element of a nested list kind across all parents, for telling a move between parents. */
type Registry = Map<DocumentElementKind, Map<string, Entry | null>>;

function register(registry: Registry, spec: ListSpec, entries: readonly Entry[]): void {
  let byId = registry.get(spec.kind);
  if (!byId) {
    byId = new Map();
    registry.set(spec.kind, byId);
  }
  // An id seen under two parents is ambiguous (requirement "certificate" in every post): null.
  for (const entry of entries) byId.set(entry.id, byId.has(entry.id) ? null : entry);
}

function collect(
  value: unknown,
  specs: readonly ListSpec[],
  parent: string,
  registry: Registry,
  nested: boolean,
): void {
  if (!isPlainObject(value)) return;
  for (const spec of specs) {
    const entries = entriesOf(ownValue(value, spec.key), spec, parent);
    if (nested) register(registry, spec, entries);
    for (const entry of entries) {
      collect(entry.element, spec.children, elementPath(parent, spec, entry.id), registry, true);
    }
  }
}

interface Context {
  out: DocumentChange[];
  beforeAll: Registry;
  afterAll: Registry;
}

/** Changes of one value: nested objects field by field, conditions leaf by leaf, the rest whole. */
function diffValue(
  before: unknown,
  after: unknown,
  path: string,
  field: string,
  element: DocumentElementRef,
  out: DocumentChange[],
): void {
  if (isDeepEqual(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of orderedKeys(before, after, new Set())) {
      diffValue(
        ownValue(before, key),
        ownValue(after, key),
        `${path}.${key}`,
        `${field}.${key}`,
        element,
        out,
      );
    }
    return;
  }
  out.push({
    op: 'changed',
    path,
    element,
    field,
    ...(before === undefined ? {} : { before: asJson(before) }),
    ...(after === undefined ? {} : { after: asJson(after) }),
  });
}

/** The field changes of one element kept under the same id, then its nested lists. */
function diffElement(before: Entry, after: Entry, spec: ListSpec, path: string, context: Context): void {
  const element = refOf(spec, after.id, after.element);
  const skip = new Set([spec.idField, ...spec.children.map((c) => c.key)]);
  for (const key of orderedKeys(before.element, after.element, skip)) {
    const b = ownValue(before.element, key);
    const a = ownValue(after.element, key);
    if (CONDITION_FIELDS.has(key)) {
      diffCondition(b, a, { path: `${path}.${key}`, field: key, element }, context.out);
    } else {
      diffValue(b, a, `${path}.${key}`, key, element, context.out);
    }
  }
  for (const childSpec of spec.children) {
    diffList(
      ownValue(before.element, childSpec.key),
      ownValue(after.element, childSpec.key),
      childSpec,
      path,
      path,
      context,
      true,
    );
  }
}

const position = (entry: Entry): DocumentPosition => ({ parent: entry.parent, index: entry.index });

/** True when `id` names one element in each version, under different parents: a move, not a remove + add. */
function movedAcrossParents(
  spec: ListSpec,
  id: string,
  context: Context,
): { from: Entry; to: Entry } | undefined {
  const from = context.beforeAll.get(spec.kind)?.get(id);
  const to = context.afterAll.get(spec.kind)?.get(id);
  return from && to && from.parent !== to.parent ? { from, to } : undefined;
}

/**
 * Diffs a list keyed by id: removed elements first (old order), then in the new order each added,
 * moved or edited element. A reordering reports only the elements outside the longest run kept in
 * order, so one insertion does not make every later element "moved".
 */
function diffList(
  beforeValue: unknown,
  afterValue: unknown,
  spec: ListSpec,
  beforeParent: string,
  afterParent: string,
  context: Context,
  nested: boolean,
): void {
  const before = entriesOf(beforeValue, spec, beforeParent);
  const after = entriesOf(afterValue, spec, afterParent);
  const beforeById = new Map(before.map((entry) => [entry.id, entry]));
  const afterById = new Map(after.map((entry) => [entry.id, entry]));

  for (const entry of before) {
    if (afterById.has(entry.id)) continue;
    if (nested && movedAcrossParents(spec, entry.id, context)) continue; // reported where it went
    context.out.push({
      op: 'removed',
      path: elementPath(beforeParent, spec, entry.id),
      element: refOf(spec, entry.id, entry.element),
      before: asJson(entry.element),
    });
  }

  const commonBefore = before.filter((entry) => afterById.has(entry.id)).map((entry) => entry.id);
  const commonAfter = after.filter((entry) => beforeById.has(entry.id)).map((entry) => entry.id);
  const inOrder = new Set(longestCommonSubsequence(commonBefore, commonAfter).map(([i]) => commonBefore[i]!));

  for (const entry of after) {
    const path = elementPath(afterParent, spec, entry.id);
    const element = refOf(spec, entry.id, entry.element);
    const previous = beforeById.get(entry.id);
    if (previous) {
      if (!inOrder.has(entry.id)) {
        context.out.push({ op: 'moved', path, element, before: position(previous), after: position(entry) });
      }
      diffElement(previous, entry, spec, path, context);
      continue;
    }
    const moved = nested ? movedAcrossParents(spec, entry.id, context) : undefined;
    if (moved) {
      context.out.push({
        op: 'moved',
        path,
        element,
        before: position(moved.from),
        after: position(moved.to),
      });
      diffElement(moved.from, entry, spec, path, context);
      continue;
    }
    context.out.push({ op: 'added', path, element, after: asJson(entry.element) });
  }
}

/** The document's kind when it is one of ours (own property only: `constructor` is no kind). */
function kindOf(document: Record<string, unknown>): PolicyKind | undefined {
  const kind = ownValue(document, 'kind');
  return typeof kind === 'string' && Object.hasOwn(LISTS, kind) ? (kind as PolicyKind) : undefined;
}

/**
 * A structured, semantic diff of two versions of a policy document — what compliance reads when
 * reviewing a change. Elements are matched by id (grades by `grade`, category caps by `category`),
 * never by position, and every change carries a stable id-based path:
 *
 * - an element `added` or `removed` (with the whole element), or `moved` (with its old and new
 *   position; a checklist item moved to another section is one `moved`, not a remove and an add);
 * - a field `changed`, down to the leaf (`points.value`, `rectification.deadlineDays`, `title.en`);
 * - a condition changed at its smallest node: `condition.all[0].value` 95 → 97 with the `fact` it
 *   tests; a condition added to or removed from an `all` / `any`.
 *
 * Documents of different kinds give one `changed` of `$.kind` followed by every element removed and
 * added. Pure and deterministic; never throws, even on documents that do not validate.
 *
 * @example
 * diffDocuments(v1, v2)
 * // [{ op: 'changed', path: '$.lines[id=complaints].points.value', field: 'points.value',
 * //    element: { kind: 'line', id: 'complaints', title: {…} }, before: 2, after: 3 }]
 */
export function diffDocuments(before: PolicyDocument, after: PolicyDocument): DocumentChange[] {
  const b: unknown = before;
  const a: unknown = after;
  const out: DocumentChange[] = [];
  if (!isPlainObject(b) || !isPlainObject(a)) return out;
  const bKind = kindOf(b);
  const aKind = kindOf(a);
  const document: DocumentElementRef = { kind: 'document', id: String(aKind ?? bKind ?? 'document') };

  // Also when neither kind is one of ours: a document of kind "x" is not one of kind "y".
  diffValue(ownValue(b, 'kind'), ownValue(a, 'kind'), '$.kind', 'kind', document, out);
  if (bKind !== aKind) {
    const context: Context = { out, beforeAll: new Map(), afterAll: new Map() };
    for (const spec of bKind ? LISTS[bKind] : [])
      diffList(ownValue(b, spec.key), undefined, spec, '$', '$', context, false);
    for (const spec of aKind ? LISTS[aKind] : [])
      diffList(undefined, ownValue(a, spec.key), spec, '$', '$', context, false);
    return out;
  }

  const specs = bKind ? LISTS[bKind] : [];
  const context: Context = { out, beforeAll: new Map(), afterAll: new Map() };
  collect(b, specs, '$', context.beforeAll, false);
  collect(a, specs, '$', context.afterAll, false);
  const listKeys = new Set(['kind', ...specs.map((spec) => spec.key)]);
  for (const key of orderedKeys(b, a, listKeys))
    diffValue(ownValue(b, key), ownValue(a, key), `$.${key}`, key, document, out);
  for (const spec of specs)
    diffList(ownValue(b, spec.key), ownValue(a, spec.key), spec, '$', '$', context, false);
  return out;
}
