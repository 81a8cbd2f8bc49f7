import type { OutcomeOf, ScorecardDocument, ScorecardLine } from '@precept/schema';
import { factSlotOf, readFactSlot, type FactSlot, type FieldIndex } from './fact-reader.js';
import type { FieldValues } from './facts-intake.js';
import { roundPoints, type OutcomeInput } from './outcome-context.js';
import { toFactRead } from './rule-spec.js';

type LineOutcome = OutcomeOf<'scorecard'>['lines'][number];
type CategoryOutcome = OutcomeOf<'scorecard'>['categories'][number];

/** Slack for floating-point division when counting whole units: (95 − 94.9) / 0.1 is 0.99999… */
const UNIT_EPSILON = 1e-9;

/**
 * The memo slot of a finite number (0 … 2³² − 1; mask it to the table's size): a cheap hash, two
 * values in one slot only cost a recomputation.
 */
function memoSlot(value: number): number {
  return Math.imul((value * 65_599) | 0, 0x9e_37_79_b1) >>> 16;
}

/** Slots of the memo of formatted numbers (a power of two). */
const FORMAT_SLOTS = 1024;
const formattedKeys = new Float64Array(FORMAT_SLOTS);
const formattedTexts = new Array<string | undefined>(FORMAT_SLOTS).fill(undefined);

/**
 * A number as the reasons write it: rounded to 6 decimals, shortest form. Formatting a fraction
 * costs hundreds of nanoseconds (more than the rest of an evaluation), and reasons repeat the same
 * few numbers (thresholds, points, units, rates to one decimal), so the texts are memoised in a
 * bounded direct-mapped table: a pure function's results, invisible but for speed.
 */
export function formatNumber(value: number): string {
  const rounded = roundPoints(value);
  const slot = memoSlot(rounded) & (FORMAT_SLOTS - 1);
  const known = formattedTexts[slot];
  if (known !== undefined && formattedKeys[slot] === rounded) return known; // -0 and 0 both print 0
  const text = String(rounded);
  formattedKeys[slot] = rounded;
  formattedTexts[slot] = text;
  return text;
}

/** What a fired per-unit line's own points come to, before any cap, and how they were counted. */
interface RawPoints {
  readonly raw: number;
  readonly units: number;
  readonly explanation: string;
}

/** A per-unit line fired with one value of its fact: its points before the category cap. */
interface FiredPerUnit {
  readonly raw: RawPoints;
  /** After the line's own cap, not yet rounded. */
  readonly points: number;
  /** `"; capped at 5 by the line"`, or `""`. */
  readonly lineNote: string;
  /** The line's entry when the category cap does not reduce it (shared, frozen). */
  readonly entry: Readonly<LineOutcome>;
}

/** Slots of a memo by number, at first and at most (powers of two). */
const MEMO_SLOTS_FIRST = 16;
const MEMO_SLOTS_MOST = 1024;

/**
 * A bounded direct-mapped memo of values by number: a lookup is a hash, a load and a comparison.
 * Two numbers in one slot replace each other; a memo whose entries keep replacing each other (more
 * numbers in use than slots) is replaced by one four times larger, up to a bound.
 */
class NumberMemo<T> {
  private keys = new Float64Array(MEMO_SLOTS_FIRST);
  private entries = new Array<T | undefined>(MEMO_SLOTS_FIRST).fill(undefined);
  /** Entries replaced by another number's since the memo was last grown. */
  private evictions = 0;

  /** The entry of a number, or undefined. */
  get(key: number): T | undefined {
    const { entries } = this;
    const slot = memoSlot(key) & (entries.length - 1);
    const known = entries[slot];
    return known !== undefined && this.keys[slot] === key ? known : undefined;
  }

  set(key: number, entry: T): void {
    const size = this.entries.length;
    if (this.evictions > size && size < MEMO_SLOTS_MOST) {
      const grown = size * 4;
      this.keys = new Float64Array(grown);
      this.entries = new Array<T | undefined>(grown).fill(undefined);
      this.evictions = 0;
    }
    const slot = memoSlot(key) & (this.entries.length - 1);
    if (this.entries[slot] !== undefined) this.evictions += 1;
    this.keys[slot] = key;
    this.entries[slot] = entry;
  }
}

/**
 * Everything about a per-unit line's points that does not depend on the facts, and a memo of its
 * fired entries by fact value. The entry of a fired line is a pure function of the fact value
 * (while its category cap leaves room), and building its English reason — numbers formatted,
 * strings joined — costs more than the rest of an evaluation: values recur (counts, rates to one
 * decimal), so each is formatted once. The memo is direct-mapped, bounded, and invisible in
 * results.
 */
class PerUnitPlan {
  private readonly above: number | undefined;
  private readonly below: number | undefined;
  private readonly step: number;
  private readonly perUnit: number;
  private readonly lineCap: number | undefined;
  /** `"<fact> "`: the start of every explanation. */
  private readonly subjectText: string;
  /** `" above 90"` / `" below 95"`: what follows the distance. */
  private readonly relationText: string;
  /** `" × 2 points per unit"`: the end of every explanation. */
  private readonly tail: string;
  private readonly missing: FiredPerUnit;
  private readonly memo = new NumberMemo<FiredPerUnit>();
  constructor(
    private readonly line: ScorecardLine,
    points: Extract<ScorecardLine['points'], { mode: 'perUnit' }>,
    private readonly slot: FactSlot,
    private readonly firedText: string,
  ) {
    const subject = points.path === undefined ? points.fact : `${points.fact}${points.path.slice(1)}`;
    this.above = points.above;
    this.below = points.below;
    this.step = points.step ?? 1;
    this.perUnit = points.value;
    this.lineCap = points.cap;
    const threshold = points.above ?? points.below;
    const relation = points.above !== undefined ? 'above' : 'below';
    this.subjectText = `${subject} `;
    this.relationText = threshold === undefined ? '' : ` ${relation} ${formatNumber(threshold)}`;
    this.tail = ` × ${formatNumber(this.perUnit)} points ${this.step === 1 ? 'per unit' : `per ${formatNumber(this.step)}`}`;
    this.missing = this.fire({ raw: 0, units: 0, explanation: `no units: ${subject} is missing` });
  }

  /**
   * Units = how far the fact lies above `above` / below `below` / from 0, in whole `step`s; raw
   * points = units × points per unit.
   */
  private count(value: number): RawPoints {
    const { above, below, step } = this;
    const distance = above !== undefined ? value - above : below !== undefined ? below - value : value;
    const units = distance > 0 ? Math.floor(distance / step + UNIT_EPSILON) : 0;
    const measured =
      above === undefined && below === undefined
        ? this.subjectText + formatNumber(value)
        : `${this.subjectText}${formatNumber(value)} is ${formatNumber(Math.max(distance, 0))}${this.relationText}`;
    return {
      raw: roundPoints(units * this.perUnit),
      units,
      explanation: `${measured}: ${units}${this.tail}`,
    };
  }

  /** The line fired with these raw points: the line's cap applied, its entry built. */
  private fire(raw: RawPoints): FiredPerUnit {
    const { lineCap, line } = this;
    const capped = lineCap !== undefined && raw.raw > lineCap;
    const points = capped ? lineCap : raw.raw;
    const lineNote = capped ? `; capped at ${formatNumber(lineCap)} by the line` : '';
    const rounded = roundPoints(points);
    const entry = Object.freeze<LineOutcome>({
      id: line.id,
      title: line.title,
      type: line.type,
      category: line.category,
      fired: true,
      points: rounded,
      capped,
      reason: `${this.firedText}${formatNumber(rounded)} (${raw.explanation}${lineNote})`,
      units: raw.units,
    });
    return { raw, points, lineNote, entry };
  }

  /** The line fired on these facts (a missing or non-finite fact gives no units). */
  firedOn(values: FieldValues): FiredPerUnit {
    const value = readFactSlot(values, this.slot.field, this.slot.segments);
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.missing;
    const known = this.memo.get(value);
    if (known !== undefined) return known;
    const made = this.fire(this.count(value));
    this.memo.set(value, made);
    return made;
  }
}

/** Everything about a line that does not depend on the facts, computed once at compile time. */
interface LinePlan {
  readonly line: ScorecardLine;
  readonly category: number;
  readonly categoryCap: number | undefined;
  readonly isDeduction: boolean;
  /** `"condition met: deducted "` / `"condition met: added "`. */
  readonly firedText: string;
  /** The entry of the line when its condition does not hold (shared, frozen). */
  readonly notFired: Readonly<LineOutcome>;
  /** A fixed line's entry when no cap reduces it (shared, frozen). */
  readonly firedFixed: Readonly<LineOutcome> | undefined;
  /** A fixed line's points (undefined for a per-unit line). */
  readonly fixedValue: number | undefined;
  /** A per-unit line's points (undefined for a fixed line). */
  readonly perUnit: PerUnitPlan | undefined;
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
  fieldIndex: FieldIndex,
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
    const { points } = line;
    const fixed = points.mode === 'fixed' ? points.value : undefined;
    const firedText = `condition met: ${verb} `;
    return {
      line,
      category,
      categoryCap: capOf.get(line.category),
      isDeduction: line.type === 'deduction',
      firedText,
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
      fixedValue: fixed,
      perUnit:
        points.mode === 'perUnit'
          ? new PerUnitPlan(
              line,
              points,
              factSlotOf(toFactRead(points.fact, points.path), fieldIndex),
              firedText,
            )
          : undefined,
    };
  });
  const categoryCount = categoryNames.length;
  const { baseScore, minScore, maxScore } = document;
  const bandMins = document.grades.map((band) => band.minScore);
  const bandGrades = document.grades.map((band) => band.grade);
  const bandLabels = document.grades.map((band) => band.label);
  // Per-category running totals; reset at the start of every build (a build calls no user code,
  // so it cannot be re-entered).
  const used: number[] = new Array<number>(categoryCount).fill(0);
  const capped: boolean[] = new Array<boolean>(categoryCount).fill(false);
  // A category's entry is a pure function of its points and whether a cap cut them: shared, frozen.
  const categoryEntries = categoryNames.map(() => [
    new NumberMemo<CategoryOutcome>(),
    new NumberMemo<CategoryOutcome>(),
  ]);

  function categoryEntry(category: number): CategoryOutcome {
    const points = used[category]!;
    const wasCapped = capped[category]!;
    const memo = categoryEntries[category]![wasCapped ? 1 : 0]!;
    const known = memo.get(points);
    if (known !== undefined) return known;
    const made = Object.freeze<CategoryOutcome>({
      category: categoryNames[category]!,
      points,
      capped: wasCapped,
    });
    memo.set(points, made);
    return made;
  }

  /** The entry of a fired line that its category's cap reduces (or a fixed line's, rounded past it). */
  function fireReduced(plan: LinePlan, fired: FiredPerUnit | undefined, left: number): LineOutcome {
    const { category, categoryCap } = plan;
    let points = fired?.points ?? plan.fixedValue ?? 0;
    const explanation = fired?.raw.explanation ?? `${formatNumber(points)} points`;
    let notes = fired?.lineNote ?? '';
    if (categoryCap !== undefined && points > left) {
      points = left;
      capped[category] = true;
      notes += `; capped at ${formatNumber(left)} by category ${plan.line.category} (at most ${formatNumber(categoryCap)})`;
    }
    points = roundPoints(points);
    used[category] = roundPoints(used[category]! + points);
    const { line } = plan;
    const outcome: LineOutcome = {
      id: line.id,
      title: line.title,
      type: line.type,
      category: line.category,
      fired: true,
      points,
      capped: notes !== '',
      reason: `${plan.firedText}${formatNumber(points)} (${explanation}${notes})`,
    };
    if (fired !== undefined) outcome.units = fired.raw.units;
    return outcome;
  }

  /** The entry of a fired line, its points counted against its category. */
  function fire(plan: LinePlan, values: FieldValues): LineOutcome {
    const { category, categoryCap, perUnit } = plan;
    const before = used[category]!;
    const left = categoryCap === undefined ? Infinity : roundPoints(Math.max(categoryCap - before, 0));
    const fired = perUnit === undefined ? undefined : perUnit.firedOn(values);
    const entry = fired === undefined ? plan.firedFixed! : fired.entry;
    // A fixed line compares its rounded points, a per-unit line its points before rounding.
    if (!((fired === undefined ? entry.points : fired.points) > left)) {
      used[category] = roundPoints(before + entry.points);
      return entry;
    }
    return fireReduced(plan, fired, left);
  }

  return ({ results, values }) => {
    for (let c = 0; c < categoryCount; c += 1) {
      used[c] = 0;
      capped[c] = false;
    }
    let deductions = 0;
    let bonuses = 0;
    const lines = new Array<LineOutcome>(plans.length);
    for (let i = 0; i < plans.length; i += 1) {
      const plan = plans[i]!;
      if (results[i] !== true) {
        lines[i] = plan.notFired;
        continue;
      }
      const outcome = fire(plan, values);
      lines[i] = outcome;
      if (plan.isDeduction) deductions += outcome.points;
      else bonuses += outcome.points;
    }
    deductions = roundPoints(deductions);
    bonuses = roundPoints(bonuses);
    let total = roundPoints(baseScore - deductions + bonuses);
    if (minScore !== undefined && total < minScore) total = minScore;
    if (maxScore !== undefined && total > maxScore) total = maxScore;
    let band = 0;
    while (band < bandMins.length && !(total >= bandMins[band]!)) band += 1;
    const categories = new Array<CategoryOutcome>(categoryCount);
    for (let c = 0; c < categoryCount; c += 1) categories[c] = categoryEntry(c);
    return {
      kind: 'scorecard',
      baseScore,
      total,
      deductions,
      bonuses,
      lines,
      categories,
      grade: bandGrades[band] ?? null,
      gradeLabel: bandLabels[band] ?? null,
    };
  };
}
