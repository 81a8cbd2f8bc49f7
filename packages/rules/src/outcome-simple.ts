import type {
  ChecklistDocument,
  EscalationDocument,
  JsonValue,
  OutcomeOf,
  RulesetDocument,
  StandardDocument,
} from '@precept/schema';
import { formatDay, instantAfterHours } from './calendar-dates.js';
import { compileFactReader, type FactReader, type FieldIndex } from './fact-reader.js';
import { roundPercent, roundPoints, type OutcomeInput } from './outcome-context.js';
import type { FactRead, RuleSpec } from './rule-spec.js';

/** The key under which a standard's `actual` lists a fact value: `fact`, or `fact.a.b[0]` with a path. */
function actualKey(read: FactRead): string {
  return read.path === undefined ? read.fact : `${read.fact}${read.path.slice(1)}`;
}

/** Per rule, the facts its conditions read (fact references included), keyed for `actual`. */
export function compileActualReaders(rule: RuleSpec, fieldIndex: FieldIndex): [string, FactReader][] {
  const readers = new Map<string, FactReader>();
  for (const leaf of rule.leaves) {
    for (const read of leaf.reference === undefined ? [leaf.read] : [leaf.read, leaf.reference]) {
      const key = actualKey(read);
      if (!readers.has(key)) readers.set(key, compileFactReader(read, fieldIndex));
    }
  }
  return [...readers];
}

/** Outcome of a `standard`: each target met or not, with the values its conditions read. */
export function buildStandardOutcome(
  document: StandardDocument,
  input: OutcomeInput,
  actualReaders: readonly (readonly [string, FactReader][])[],
): OutcomeOf<'standard'> {
  const { results, values } = input;
  let metCount = 0;
  const targets = document.targets.map((target, index) => {
    const met = results[index] === true;
    if (met) metCount += 1;
    const actual: Record<string, JsonValue> = {};
    for (const [key, read] of actualReaders[index] ?? []) {
      const value = read(values);
      if (value !== undefined) actual[key] = value as JsonValue;
    }
    return { id: target.id, title: target.title, met, severity: target.severity, actual };
  });
  return { kind: 'standard', met: metCount === targets.length, metCount, targets };
}

type ChecklistItemOutcome = OutcomeOf<'checklist'>['items'][number];

/**
 * Compiles the outcome builder of a `checklist`: an item's points are awarded when its condition
 * holds; the percent is rounded to two decimals and the inspection passes when that percent
 * reaches `passPercent` and no critical item failed. Each failed item generates its rectification
 * action, due `deadlineDays` after the as-of date. The per-item entries do not depend on the facts
 * beyond passed/failed, so both forms are built once and shared (frozen) by every outcome.
 */
export function compileChecklistBuilder(
  document: ChecklistDocument,
): (input: OutcomeInput) => OutcomeOf<'checklist'> {
  const items = document.sections.flatMap((section) =>
    section.items.map((item) => {
      const entry = { id: item.id, sectionId: section.id, points: item.points, critical: item.critical };
      return {
        item,
        passed: Object.freeze<ChecklistItemOutcome>({ ...entry, passed: true, awarded: item.points }),
        failed: Object.freeze<ChecklistItemOutcome>({ ...entry, passed: false, awarded: 0 }),
      };
    }),
  );
  const sectionSizes = document.sections.map((section) => section.items.length);
  const maxScores = document.sections.map((section) =>
    roundPoints(section.items.reduce((sum, item) => sum + item.points, 0)),
  );
  const maxScore = roundPoints(maxScores.reduce((sum, points) => sum + points, 0));
  return ({ results, asOf }) => {
    const outcomes = new Array<ChecklistItemOutcome>(items.length);
    const sections: OutcomeOf<'checklist'>['sections'] = [];
    const failedItems: string[] = [];
    const criticalFailures: string[] = [];
    const actions: OutcomeOf<'checklist'>['actions'] = [];
    let score = 0;
    let index = 0;
    document.sections.forEach((section, sectionIndex) => {
      let sectionScore = 0;
      for (let end = index + sectionSizes[sectionIndex]!; index < end; index += 1) {
        const { item, passed, failed } = items[index]!;
        if (results[index] === true) {
          outcomes[index] = passed;
          sectionScore += item.points;
          continue;
        }
        outcomes[index] = failed;
        failedItems.push(item.id);
        if (item.critical) criticalFailures.push(item.id);
        actions.push({
          itemId: item.id,
          title: item.title,
          owner: item.rectification.owner,
          dueDate: formatDay(asOf.day + item.rectification.deadlineDays),
        });
      }
      sections.push({ id: section.id, score: roundPoints(sectionScore), maxScore: maxScores[sectionIndex]! });
      score += sectionScore;
    });
    score = roundPoints(score);
    const percent = maxScore > 0 ? roundPercent((score / maxScore) * 100) : 0;
    const passed = percent >= document.passPercent && criticalFailures.length === 0;
    return {
      kind: 'checklist',
      score,
      maxScore,
      percent,
      passed,
      sections,
      items: outcomes,
      failedItems,
      criticalFailures,
      actions,
    };
  };
}

/** Outcome of an `escalation`: the first level (document order) whose condition holds. */
export function buildEscalationOutcome(
  document: EscalationDocument,
  input: OutcomeInput,
): OutcomeOf<'escalation'> {
  const { results, asOf } = input;
  const index = results.findIndex((result) => result);
  const level = index >= 0 ? document.levels[index] : undefined;
  if (level === undefined) {
    return {
      kind: 'escalation',
      level: null,
      title: null,
      severity: null,
      reportTo: [],
      authority: null,
      respondBy: null,
      actions: [],
    };
  }
  return {
    kind: 'escalation',
    level: level.id,
    title: level.title,
    severity: level.severity,
    reportTo: [...level.reportTo],
    authority: level.authority,
    respondBy: instantAfterHours(asOf.ms, level.responseHours),
    actions: level.actions.map((action) => ({
      id: action.id,
      title: action.title,
      owner: action.owner,
      dueBy: instantAfterHours(asOf.ms, action.deadlineHours),
    })),
  };
}

/**
 * Compiles the outcome builder of a `ruleset`: the events of the rules that held, higher priority
 * first, then document order. The event entries are built once and shared (frozen).
 */
export function compileRulesetBuilder(
  document: RulesetDocument,
): (input: OutcomeInput) => OutcomeOf<'ruleset'> {
  type Event = OutcomeOf<'ruleset'>['events'][number];
  const order = document.rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => b.rule.priority - a.rule.priority || a.index - b.index)
    .map(({ rule, index }) => ({
      index,
      event: Object.freeze<Event>({
        ruleId: rule.id,
        type: rule.event.type,
        ...(rule.event.params === undefined ? {} : { params: rule.event.params }),
      }),
    }));
  return ({ results }) => {
    const events: Event[] = [];
    for (const { index, event } of order) if (results[index] === true) events.push(event);
    return { kind: 'ruleset', events };
  };
}
