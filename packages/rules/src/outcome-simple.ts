import type {
  ChecklistDocument,
  EscalationDocument,
  JsonValue,
  OutcomeOf,
  RulesetDocument,
  StandardDocument,
} from '@precept/schema';
import { formatDay, instantAfterHours } from './calendar-dates.js';
import { compileFactReader, type FactReader } from './fact-reader.js';
import { roundPercent, roundPoints, type OutcomeInput } from './outcome-context.js';
import type { FactRead, RuleSpec } from './rule-spec.js';

/** The key under which a standard's `actual` lists a fact value: `fact`, or `fact.a.b[0]` with a path. */
function actualKey(read: FactRead): string {
  return read.path === undefined ? read.fact : `${read.fact}${read.path.slice(1)}`;
}

/** Per rule, the facts its conditions read (fact references included), keyed for `actual`. */
export function compileActualReaders(rule: RuleSpec): [string, FactReader][] {
  const readers = new Map<string, FactReader>();
  for (const leaf of rule.leaves) {
    for (const read of leaf.reference === undefined ? [leaf.read] : [leaf.read, leaf.reference]) {
      const key = actualKey(read);
      if (!readers.has(key)) readers.set(key, compileFactReader(read));
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
  const { results, facts } = input;
  let metCount = 0;
  const targets = document.targets.map((target, index) => {
    const met = results[index] === true;
    if (met) metCount += 1;
    const actual: Record<string, JsonValue> = {};
    for (const [key, read] of actualReaders[index] ?? []) {
      const value = read(facts);
      if (value !== undefined) actual[key] = value as JsonValue;
    }
    return { id: target.id, title: target.title, met, severity: target.severity, actual };
  });
  return { kind: 'standard', met: metCount === targets.length, metCount, targets };
}

/**
 * Outcome of a `checklist`: an item's points are awarded when its condition holds; the percent is
 * rounded to two decimals and the inspection passes when that percent reaches `passPercent` and no
 * critical item failed. Each failed item generates its rectification action, due `deadlineDays`
 * after the as-of date.
 */
export function buildChecklistOutcome(
  document: ChecklistDocument,
  input: OutcomeInput,
): OutcomeOf<'checklist'> {
  const { results, asOf } = input;
  const items: OutcomeOf<'checklist'>['items'] = [];
  const sections: OutcomeOf<'checklist'>['sections'] = [];
  const failedItems: string[] = [];
  const criticalFailures: string[] = [];
  const actions: OutcomeOf<'checklist'>['actions'] = [];
  let score = 0;
  let maxScore = 0;
  let index = 0;
  for (const section of document.sections) {
    let sectionScore = 0;
    let sectionMax = 0;
    for (const item of section.items) {
      const passed = results[index] === true;
      index += 1;
      const awarded = passed ? item.points : 0;
      sectionScore += awarded;
      sectionMax += item.points;
      items.push({
        id: item.id,
        sectionId: section.id,
        passed,
        points: item.points,
        awarded,
        critical: item.critical,
      });
      if (!passed) {
        failedItems.push(item.id);
        if (item.critical) criticalFailures.push(item.id);
        actions.push({
          itemId: item.id,
          title: item.title,
          owner: item.rectification.owner,
          dueDate: formatDay(asOf.day + item.rectification.deadlineDays),
        });
      }
    }
    sections.push({ id: section.id, score: roundPoints(sectionScore), maxScore: roundPoints(sectionMax) });
    score += sectionScore;
    maxScore += sectionMax;
  }
  score = roundPoints(score);
  maxScore = roundPoints(maxScore);
  const percent = maxScore > 0 ? roundPercent((score / maxScore) * 100) : 0;
  const passed = percent >= document.passPercent && criticalFailures.length === 0;
  return {
    kind: 'checklist',
    score,
    maxScore,
    percent,
    passed,
    sections,
    items,
    failedItems,
    criticalFailures,
    actions,
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

/** Outcome of a `ruleset`: events of the rules that held, higher priority first, then document order. */
export function buildRulesetOutcome(document: RulesetDocument, input: OutcomeInput): OutcomeOf<'ruleset'> {
  const { results } = input;
  const fired = document.rules
    .map((rule, index) => ({ rule, index }))
    .filter(({ index }) => results[index] === true)
    .sort((a, b) => b.rule.priority - a.rule.priority || a.index - b.index);
  return {
    kind: 'ruleset',
    events: fired.map(({ rule }) => ({
      ruleId: rule.id,
      type: rule.event.type,
      ...(rule.event.params === undefined ? {} : { params: rule.event.params }),
    })),
  };
}
