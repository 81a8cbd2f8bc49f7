// What differs between two outcomes of one policy: the values that changed, each named by a JSON
// path in which list elements with an `id` (targets, items, lines, requirements, actions) are named
// by it — `$.lines[complaints].points` — so that a change reads the same wherever the element sits.
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

const idOf = (value: JsonValue): string | undefined =>
  isObject(value) && typeof value.id === 'string'
    ? value.id
    : isObject(value) && typeof value.itemId === 'string'
      ? value.itemId
      : isObject(value) && typeof value.requirementId === 'string'
        ? value.requirementId
        : undefined;

function walk(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path: string,
  out: OutcomeChange[],
  limit: number,
): void {
  if (out.length >= limit) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    const ids = before.map(idOf);
    const keyed = ids.every((id) => id !== undefined) && after.every((v) => idOf(v) !== undefined);
    if (keyed) {
      const afterById = new Map(after.map((v) => [idOf(v)!, v]));
      const seen = new Set<string>();
      for (const element of before) {
        const id = idOf(element)!;
        seen.add(id);
        walk(element, afterById.get(id), `${path}[${id}]`, out, limit);
      }
      for (const element of after)
        if (!seen.has(idOf(element)!)) walk(undefined, element, `${path}[${idOf(element)!}]`, out, limit);
      return;
    }
    if (
      before.every((v) => !isObject(v) && !Array.isArray(v)) &&
      after.every((v) => !isObject(v) && !Array.isArray(v))
    ) {
      if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, before, after });
      return;
    }
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i += 1) walk(before[i], after[i], `${path}[${i}]`, out, limit);
    return;
  }
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) {
      if (TEXT_KEYS.has(key)) continue;
      walk(before[key], after[key], `${path}.${key}`, out, limit);
    }
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, before, after });
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
  walk(before, after, '$', out, limit);
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
