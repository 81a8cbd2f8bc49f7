import type { OutcomeOf, ScorecardDocument, ScorecardLine } from '@precept/schema';
import { compileFactReader, type FactReader, type Facts } from './fact-reader.js';
import { roundPoints, type OutcomeInput } from './outcome-context.js';
import { toFactRead } from './rule-spec.js';

type LineOutcome = OutcomeOf<'scorecard'>['lines'][number];

/** Slack for floating-point division when counting whole units: (95 − 94.9) / 0.1 is 0.99999… */
const UNIT_EPSILON = 1e-9;

function formatNumber(value: number): string {
  return String(roundPoints(value));
}

/** Running totals of one evaluation, per category (by index). */
interface Tally {
  readonly points: number[];
  readonly capped: boolean[];
}

/** What a fired line's own points come to, before the category cap. */
interface RawPoints {
  raw: number;
  units: number | undefined;
  explanation: string;
}

/** Everything about a line that does not depend on the facts, computed once at compile time. */
interface LinePlan {
  readonly line: ScorecardLine;
  readonly category: number;
  readonly categoryCap: number | undefined;
  readonly verb: 'deducted' | 'added';
  /** The entry of the line when its condition does not hold (shared, frozen). */
  readonly notFired: Readonly<LineOutcome>;
  /** A fixed line's entry when no cap reduces it (shared, frozen). */
  readonly firedFixed: Readonly<LineOutcome> | undefined;
  readonly rawPoints: (facts: Facts) => RawPoints;
}

function planPoints(line: ScorecardLine): (facts: Facts) => RawPoints {
  const points = line.points;
  if (points.mode === 'fixed') {
    const fixed: RawPoints = {
      raw: points.value,
      units: undefined,
      explanation: `${formatNumber(points.value)} points`,
    };
    return () => fixed;
  }
  const read: FactReader = compileFactReader(toFactRead(points.fact, points.path));
  const subject = points.path === undefined ? points.fact : `${points.fact}${points.path.slice(1)}`;
  const { above, below, value: perUnit } = points;
  const step = points.step ?? 1;
  const tail = ` × ${formatNumber(perUnit)} points ${step === 1 ? 'per unit' : `per ${formatNumber(step)}`}`;
  const missing: RawPoints = { raw: 0, units: 0, explanation: `no units: ${subject} is missing` };
  const threshold = above ?? below;
  const relation = above !== undefined ? 'above' : 'below';
  const thresholdText = threshold === undefined ? '' : formatNumber(threshold);
  return (facts) => {
    const value = read(facts);
    if (typeof value !== 'number' || !Number.isFinite(value)) return missing;
    const distance = above !== undefined ? value - above : below !== undefined ? below - value : value;
    const units = distance > 0 ? Math.floor(distance / step + UNIT_EPSILON) : 0;
    const measured =
      threshold === undefined
        ? `${subject} ${formatNumber(value)}`
        : `${subject} ${formatNumber(value)} is ${formatNumber(Math.max(distance, 0))} ${relation} ${thresholdText}`;
    return { raw: roundPoints(units * perUnit), units, explanation: `${measured}: ${units}${tail}` };
  };
}

/**
 * Compiles the outcome builder of a scorecard once: categories by index, caps, static texts and
 * the readers of per-unit facts, so that building an outcome is one pass over the lines.
 *
 * The outcome: a line whose condition holds gives its points: fixed, or per unit of a fact
 * (units = how far the fact lies above `above` / below `below` / from 0, in whole `step`s), at
 * most the line's `cap`. Then each category's cap: lines are taken in document order and a line
 * gets only what is left of its category's cap. Total = base − deductions + bonuses, clamped to
 * [minScore, maxScore]; the grade is the first band (best to worst) whose `minScore` the total
 * reaches. Points are rounded to 6 decimals to drop binary floating-point noise.
 */
export function compileScorecardBuilder(
  document: ScorecardDocument,
): (input: OutcomeInput) => OutcomeOf<'scorecard'> {
  const categoryNames: string[] = [];
  const categoryIndex = new Map<string, number>();
  const capOf = new Map(document.categoryCaps.map((cap) => [cap.category, cap.max]));
  const plans: LinePlan[] = document.lines.map((line) => {
    let category = categoryIndex.get(line.category);
    if (category === undefined) {
      category = categoryNames.length;
      categoryIndex.set(line.category, category);
      categoryNames.push(line.category);
    }
    const verb = line.type === 'deduction' ? 'deducted' : 'added';
    const entry = { id: line.id, title: line.title, type: line.type, category: line.category };
    const fixed = line.points.mode === 'fixed' ? line.points.value : undefined;
    return {
      line,
      category,
      categoryCap: capOf.get(line.category),
      verb,
      notFired: Object.freeze<LineOutcome>({
        ...entry,
        fired: false,
        points: 0,
        capped: false,
        reason: `condition not met: nothing ${verb}`,
      }),
      firedFixed:
        fixed === undefined
          ? undefined
          : Object.freeze<LineOutcome>({
              ...entry,
              fired: true,
              points: roundPoints(fixed),
              capped: false,
              reason: `condition met: ${verb} ${formatNumber(fixed)} (${formatNumber(fixed)} points)`,
            }),
      rawPoints: planPoints(line),
    };
  });

  function fire(plan: LinePlan, facts: Facts, tally: Tally): LineOutcome {
    const { line, firedFixed } = plan;
    if (firedFixed !== undefined) {
      const used = tally.points[plan.category]!;
      if (
        plan.categoryCap === undefined ||
        firedFixed.points <= roundPoints(Math.max(plan.categoryCap - used, 0))
      ) {
        tally.points[plan.category] = roundPoints(used + firedFixed.points);
        return firedFixed;
      }
    }
    const { raw, units, explanation } = plan.rawPoints(facts);
    let points = raw;
    let notes = '';
    const lineCap = line.points.mode === 'perUnit' ? line.points.cap : undefined;
    if (lineCap !== undefined && points > lineCap) {
      points = lineCap;
      notes += `; capped at ${formatNumber(lineCap)} by the line`;
    }
    if (plan.categoryCap !== undefined) {
      const left = roundPoints(Math.max(plan.categoryCap - tally.points[plan.category]!, 0));
      if (points > left) {
        points = left;
        tally.capped[plan.category] = true;
        notes += `; capped at ${formatNumber(left)} by category ${line.category} (at most ${formatNumber(plan.categoryCap)})`;
      }
    }
    points = roundPoints(points);
    tally.points[plan.category] = roundPoints(tally.points[plan.category]! + points);
    const outcome: LineOutcome = {
      id: line.id,
      title: line.title,
      type: line.type,
      category: line.category,
      fired: true,
      points,
      capped: notes !== '',
      reason: `condition met: ${plan.verb} ${formatNumber(points)} (${explanation}${notes})`,
    };
    if (units !== undefined) outcome.units = units;
    return outcome;
  }

  return ({ results, facts }) => {
    const tally: Tally = {
      points: new Array<number>(categoryNames.length).fill(0),
      capped: new Array<boolean>(categoryNames.length).fill(false),
    };
    let deductions = 0;
    let bonuses = 0;
    const lines = new Array<LineOutcome>(plans.length);
    for (let i = 0; i < plans.length; i += 1) {
      const plan = plans[i]!;
      if (results[i] !== true) {
        lines[i] = plan.notFired;
        continue;
      }
      const outcome = fire(plan, facts, tally);
      lines[i] = outcome;
      if (plan.line.type === 'deduction') deductions += outcome.points;
      else bonuses += outcome.points;
    }
    deductions = roundPoints(deductions);
    bonuses = roundPoints(bonuses);
    let total = roundPoints(document.baseScore - deductions + bonuses);
    if (document.minScore !== undefined && total < document.minScore) total = document.minScore;
    if (document.maxScore !== undefined && total > document.maxScore) total = document.maxScore;
    const band = document.grades.find((grade) => total >= grade.minScore);
    return {
      kind: 'scorecard',
      baseScore: document.baseScore,
      total,
      deductions,
      bonuses,
      lines,
      categories: categoryNames.map((category, index) => ({
        category,
        points: tally.points[index]!,
        capped: tally.capped[index]!,
      })),
      grade: band?.grade ?? null,
      gradeLabel: band?.label ?? null,
    };
  };
}
