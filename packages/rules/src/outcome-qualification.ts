import type { OutcomeOf, QualificationDocument, Requirement } from '@precept/schema';
import { addMonths, formatDay, parseDay } from './calendar-dates.js';
import type { Facts } from './fact-reader.js';
import type { OutcomeInput } from './outcome-context.js';

type RequirementOutcome = OutcomeOf<'qualification'>['requirements'][number];
type RecordRequirement = Exclude<Requirement, { type: 'condition' }>;

/** The post named by the facts, and its index in the document (-1 when it is not there). */
export function findPost(
  document: QualificationDocument,
  facts: Facts,
): { post: string | null; index: number } {
  const value = Object.hasOwn(facts, document.facts.post) ? facts[document.facts.post] : undefined;
  if (typeof value !== 'string') return { post: null, index: -1 };
  return { post: value, index: document.posts.findIndex((post) => post.id === value) };
}

function recordsOf(facts: Facts, name: string): Record<string, unknown>[] {
  const value = Object.hasOwn(facts, name) ? facts[name] : undefined;
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object');
}

/** One record considered for a requirement. */
interface Candidate {
  /** Day it was obtained (issued, taken, completed). */
  from: number;
  /** First day it no longer counts; undefined: never. */
  until: number | undefined;
  level: number | undefined;
}

/** The record requirement's noun in details (shared with `outcome-compact.ts`, which reads them back). */
export const NOUN = { certificate: 'certificate', skillTest: 'skill test', training: 'training' } as const;
const DATE_FIELD = { certificate: 'issuedOn', skillTest: 'takenOn', training: 'completedOn' } as const;
/** How a record was obtained, in details. */
export const VERB = { certificate: 'issued', skillTest: 'taken', training: 'completed' } as const;
const ROLE = { certificate: 'certificates', skillTest: 'skillTests', training: 'trainings' } as const;

function candidatesOf(
  requirement: RecordRequirement,
  records: readonly Record<string, unknown>[],
): Candidate[] {
  const out: Candidate[] = [];
  for (const record of records) {
    if (record.code !== requirement.code) continue;
    const from = parseDay(record[DATE_FIELD[requirement.type]]);
    if (Number.isNaN(from)) continue;
    let until =
      requirement.maxAgeMonths === undefined ? undefined : addMonths(from, requirement.maxAgeMonths);
    if (requirement.type === 'certificate' && record.expiresOn !== undefined && record.expiresOn !== null) {
      const expires = parseDay(record.expiresOn);
      if (Number.isNaN(expires)) continue;
      until = until === undefined ? expires : Math.min(until, expires);
    }
    const level = typeof record.level === 'number' ? record.level : undefined;
    out.push({ from, until, level });
  }
  return out;
}

/** Why a candidate does not count on `day`, or undefined when it does. */
function flaw(requirement: RecordRequirement, candidate: Candidate, day: number): string | undefined {
  const noun = `${NOUN[requirement.type]} ${requirement.code}`;
  const obtained = `${VERB[requirement.type]} ${formatDay(candidate.from)}`;
  if (
    requirement.type === 'skillTest' &&
    !(candidate.level !== undefined && candidate.level >= requirement.minLevel)
  ) {
    return `${noun} ${obtained} is at level ${candidate.level ?? 'unknown'}, below the required ${requirement.minLevel}`;
  }
  if (candidate.from > day) return `${noun} is ${obtained}, after the as-of date`;
  if (candidate.until !== undefined && day >= candidate.until) {
    return `${noun} ${obtained} stopped counting on ${formatDay(candidate.until)}`;
  }
  return undefined;
}

/** Later expiry is better (none is best); then a higher level; then the earlier record. */
function isBetter(a: Candidate, b: Candidate): boolean {
  const untilA = a.until ?? Infinity;
  const untilB = b.until ?? Infinity;
  if (untilA !== untilB) return untilA > untilB;
  return (a.level ?? -Infinity) > (b.level ?? -Infinity);
}

function judgeRecords(
  requirement: RecordRequirement,
  facts: Facts,
  document: QualificationDocument,
  day: number,
): RequirementOutcome {
  const base = { id: requirement.id, title: requirement.title, type: requirement.type };
  const noun = `${NOUN[requirement.type]} ${requirement.code}`;
  const candidates = candidatesOf(requirement, recordsOf(facts, document.facts[ROLE[requirement.type]]));
  let best: Candidate | undefined;
  for (const candidate of candidates) {
    if (flaw(requirement, candidate, day) === undefined && (best === undefined || isBetter(candidate, best)))
      best = candidate;
  }
  if (best !== undefined) {
    const level = requirement.type === 'skillTest' ? ` at level ${best.level ?? 'unknown'}` : '';
    const validity = best.until === undefined ? 'with no expiry' : `valid until ${formatDay(best.until)}`;
    return {
      ...base,
      met: true,
      detail: `${noun}${level} ${VERB[requirement.type]} ${formatDay(best.from)}, ${validity}`,
      ...(best.until === undefined ? {} : { validUntil: formatDay(best.until) }),
    };
  }
  if (candidates.length === 0) return { ...base, met: false, detail: `no ${noun} on record` };
  // Explain with the most recent record.
  const latest = candidates.reduce((a, b) => (b.from > a.from ? b : a));
  return { ...base, met: false, detail: flaw(requirement, latest, day) ?? `no valid ${noun}` };
}

/**
 * Outcome of a `qualification`: the employee's post (from the `post` fact) and each of its
 * requirements. A record requirement is met by a record with its `code` obtained on or before the
 * as-of date that still counts on it: `validUntil` is the earlier of `expiresOn` (certificates) and
 * the obtained date + `maxAgeMonths`, and is the first day it no longer counts. A skill test also
 * needs `level ≥ minLevel`. The best record counts (latest validUntil, then highest level). A met
 * requirement whose validUntil is at most `warnWithinDays` after the as-of date gives a warning.
 * Condition requirements are the rule results.
 */
export function buildQualificationOutcome(
  document: QualificationDocument,
  input: OutcomeInput,
): OutcomeOf<'qualification'> {
  const { facts, asOf, rules, results } = input;
  const { post, index } = findPost(document, facts);
  const found = index >= 0 ? document.posts[index] : undefined;
  if (found === undefined)
    return { kind: 'qualification', post, qualified: false, requirements: [], warnings: [] };
  const ruleResults = new Map<number, boolean>();
  rules.forEach((rule, position) => ruleResults.set(rule.requirementIndex, results[position] === true));
  const warnings: OutcomeOf<'qualification'>['warnings'] = [];
  const requirements = found.requirements.map((requirement, requirementIndex): RequirementOutcome => {
    if (requirement.type === 'condition') {
      const met = ruleResults.get(requirementIndex) === true;
      return {
        id: requirement.id,
        title: requirement.title,
        type: 'condition',
        met,
        detail: met ? 'condition met' : 'condition not met',
      };
    }
    const outcome = judgeRecords(requirement, facts, document, asOf.day);
    if (outcome.met && outcome.validUntil !== undefined) {
      const daysLeft = parseDay(outcome.validUntil) - asOf.day;
      if (daysLeft <= document.warnWithinDays) {
        warnings.push({
          requirementId: requirement.id,
          message: `${NOUN[requirement.type]} ${requirement.code} stops counting on ${outcome.validUntil}, in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`,
          validUntil: outcome.validUntil,
        });
      }
    }
    return outcome;
  });
  return {
    kind: 'qualification',
    post,
    qualified: requirements.every((requirement) => requirement.met),
    requirements,
    warnings,
  };
}
