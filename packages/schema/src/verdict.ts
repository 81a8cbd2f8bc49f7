import type { PolicyDocument } from './document.js';
import type { Outcome } from './outcome.js';

/** Longest verdict: a ruleset's event type is at most 100 characters. */
const MAX_VERDICT = 100;

/**
 * An outcome in one word, as the decision log stores and filters it: `met` / `not-met` (standard),
 * `passed` / `failed` (checklist), the grade or `no-grade` (scorecard), `qualified` /
 * `not-qualified` (qualification), the level id or `none` (escalation), the first fired event's
 * type or `none` (ruleset).
 *
 * @example
 * verdictOf({ kind: 'scorecard', grade: 'B', … }) // 'B'
 */
export function verdictOf(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'standard':
      return outcome.met ? 'met' : 'not-met';
    case 'checklist':
      return outcome.passed ? 'passed' : 'failed';
    case 'scorecard':
      return outcome.grade ?? 'no-grade';
    case 'qualification':
      return outcome.qualified ? 'qualified' : 'not-qualified';
    case 'escalation':
      return outcome.level ?? 'none';
    case 'ruleset':
      return (outcome.events[0]?.type ?? 'none').slice(0, MAX_VERDICT);
  }
}

/** Every verdict a document's outcomes can have, in a natural order (best first where there is one). */
export function verdictsOf(document: PolicyDocument): string[] {
  switch (document.kind) {
    case 'standard':
      return ['met', 'not-met'];
    case 'checklist':
      return ['passed', 'failed'];
    case 'scorecard':
      return [...document.grades.map((band) => band.grade), 'no-grade'];
    case 'qualification':
      return ['qualified', 'not-qualified'];
    case 'escalation':
      return [...document.levels.map((level) => level.id), 'none'];
    case 'ruleset':
      return [...new Set(document.rules.map((rule) => rule.event.type.slice(0, MAX_VERDICT))), 'none'];
  }
}
