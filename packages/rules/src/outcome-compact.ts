// Compact outcomes: what varies per decision, without the static text of the version's document
// (schema: packages/schema/src/outcome-compact.ts; decision: docs/adr/2026-12-07-compact-outcomes.md).
// `compactOutcome` drops the text; `expandOutcome` joins a compact outcome with the document into
// the full outcome the evaluator builds, equal to it member for member (and so with the same
// canonical JSON and hash) — the property test over the default policies and generated ones holds
// the two to that.
import type {
  CompactOutcome,
  CompactOutcomeOf,
  DocumentOf,
  JsonObject,
  Outcome,
  OutcomeOf,
  PolicyDocument,
  Requirement,
  ScorecardLine,
} from '@precept/schema';
import { applyFactPath } from './fact-path.js';
import { roundPoints } from './outcome-context.js';
import { NOUN, VERB } from './outcome-qualification.js';
import { formatNumber } from './outcome-scorecard.js';
import { toFactRead } from './rule-spec.js';

/** Thrown when a compact outcome does not fit the document it is joined with (or a full outcome cannot be compacted). */
export class OutcomeShapeError extends Error {
  override readonly name = 'OutcomeShapeError';
}

function mismatch(message: string): never {
  throw new OutcomeShapeError(message);
}

function sameKind<K extends PolicyDocument['kind']>(
  kind: K,
  document: PolicyDocument,
): asserts document is DocumentOf<K> {
  if (document.kind !== kind) mismatch(`a ${kind} outcome cannot join a ${document.kind} document`);
}

// ---------------------------------------------------------------- scorecard texts

type PerUnitPoints = Extract<ScorecardLine['points'], { mode: 'perUnit' }>;

/** What a per-unit line's fact reads in the facts (as the evaluator reads it), or undefined. */
function perUnitValue(facts: JsonObject, points: PerUnitPoints): number | undefined {
  const own = Object.prototype.propertyIsEnumerable.call(facts, points.fact) ? facts[points.fact] : undefined;
  const value = applyFactPath(own, toFactRead(points.fact, points.path).segments);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** How a per-unit line counted `value` (undefined: missing): its explanation, and its points before any cap. */
function countUnits(points: PerUnitPoints, value: number | undefined): { explanation: string; raw: number } {
  const subject = points.path === undefined ? points.fact : `${points.fact}${points.path.slice(1)}`;
  if (value === undefined) return { explanation: `no units: ${subject} is missing`, raw: 0 };
  const { above, below } = points;
  const step = points.step ?? 1;
  const distance = above !== undefined ? value - above : below !== undefined ? below - value : value;
  const units = distance > 0 ? Math.floor(distance / step + 1e-9) : 0;
  const threshold = above ?? below;
  const measured =
    threshold === undefined
      ? `${subject} ${formatNumber(value)}`
      : `${subject} ${formatNumber(value)} is ${formatNumber(Math.max(distance, 0))} ${above !== undefined ? 'above' : 'below'} ${formatNumber(threshold)}`;
  const per = step === 1 ? 'per unit' : `per ${formatNumber(step)}`;
  return {
    explanation: `${measured}: ${units} × ${formatNumber(points.value)} points ${per}`,
    raw: roundPoints(units * points.value),
  };
}

type LineOutcome = OutcomeOf<'scorecard'>['lines'][number];
type CompactLine = CompactOutcomeOf<'scorecard'>['lines'][number];

/** The full entry of a line that fired, from its compact entry. */
function firedLine(line: ScorecardLine, compact: CompactLine, categoryCap: number | undefined): LineOutcome {
  const verb = line.type === 'deduction' ? 'deducted' : 'added';
  let explanation: string;
  let notes = '';
  if (line.points.mode === 'fixed') explanation = `${formatNumber(line.points.value)} points`;
  else {
    const counted = countUnits(line.points, compact.value);
    explanation = counted.explanation;
    const lineCap = line.points.cap;
    if (compact.value !== undefined && lineCap !== undefined && counted.raw > lineCap) {
      notes = `; capped at ${formatNumber(lineCap)} by the line`;
    }
  }
  if (compact.categoryCapped === true) {
    if (categoryCap === undefined) mismatch(`line "${line.id}": category ${line.category} has no cap`);
    notes += `; capped at ${formatNumber(compact.points)} by category ${line.category} (at most ${formatNumber(categoryCap)})`;
  }
  const entry: LineOutcome = {
    id: line.id,
    title: line.title,
    type: line.type,
    category: line.category,
    fired: true,
    points: compact.points,
    capped: notes !== '',
    reason: `condition met: ${verb} ${formatNumber(compact.points)} (${explanation}${notes})`,
  };
  if (line.points.mode === 'perUnit') entry.units = compact.units ?? 0;
  return entry;
}

function expandScorecard(compact: CompactOutcomeOf<'scorecard'>, document: DocumentOf<'scorecard'>): OutcomeOf<'scorecard'> {
  const caps = new Map(document.categoryCaps.map((cap) => [cap.category, cap.max]));
  const labels = new Map((document.categories ?? []).map((category) => [category.id, category.label]));
  const categoryNames = [...new Set(document.lines.map((line) => line.category))];
  const used = new Map(categoryNames.map((name) => [name, 0]));
  const cappedCategories = new Set<string>();
  let next = 0;
  const lines = document.lines.map((line): LineOutcome => {
    const fired = compact.lines[next];
    if (fired === undefined || fired.id !== line.id) {
      const verb = line.type === 'deduction' ? 'deducted' : 'added';
      return {
        id: line.id,
        title: line.title,
        type: line.type,
        category: line.category,
        fired: false,
        points: 0,
        capped: false,
        reason: `condition not met: nothing ${verb}`,
      };
    }
    next += 1;
    used.set(line.category, roundPoints(used.get(line.category)! + fired.points));
    if (fired.categoryCapped === true) cappedCategories.add(line.category);
    return firedLine(line, fired, caps.get(line.category));
  });
  if (next !== compact.lines.length) {
    mismatch(`line "${compact.lines[next]!.id}" is not a line of the document (or not in its order)`);
  }
  let band = 0;
  while (band < document.grades.length && !(compact.total >= document.grades[band]!.minScore)) band += 1;
  const grade = document.grades[band];
  return {
    kind: 'scorecard',
    baseScore: document.baseScore,
    total: compact.total,
    deductions: compact.deductions,
    bonuses: compact.bonuses,
    lines,
    categories: categoryNames.map((name) => {
      const label = labels.get(name);
      return {
        category: name,
        ...(label === undefined ? {} : { label }),
        points: used.get(name)!,
        capped: cappedCategories.has(name),
      };
    }),
    grade: grade?.grade ?? null,
    gradeLabel: grade?.label ?? null,
  };
}

function compactScorecard(
  full: OutcomeOf<'scorecard'>,
  document: DocumentOf<'scorecard'>,
  facts: JsonObject,
): CompactOutcomeOf<'scorecard'> {
  const byId = new Map(document.lines.map((line) => [line.id, line]));
  const lines: CompactLine[] = [];
  for (const entry of full.lines) {
    if (!entry.fired) continue;
    const line = byId.get(entry.id) ?? mismatch(`line "${entry.id}" is not a line of the document`);
    const compact: CompactLine = { id: entry.id, points: entry.points };
    if (line.points.mode === 'perUnit') {
      compact.units = entry.units ?? 0;
      const value = perUnitValue(facts, line.points);
      if (value !== undefined) compact.value = value;
    }
    if (entry.reason.endsWith(` by category ${line.category} (at most ${formatNumber(capOf(document, line.category))}))`)) {
      compact.categoryCapped = true;
    }
    lines.push(compact);
  }
  return { kind: 'scorecard', total: full.total, deductions: full.deductions, bonuses: full.bonuses, grade: full.grade, lines };
}

function capOf(document: DocumentOf<'scorecard'>, category: string): number {
  return document.categoryCaps.find((cap) => cap.category === category)?.max ?? Number.NaN;
}

// ---------------------------------------------------------------- qualification texts

type RecordRequirement = Exclude<Requirement, { type: 'condition' }>;
type RequirementOutcome = OutcomeOf<'qualification'>['requirements'][number];
type CompactRequirement = CompactOutcomeOf<'qualification'>['requirements'][number];

const nounOf = (requirement: RecordRequirement): string => `${NOUN[requirement.type]} ${requirement.code}`;
const levelText = (level: number | undefined): string => (level === undefined ? 'unknown' : String(level));

/** The detail of a record requirement, from its compact entry (the inverse of {@link compactDetail}). */
function recordDetail(requirement: RecordRequirement, compact: CompactRequirement): string {
  const noun = nounOf(requirement);
  const obtained = `${VERB[requirement.type]} ${compact.obtainedOn ?? ''}`;
  if (compact.met) {
    const level = requirement.type === 'skillTest' ? ` at level ${levelText(compact.level)}` : '';
    const validity = compact.validUntil === undefined ? 'with no expiry' : `valid until ${compact.validUntil}`;
    return `${noun}${level} ${obtained}, ${validity}`;
  }
  switch (compact.failure) {
    case 'noRecord':
      return `no ${noun} on record`;
    case 'belowLevel':
      return `${noun} ${obtained} is at level ${levelText(compact.level)}, below the required ${requirement.type === 'skillTest' ? requirement.minLevel : ''}`;
    case 'afterAsOf':
      return `${noun} is ${obtained}, after the as-of date`;
    case 'expired':
      return `${noun} ${obtained} stopped counting on ${compact.validUntil ?? ''}`;
    case 'noValid':
      return `no valid ${noun}`;
    case undefined:
      return mismatch(`requirement "${requirement.id}" is not met and says no why`);
  }
}

const DAY = String.raw`(\S+)`;
const LEVEL = String.raw`(unknown|\S+)`;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const levelOf = (text: string): number | undefined => (text === 'unknown' ? undefined : Number(text));

/** Reads a record requirement's detail back into its compact entry's members. */
function compactDetail(requirement: RecordRequirement, entry: RequirementOutcome): Omit<CompactRequirement, 'id' | 'met'> {
  const noun = escape(nounOf(requirement));
  const verb = VERB[requirement.type];
  const { detail } = entry;
  let match: RegExpExecArray | null;
  if (entry.met) {
    const level = requirement.type === 'skillTest' ? ` at level ${LEVEL}` : '()';
    match = new RegExp(`^${noun}${level} ${verb} ${DAY}, (?:with no expiry|valid until ${DAY})$`).exec(detail);
    if (match !== null) {
      return {
        obtainedOn: match[2]!,
        ...(requirement.type === 'skillTest' && match[1] !== 'unknown' ? { level: levelOf(match[1]!)! } : {}),
        ...(match[3] === undefined ? {} : { validUntil: match[3] }),
      };
    }
  } else if (detail === `no ${nounOf(requirement)} on record`) return { failure: 'noRecord' };
  else if (detail === `no valid ${nounOf(requirement)}`) return { failure: 'noValid' };
  else if ((match = new RegExp(`^${noun} ${verb} ${DAY} is at level ${LEVEL}, below the required \\S+$`).exec(detail))) {
    const level = levelOf(match[2]!);
    return { obtainedOn: match[1]!, ...(level === undefined ? {} : { level }), failure: 'belowLevel' };
  } else if ((match = new RegExp(`^${noun} is ${verb} ${DAY}, after the as-of date$`).exec(detail))) {
    return { obtainedOn: match[1]!, failure: 'afterAsOf' };
  } else if ((match = new RegExp(`^${noun} ${verb} ${DAY} stopped counting on ${DAY}$`).exec(detail))) {
    return { obtainedOn: match[1]!, validUntil: match[2]!, failure: 'expired' };
  }
  return mismatch(`requirement "${requirement.id}": its detail is not one the evaluator writes`);
}

function postOf(document: DocumentOf<'qualification'>, post: string | null) {
  return post === null ? undefined : document.posts.find((candidate) => candidate.id === post);
}

function expandQualification(
  compact: CompactOutcomeOf<'qualification'>,
  document: DocumentOf<'qualification'>,
): OutcomeOf<'qualification'> {
  const found = postOf(document, compact.post);
  const byId = new Map(compact.requirements.map((entry) => [entry.id, entry]));
  const requirements =
    found === undefined
      ? []
      : found.requirements.map((requirement): RequirementOutcome => {
          const entry = byId.get(requirement.id) ?? mismatch(`requirement "${requirement.id}" is missing`);
          const base = { id: requirement.id, title: requirement.title, type: requirement.type, met: entry.met };
          if (requirement.type === 'condition') return { ...base, detail: entry.met ? 'condition met' : 'condition not met' };
          return {
            ...base,
            detail: recordDetail(requirement, entry),
            ...(entry.met && entry.validUntil !== undefined ? { validUntil: entry.validUntil } : {}),
          };
        });
  const requirementOf = new Map((found?.requirements ?? []).map((requirement) => [requirement.id, requirement]));
  return {
    kind: 'qualification',
    post: compact.post,
    qualified: compact.qualified,
    requirements,
    warnings: compact.warnings.map((warning) => {
      const requirement = requirementOf.get(warning.requirementId);
      const validUntil = byId.get(warning.requirementId)?.validUntil;
      if (requirement === undefined || requirement.type === 'condition' || validUntil === undefined) {
        return mismatch(`warning of "${warning.requirementId}": no record requirement with a validUntil`);
      }
      const { daysLeft } = warning;
      return {
        requirementId: requirement.id,
        message: `${nounOf(requirement)} stops counting on ${validUntil}, in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`,
        validUntil,
      };
    }),
  };
}

function compactQualification(
  full: OutcomeOf<'qualification'>,
  document: DocumentOf<'qualification'>,
): CompactOutcomeOf<'qualification'> {
  const requirementOf = new Map((postOf(document, full.post)?.requirements ?? []).map((r) => [r.id, r]));
  const requirements = full.requirements.map((entry): CompactRequirement => {
    const requirement = requirementOf.get(entry.id) ?? mismatch(`requirement "${entry.id}" is not of post "${full.post}"`);
    return requirement.type === 'condition'
      ? { id: entry.id, met: entry.met }
      : { id: entry.id, met: entry.met, ...compactDetail(requirement, entry) };
  });
  return {
    kind: 'qualification',
    post: full.post,
    qualified: full.qualified,
    requirements,
    warnings: full.warnings.map((warning) => {
      const daysLeft = /, in (-?\d+) days?$/.exec(warning.message);
      if (daysLeft === null) return mismatch(`warning of "${warning.requirementId}": not one the evaluator writes`);
      return { requirementId: warning.requirementId, daysLeft: Number(daysLeft[1]) };
    }),
  };
}

// ---------------------------------------------------------------- the other kinds

function expandChecklist(compact: CompactOutcomeOf<'checklist'>, document: DocumentOf<'checklist'>): OutcomeOf<'checklist'> {
  const dueDates = new Map(compact.actions.map((action) => [action.itemId, action.dueDate]));
  const items: OutcomeOf<'checklist'>['items'] = [];
  const failedItems: string[] = [];
  const criticalFailures: string[] = [];
  const actions: OutcomeOf<'checklist'>['actions'] = [];
  let maxScore = 0;
  const sections = document.sections.map((section) => {
    let score = 0;
    let sectionMax = 0;
    for (const item of section.items) {
      sectionMax += item.points;
      const dueDate = dueDates.get(item.id);
      const passed = dueDate === undefined;
      items.push({ id: item.id, sectionId: section.id, points: item.points, critical: item.critical, passed, awarded: passed ? item.points : 0 });
      if (passed) {
        score += item.points;
        continue;
      }
      failedItems.push(item.id);
      if (item.critical) criticalFailures.push(item.id);
      actions.push({ itemId: item.id, title: item.title, owner: item.rectification.owner, dueDate });
    }
    sectionMax = roundPoints(sectionMax);
    maxScore += sectionMax;
    return { id: section.id, score: roundPoints(score), maxScore: sectionMax };
  });
  if (actions.length !== compact.actions.length) mismatch('an action names an item that is not in the document');
  return {
    kind: 'checklist',
    score: compact.score,
    maxScore: roundPoints(maxScore),
    percent: compact.percent,
    passed: compact.passed,
    sections,
    items,
    failedItems,
    criticalFailures,
    actions,
  };
}

function expandStandard(compact: CompactOutcomeOf<'standard'>, document: DocumentOf<'standard'>): OutcomeOf<'standard'> {
  if (compact.targets.length !== document.targets.length) mismatch('the targets are not the document’s');
  return {
    kind: 'standard',
    met: compact.met,
    metCount: compact.metCount,
    targets: document.targets.map((target, index) => {
      const entry = compact.targets[index]!;
      if (entry.id !== target.id) mismatch(`target "${entry.id}" is not the document’s target ${index}`);
      return { id: target.id, title: target.title, met: entry.met, severity: target.severity, actual: entry.actual };
    }),
  };
}

function expandEscalation(compact: CompactOutcomeOf<'escalation'>, document: DocumentOf<'escalation'>): OutcomeOf<'escalation'> {
  if (compact.level === null) {
    return { kind: 'escalation', level: null, title: null, severity: null, reportTo: [], authority: null, respondBy: null, actions: [] };
  }
  const level = document.levels.find((candidate) => candidate.id === compact.level) ?? mismatch(`level "${compact.level}" is not in the document`);
  if (compact.actions.length !== level.actions.length) mismatch(`level "${level.id}" has ${level.actions.length} actions`);
  return {
    kind: 'escalation',
    level: level.id,
    title: level.title,
    severity: level.severity,
    reportTo: [...level.reportTo],
    authority: level.authority,
    respondBy: compact.respondBy,
    actions: level.actions.map((action, index) => ({
      id: action.id,
      title: action.title,
      owner: action.owner,
      dueBy: compact.actions[index]!.dueBy,
    })),
  };
}

function expandRuleset(compact: CompactOutcomeOf<'ruleset'>, document: DocumentOf<'ruleset'>): OutcomeOf<'ruleset'> {
  const byId = new Map(document.rules.map((rule) => [rule.id, rule]));
  return {
    kind: 'ruleset',
    events: compact.fired.map((ruleId) => {
      const rule = byId.get(ruleId) ?? mismatch(`rule "${ruleId}" is not in the document`);
      return { ruleId, type: rule.event.type, ...(rule.event.params === undefined ? {} : { params: rule.event.params }) };
    }),
  };
}

// ---------------------------------------------------------------- entry points

/**
 * The compact form of a full outcome made with `document` from `facts` (a per-unit scorecard line
 * keeps the value of the fact it counted, which its reason shows). Throws {@link OutcomeShapeError}
 * when the outcome is not one the evaluator makes with this document.
 *
 * @example
 * const { outcome } = evaluate(compiled, facts, { asOf });
 * const compact = compactOutcome(outcome, compiled.document, facts);
 * expandOutcome(compact, compiled.document) // deep-equals outcome
 */
export function compactOutcome(full: Outcome, document: PolicyDocument, facts: JsonObject): CompactOutcome {
  switch (full.kind) {
    case 'standard':
      return {
        kind: 'standard',
        met: full.met,
        metCount: full.metCount,
        targets: full.targets.map((target) => ({ id: target.id, met: target.met, actual: target.actual })),
      };
    case 'checklist':
      return {
        kind: 'checklist',
        score: full.score,
        percent: full.percent,
        passed: full.passed,
        actions: full.actions.map((action) => ({ itemId: action.itemId, dueDate: action.dueDate })),
      };
    case 'scorecard':
      sameKind('scorecard', document);
      return compactScorecard(full, document, facts);
    case 'qualification':
      sameKind('qualification', document);
      return compactQualification(full, document);
    case 'escalation':
      return {
        kind: 'escalation',
        level: full.level,
        respondBy: full.respondBy,
        actions: full.actions.map((action) => ({ id: action.id, dueBy: action.dueBy })),
      };
    case 'ruleset':
      return { kind: 'ruleset', fired: full.events.map((event) => event.ruleId) };
  }
}

/**
 * Joins a compact outcome with the document of the version that made it: the full outcome, the
 * evaluator's own to the member (same canonical JSON, same hash). Throws {@link OutcomeShapeError}
 * when the compact outcome does not fit the document (another version's, another kind's).
 */
export function expandOutcome(compact: CompactOutcome, document: PolicyDocument): Outcome {
  sameKind(compact.kind, document);
  switch (compact.kind) {
    case 'standard':
      return expandStandard(compact, document as DocumentOf<'standard'>);
    case 'checklist':
      return expandChecklist(compact, document as DocumentOf<'checklist'>);
    case 'scorecard':
      return expandScorecard(compact, document as DocumentOf<'scorecard'>);
    case 'qualification':
      return expandQualification(compact, document as DocumentOf<'qualification'>);
    case 'escalation':
      return expandEscalation(compact, document as DocumentOf<'escalation'>);
    case 'ruleset':
      return expandRuleset(compact, document as DocumentOf<'ruleset'>);
  }
}
