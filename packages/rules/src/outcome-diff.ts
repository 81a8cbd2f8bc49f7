// What differs between two outcomes of one policy: the values that changed, each named by a JSON
// path in which list elements with an `id` (targets, items, lines, requirements, actions), and a
// scorecard's categories, are named by it — `$.lines[complaints].points`,
// `$.categories[customer].points` — so that a change reads the same wherever the element sits.
import type { JsonValue, Outcome } from '@precept/schema';

/** One value that differs. `undefined` stands for absent on that side. */
export interface OutcomeChange {
  path: string;
  before: JsonValue | undefined;
  after: JsonValue | undefined;
}

/** Titles, reasons and labels repeat the document, not the decision: leave them out of a diff. */
const TEXT_KEYS = new Set(['title', 'reason', 'gradeLabel', 'detail', 'message']);

const isObject = (value: unknown): value is Record<string, JsonValue> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const idOf = (value: JsonValue | undefined): string | undefined => {
  if (!isObject(value)) return undefined;
  const { id, itemId, requirementId, category } = value;
  return typeof id === 'string'
    ? id
    : typeof itemId === 'string'
      ? itemId
      : typeof requirementId === 'string'
        ? requirementId
        : typeof category === 'string'
          ? category
          : undefined;
};

/** The ids of every element, or undefined when one has none. */
function idsOf(list: readonly JsonValue[]): string[] | undefined {
  const ids: string[] = [];
  for (const element of list) {
    const id = idOf(element);
    if (id === undefined) return undefined;
    ids.push(id);
  }
  return ids;
}

const isScalar = (value: JsonValue | undefined): boolean => value === null || typeof value !== 'object';

/** True when two lists of scalars hold the same values in the same order. */
function sameScalars(before: readonly JsonValue[], after: readonly JsonValue[]): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < before.length; i += 1) if (before[i] !== after[i]) return false;
  return true;
}

/**
 * True when the diff of two values is empty: the same shape and the same scalars, titles and
 * explanations aside, list elements compared by position. It allocates nothing and stops at the
 * first difference: most re-evaluated decisions do not change, and this is all they cost.
 */
function isSame(before: JsonValue | undefined, after: JsonValue | undefined): boolean {
  if (before === after) return true;
  if (before === null || after === null || typeof before !== 'object' || typeof after !== 'object') return false;
  if (Array.isArray(before)) {
    if (!Array.isArray(after) || before.length !== after.length) return false;
    for (let i = 0; i < before.length; i += 1) {
      const b = before[i];
      const a = after[i];
      if (b !== a && !isSame(b, a)) return false;
    }
    return true;
  }
  if (Array.isArray(after)) return false;
  // `shared` counts the keys of `after` with a value that `before` has too; when every key of
  // `after` with a value is one of them, no key is new and there is nothing more to look at.
  let shared = 0;
  for (const key in before) {
    const b = before[key];
    const a = after[key];
    if (a !== undefined) shared += 1;
    if (b !== a && !TEXT_KEYS.has(key) && !isSame(b, a)) return false;
  }
  let defined = 0;
  for (const key in after) if (after[key] !== undefined) defined += 1;
  if (defined === shared) return true;
  for (const key in after) {
    if (!TEXT_KEYS.has(key) && !Object.hasOwn(before, key) && after[key] !== undefined) return false;
  }
  return true;
}

/** True when both lists name the same ids in the same order. */
function sameIds(before: readonly string[], after: readonly string[]): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < before.length; i += 1) if (before[i] !== after[i]) return false;
  return true;
}

// Walked for the re-evaluated decisions of an impact analysis that changed: list elements only when
// they differ ({@link isSame} first), so a path string is built and keys are sorted only near a change.
function walk(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path: string,
  out: OutcomeChange[],
  limit: number,
): void {
  if (out.length >= limit) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeIds = idsOf(before);
    const afterIds = beforeIds === undefined ? undefined : idsOf(after);
    if (beforeIds !== undefined && afterIds !== undefined) {
      if (sameIds(beforeIds, afterIds)) {
        for (let i = 0; i < before.length; i += 1)
          if (!isSame(before[i], after[i])) walk(before[i], after[i], `${path}[${beforeIds[i]!}]`, out, limit);
        return;
      }
      const afterById = new Map<string, JsonValue>();
      for (let i = 0; i < after.length; i += 1) afterById.set(afterIds[i]!, after[i]!);
      const seen = new Set(beforeIds);
      for (let i = 0; i < before.length; i += 1) {
        const match = afterById.get(beforeIds[i]!);
        if (!isSame(before[i], match)) walk(before[i], match, `${path}[${beforeIds[i]!}]`, out, limit);
      }
      for (let i = 0; i < after.length; i += 1)
        if (!seen.has(afterIds[i]!)) walk(undefined, after[i], `${path}[${afterIds[i]!}]`, out, limit);
      return;
    }
    if (before.every(isScalar) && after.every(isScalar)) {
      if (!sameScalars(before, after)) out.push({ path, before, after });
      return;
    }
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i += 1) if (!isSame(before[i], after[i])) walk(before[i], after[i], `${path}[${i}]`, out, limit);
    return;
  }
  if (isObject(before) && isObject(after)) {
    // Only the keys whose values are not one and the same, in key order (a list or object is
    // compared as it is walked: comparing it first would go through it twice).
    const keys: string[] = [];
    for (const key in before) if (before[key] !== after[key] && !TEXT_KEYS.has(key)) keys.push(key);
    for (const key in after) {
      if (!Object.hasOwn(before, key) && after[key] !== undefined && !TEXT_KEYS.has(key)) keys.push(key);
    }
    keys.sort();
    for (const key of keys) walk(before[key], after[key], `${path}.${key}`, out, limit);
    return;
  }
  // Different scalars, or values of different shapes.
  out.push({ path, before, after });
}

/**
 * The values that differ between two outcomes (at most `limit`, default 100), titles and
 * explanations left out; empty when they decide alike.
 *
 * @example
 * diffOutcomes(before, after) // [{ path: '$.total', before: 92, after: 88.5 }, { path: '$.grade', … }]
 */
export function diffOutcomes(before: Outcome, after: Outcome, limit = 100): OutcomeChange[] {
  const out: OutcomeChange[] = [];
  if (!isSame(before, after)) walk(before, after, '$', out, limit);
  return out;
}

/** The numbers of an outcome worth a distribution: a scorecard's total, a checklist's score and percent, a standard's targets met, an escalation's severity. */
export function outcomeNumbers(outcome: Outcome): Record<string, number> {
  switch (outcome.kind) {
    case 'scorecard':
      return { total: outcome.total };
    case 'checklist':
      return { score: outcome.score, percent: outcome.percent };
    case 'standard':
      return { metCount: outcome.metCount };
    case 'escalation':
      return outcome.severity === null ? {} : { severity: outcome.severity };
    case 'qualification':
      return { requirementsMet: outcome.requirements.filter((r) => r.met).length };
    case 'ruleset':
      return { events: outcome.events.length };
  }
}

/** The elements of an outcome (targets, items, lines, requirements) and whether each holds. */
export function outcomeElements(outcome: Outcome): { id: string; holds: boolean }[] {
  switch (outcome.kind) {
    case 'standard':
      return outcome.targets.map((t) => ({ id: t.id, holds: t.met }));
    case 'checklist':
      return outcome.items.map((i) => ({ id: i.id, holds: i.passed }));
    case 'scorecard':
      return outcome.lines.map((l) => ({ id: l.id, holds: l.fired }));
    case 'qualification':
      return outcome.requirements.map((r) => ({ id: r.id, holds: r.met }));
    case 'escalation':
      return outcome.level === null ? [] : [{ id: outcome.level, holds: true }];
    case 'ruleset':
      return outcome.events.map((e) => ({ id: e.ruleId, holds: true }));
  }
}
