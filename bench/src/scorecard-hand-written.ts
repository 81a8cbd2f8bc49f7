// The floor of every comparison: what a developer would write by hand for one scorecard, with no
// engine, no trace and no checks — the total and the grade, nothing else. The default scorecard's
// numbers are written out literally (as `service-performance-scorecard.json` v1 has them); a
// generated scorecard is scored by a tight loop over its plan.
import type { ScorecardDocument } from '@precept/schema';
import type { GeneratedScorecard, LinePlan } from './scorecard-generator.js';

/** What the hand-written functions compute: the total, its parts and the grade. */
export interface ScoreSummary {
  total: number;
  deductions: number;
  bonuses: number;
  grade: string | null;
}

/** Whole `step`s by which `distance` exceeds 0 (the evaluator's epsilon for 0.1-style steps). */
function units(distance: number, step: number): number {
  return distance > 0 ? Math.floor(distance / step + 1e-9) : 0;
}

type OutletFacts = Readonly<Record<string, number | string | undefined>>;

/** A fact as a number; NaN (every comparison false) when it is missing or not a number. */
function num(value: number | string | undefined): number {
  return typeof value === 'number' ? value : NaN;
}

/** Points per whole `step` below `threshold`, at most `cap`; 0 unless the value is below it. */
function below(value: number, threshold: number, per: number, cap: number, step: number): number {
  return value < threshold ? Math.min(units(threshold - value, step) * per, cap) : 0;
}

/** Points per unit above 0, at most `cap`. */
function above(value: number, per: number, cap: number): number {
  return value > 0 ? Math.min(units(value, 1) * per, cap) : 0;
}

/**
 * The default `service-performance-scorecard` (v1) by hand: 17 lines, 5 category caps, total clamped
 * to 0–110, grades A ≥ 95, B ≥ 85, C ≥ 70, D.
 */
export function scoreOutletPeriod(facts: OutletFacts): ScoreSummary {
  const customer = Math.min(
    below(num(facts.customerEvaluationRate), 90, 1, 5, 1) +
      below(num(facts.customerSatisfactionRate), 95, 2, 10, 1) +
      below(num(facts.bigCustomerSatisfactionRate), 95, 1, 5, 1) +
      below(num(facts.socialSatisfactionRate), 90, 1, 5, 1),
    20,
  );
  const reputation = Math.min(
    above(num(facts.mediaExposures), 5, 15) + above(num(facts.complaints), 2, 10),
    25,
  );
  const inspection = Math.min(
    above(num(facts.etiquetteFindings), 1, 4) +
      below(num(facts.facilityIntactRate), 98, 1, 4, 1) +
      above(num(facts.lobbyManagerFindings), 1, 3) +
      above(num(facts.standardsFindings), 1, 4),
    10,
  );
  const skills = Math.min(
    below(num(facts.comprehensiveExpertRate), 90, 1, 3, 5) + below(num(facts.retailExpertRate), 90, 1, 3, 5),
    6,
  );
  const rank = num(facts.localServiceRank);
  const praises = num(facts.customerPraises);
  const honours = Math.min(
    above(num(facts.commendations), 3, 6) +
      (rank >= 1 && rank <= 3 ? 5 : 0) +
      (rank >= 4 && rank <= 10 ? 2 : 0) +
      above(num(facts.mediaPraises), 1, 3) +
      (praises >= 2 ? Math.min(units(praises, 2), 3) : 0),
    10,
  );
  const deductions = customer + reputation + inspection + skills;
  const total = Math.min(Math.max(100 - deductions + honours, 0), 110);
  const grade = total >= 95 ? 'A' : total >= 85 ? 'B' : total >= 70 ? 'C' : 'D';
  return { total, deductions, bonuses: honours, grade };
}

function planPoints(plan: LinePlan, facts: Readonly<Record<string, unknown>>): number {
  switch (plan.kind) {
    case 'rateBelow': {
      const value = facts[plan.fact] as number;
      return value < plan.threshold
        ? Math.min(units(plan.threshold - value, plan.step) * plan.per, plan.cap)
        : 0;
    }
    case 'countAbove': {
      const value = facts[plan.fact] as number;
      return value > 0 ? Math.min(value * plan.per, plan.cap) : 0;
    }
    case 'rateInRegions':
      return (facts[plan.fact] as number) < plan.threshold && plan.regions.includes(facts.region as string)
        ? plan.points
        : 0;
    case 'countOrFlagged':
      return (facts[plan.fact] as number) >= plan.atLeast || facts.flagged === true ? plan.points : 0;
    case 'countBetween': {
      const value = facts[plan.fact] as number;
      return value >= plan.low && value <= plan.high ? plan.points : 0;
    }
    case 'taggedNotAbove':
      return (facts.tags as string[]).includes(plan.tag) && !((facts[plan.fact] as number) > plan.threshold)
        ? plan.points
        : 0;
  }
}

/**
 * A hand-written scorer for a generated scorecard: one loop over its plan, category caps, clamp and
 * grade. It trusts the facts to fit the subject (every generated fact set has every field).
 */
export function createPlanScorer(
  generated: GeneratedScorecard,
): (facts: Readonly<Record<string, unknown>>) => ScoreSummary {
  const categories = Object.keys(generated.categoryCaps);
  const caps = categories.map((category) => generated.categoryCaps[category]!);
  const isBonus = categories.map((category) =>
    generated.lines.some((line) => line.category === category && line.type === 'bonus'),
  );
  const lines = generated.lines.map((line) => ({
    plan: line.plan,
    category: categories.indexOf(line.category),
  }));
  const sums = new Array<number>(categories.length).fill(0);
  return (facts) => {
    sums.fill(0);
    for (const line of lines) sums[line.category]! += planPoints(line.plan, facts);
    let deductions = 0;
    let bonuses = 0;
    for (let c = 0; c < sums.length; c += 1) {
      const points = Math.min(sums[c]!, caps[c]!);
      if (isBonus[c]) bonuses += points;
      else deductions += points;
    }
    const total = Math.min(Math.max(100 - deductions + bonuses, 0), 110);
    const grade = total >= 95 ? 'A' : total >= 85 ? 'B' : total >= 70 ? 'C' : 'D';
    return { total, deductions, bonuses, grade };
  };
}

/**
 * Scores any scorecard document from which lines fired (as json-rules-engine reports them) and the
 * facts: per-unit points, line caps, category caps, clamp and grade. The json-rules-engine rows use
 * it, so that they compute the same total as every other row; it is a small part of their time.
 */
export function createFiredLinesScorer(
  document: ScorecardDocument,
): (fired: readonly boolean[], facts: Readonly<Record<string, unknown>>) => ScoreSummary {
  const capOf = new Map(document.categoryCaps.map((cap) => [cap.category, cap.max]));
  const bonusCategories = new Set(
    document.lines.filter((line) => line.type === 'bonus').map((line) => line.category),
  );
  return (fired, facts) => {
    const sums = new Map<string, number>();
    document.lines.forEach((line, index) => {
      if (fired[index] !== true) return;
      let points = 0;
      if (line.points.mode === 'fixed') points = line.points.value;
      else {
        const { value, fact, above, below, step, cap } = line.points;
        const seen = facts[fact];
        if (typeof seen === 'number') {
          const distance = above !== undefined ? seen - above : below !== undefined ? below - seen : seen;
          points = units(distance, step ?? 1) * value;
          if (cap !== undefined) points = Math.min(points, cap);
        }
      }
      sums.set(line.category, (sums.get(line.category) ?? 0) + points);
    });
    let deductions = 0;
    let bonuses = 0;
    for (const [category, sum] of sums) {
      const points = Math.min(sum, capOf.get(category) ?? Infinity);
      if (bonusCategories.has(category)) bonuses += points;
      else deductions += points;
    }
    let total = document.baseScore - deductions + bonuses;
    if (document.minScore !== undefined) total = Math.max(total, document.minScore);
    if (document.maxScore !== undefined) total = Math.min(total, document.maxScore);
    const band = document.grades.find((grade) => total >= grade.minScore);
    return { total, deductions, bonuses, grade: band?.grade ?? null };
  };
}
