// The diff of two condition trees: a changed threshold is reported as the one leaf that changed
// (`condition.all[0].value: 95 → 97`), not as two whole trees.
import type { DocumentChange, DocumentElementRef, JsonValue } from '@precept/schema';
import { isDeepEqual, isPlainObject, longestCommonSubsequence, ownValue, stableKey } from './json-compare.js';

type NodeKind = 'all' | 'any' | 'not' | 'leaf' | 'other';

/** The leaf fields in the order a reader wants them: what is tested, how, against what. */
const LEAF_FIELDS = ['fact', 'path', 'operator', 'value', 'params'];

function kindOf(node: unknown): NodeKind {
  if (!isPlainObject(node)) return 'other';
  if (Array.isArray(ownValue(node, 'all'))) return 'all';
  if (Array.isArray(ownValue(node, 'any'))) return 'any';
  if (Object.hasOwn(node, 'not')) return 'not';
  if (typeof ownValue(node, 'fact') === 'string') return 'leaf';
  return 'other';
}

/** The fact a leaf tests, for the `fact` of a change. */
function factOf(node: unknown): string | undefined {
  const fact = isPlainObject(node) ? ownValue(node, 'fact') : undefined;
  return typeof fact === 'string' ? fact : undefined;
}

/** What makes two non-equal siblings the "same" condition edited rather than one removed and one added. */
function signatureOf(node: unknown): string {
  const kind = kindOf(node);
  return kind === 'leaf' ? `leaf:${factOf(node) ?? ''}` : kind;
}

/** Where a condition change is reported: absolute path, path relative to the element, the element. */
export interface ConditionDiffTarget {
  path: string;
  field: string;
  element: DocumentElementRef;
}

function change(
  op: DocumentChange['op'],
  target: ConditionDiffTarget,
  fact: string | undefined,
  before: unknown,
  after: unknown,
): DocumentChange {
  return {
    op,
    path: target.path,
    element: target.element,
    field: target.field,
    ...(fact === undefined ? {} : { fact }),
    ...(before === undefined ? {} : { before: before as JsonValue }),
    ...(after === undefined ? {} : { after: after as JsonValue }),
  };
}

function child(target: ConditionDiffTarget, suffix: string): ConditionDiffTarget {
  return { path: `${target.path}${suffix}`, field: `${target.field}${suffix}`, element: target.element };
}

/**
 * Pairs the children of two `all` / `any` lists: equal children are anchored by a longest common
 * subsequence; between anchors, children testing the same fact (or of the same combinator) are
 * paired as edits, then the rest by position; what is left over was added or removed.
 */
function diffChildren(
  before: readonly unknown[],
  after: readonly unknown[],
  combinator: 'all' | 'any',
  target: ConditionDiffTarget,
  out: DocumentChange[],
): void {
  const anchors = longestCommonSubsequence(before.map(stableKey), after.map(stableKey));
  let bi = 0;
  let ai = 0;
  for (const [bAnchor, aAnchor] of [...anchors, [before.length, after.length] as [number, number]]) {
    const gapBefore: number[] = [];
    const gapAfter: number[] = [];
    for (; bi < bAnchor; bi += 1) gapBefore.push(bi);
    for (; ai < aAnchor; ai += 1) gapAfter.push(ai);
    const pairs: [number, number][] = [];
    const freeAfter = new Set(gapAfter);
    const unpaired: number[] = [];
    for (const b of gapBefore) {
      const match = gapAfter.find(
        (a) => freeAfter.has(a) && signatureOf(after[a]) === signatureOf(before[b]),
      );
      if (match === undefined) {
        unpaired.push(b);
      } else {
        freeAfter.delete(match);
        pairs.push([b, match]);
      }
    }
    const restAfter = gapAfter.filter((a) => freeAfter.has(a));
    const removed: number[] = [];
    unpaired.forEach((b, k) => {
      const a = restAfter[k];
      if (a === undefined) removed.push(b);
      else {
        pairs.push([b, a]);
        freeAfter.delete(a);
      }
    });
    for (const b of removed) {
      out.push(
        change('removed', child(target, `.${combinator}[${b}]`), factOf(before[b]), before[b], undefined),
      );
    }
    // Edits and additions in the order of the new version.
    for (const a of gapAfter) {
      const pair = pairs.find(([, pa]) => pa === a);
      if (pair) diffCondition(before[pair[0]], after[a], child(target, `.${combinator}[${a}]`), out);
      else
        out.push(
          change('added', child(target, `.${combinator}[${a}]`), factOf(after[a]), undefined, after[a]),
        );
    }
    bi = bAnchor + 1;
    ai = aAnchor + 1;
  }
}

/**
 * Appends to `out` the changes between two condition trees, reported at the smallest node that
 * changed: a leaf's `fact`, `path`, `operator`, `value` or `params`; a condition added to or removed
 * from an `all` / `any`; an `all` turned into an `any`; and only when the shapes differ entirely,
 * the two subtrees. Never throws.
 */
export function diffCondition(
  before: unknown,
  after: unknown,
  target: ConditionDiffTarget,
  out: DocumentChange[],
): void {
  if (isDeepEqual(before, after)) return;
  const bKind = kindOf(before);
  const aKind = kindOf(after);
  if (bKind === 'leaf' && aKind === 'leaf' && isPlainObject(before) && isPlainObject(after)) {
    const extra = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((key) => !LEAF_FIELDS.includes(key))
      .sort();
    const fact = factOf(after);
    for (const key of [...LEAF_FIELDS, ...extra]) {
      const was = ownValue(before, key);
      const is = ownValue(after, key);
      if (!isDeepEqual(was, is)) out.push(change('changed', child(target, `.${key}`), fact, was, is));
    }
    return;
  }
  if ((bKind === 'all' || bKind === 'any') && (aKind === 'all' || aKind === 'any')) {
    const b = ownValue(before as Record<string, unknown>, bKind) as unknown[];
    const a = ownValue(after as Record<string, unknown>, aKind) as unknown[];
    if (bKind !== aKind) out.push(change('changed', target, undefined, bKind, aKind));
    diffChildren(b, a, aKind, target, out);
    return;
  }
  if (bKind === 'not' && aKind === 'not' && isPlainObject(before) && isPlainObject(after)) {
    diffCondition(ownValue(before, 'not'), ownValue(after, 'not'), child(target, '.not'), out);
    return;
  }
  out.push(change('changed', target, factOf(after) ?? factOf(before), before, after));
}
