import type { OutcomeOf, ScorecardDocument, ScorecardLine } from '@precept/schema';
import { compileFactReader, type FactReader, type Facts } from './fact-reader.js';
import { roundPoints, type OutcomeInput } from './outcome-context.js';
import { toFactRead } from './rule-spec.js';

/** Readers of the per-unit facts, one per line (undefined for fixed lines); compiled once. */
export function compileUnitReaders(document: ScorecardDocument): (FactReader | undefined)[] {
  return document.lines.map((line) =>
    line.points.mode === 'perUnit'
      ? compileFactReader(toFactRead(line.points.fact, line.points.path))
      : undefined,
  );
}

/** Slack for floating-point division when counting whole units: (95 − 94.9) / 0.1 is 0.99999… */
const UNIT_EPSILON = 1e-9;

interface LinePoints {
  raw: number;
  units: number | undefined;
  explanation: string;
}

function formatNumber(value: number): string {
  return String(roundPoints(value));
}

function pointsOfLine(line: ScorecardLine, read: FactReader | undefined, facts: Facts): LinePoints {
  const points = line.points;
  if (points.mode === 'fixed')
    return { raw: points.value, units: undefined, explanation: `${formatNumber(points.value)} points` };
  const subject = points.path === undefined ? points.fact : `${points.fact}${points.path.slice(1)}`;
  const value = read?.(facts);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { raw: 0, units: 0, explanation: `no units: ${subject} is missing` };
  }
  let distance = value;
  let measured = `${subject} ${formatNumber(value)}`;
  if (points.above !== undefined) {
    distance = value - points.above;
    measured = `${subject} ${formatNumber(value)} is ${formatNumber(Math.max(distance, 0))} above ${formatNumber(points.above)}`;
  } else if (points.below !== undefined) {
    distance = points.below - value;
    measured = `${subject} ${formatNumber(value)} is ${formatNumber(Math.max(distance, 0))} below ${formatNumber(points.below)}`;
  }
  const step = points.step ?? 1;
  const units = distance > 0 ? Math.floor(distance / step + UNIT_EPSILON) : 0;
  const per = step === 1 ? 'per unit' : `per ${formatNumber(step)}`;
  return {
    raw: roundPoints(units * points.value),
    units,
    explanation: `${measured}: ${units} × ${formatNumber(points.value)} points ${per}`,
  };
}

/**
 * Outcome of a `scorecard`. A line whose condition holds gives its points: fixed, or per unit of a
 * fact (units = how far the fact lies above `above` / below `below` / from 0, in whole `step`s),
 * at most the line's `cap`. Then each category's cap: lines are taken in document order and a line
 * gets only what is left of its category's cap. Total = base − deductions + bonuses, clamped to
 * [minScore, maxScore]; the grade is the first band (best to worst) whose `minScore` the total reaches.
 */
export function buildScorecardOutcome(
  input: OutcomeInput<ScorecardDocument>,
  unitReaders: readonly (FactReader | undefined)[],
): OutcomeOf<'scorecard'> {
  const { document, results, facts } = input;
  const capOf = new Map(document.categoryCaps.map((cap) => [cap.category, cap.max]));
  const used = new Map<string, { points: number; capped: boolean }>();
  let deductions = 0;
  let bonuses = 0;
  const lines = document.lines.map((line, index) => {
    let category = used.get(line.category);
    if (category === undefined) {
      category = { points: 0, capped: false };
      used.set(line.category, category);
    }
    const verb = line.type === 'deduction' ? 'deducted' : 'added';
    if (results[index] !== true) {
      return {
        id: line.id,
        title: line.title,
        type: line.type,
        category: line.category,
        fired: false,
        points: 0,
        capped: false,
        reason: 'condition not met: nothing ' + verb,
      };
    }
    const { raw, units, explanation } = pointsOfLine(line, unitReaders[index], facts);
    let points = raw;
    const notes: string[] = [];
    const lineCap = line.points.mode === 'perUnit' ? line.points.cap : undefined;
    if (lineCap !== undefined && points > lineCap) {
      points = lineCap;
      notes.push(`capped at ${formatNumber(lineCap)} by the line`);
    }
    const categoryCap = capOf.get(line.category);
    if (categoryCap !== undefined) {
      const left = roundPoints(Math.max(categoryCap - category.points, 0));
      if (points > left) {
        points = left;
        category.capped = true;
        notes.push(
          `capped at ${formatNumber(left)} by category ${line.category} (at most ${formatNumber(categoryCap)})`,
        );
      }
    }
    points = roundPoints(points);
    category.points = roundPoints(category.points + points);
    if (line.type === 'deduction') deductions += points;
    else bonuses += points;
    const reason = `condition met: ${verb} ${formatNumber(points)} (${[explanation, ...notes].join('; ')})`;
    return {
      id: line.id,
      title: line.title,
      type: line.type,
      category: line.category,
      fired: true,
      points,
      ...(units === undefined ? {} : { units }),
      capped: notes.length > 0,
      reason,
    };
  });
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
    categories: [...used].map(([category, { points, capped }]) => ({ category, points, capped })),
    grade: band?.grade ?? null,
    gradeLabel: band?.label ?? null,
  };
}
