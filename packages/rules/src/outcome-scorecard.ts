import type { OutcomeOf, ScorecardDocument, ScorecardLine } from '@precept/schema';
import { factSlotOf, readFactSlot, type FactSlot, type FieldIndex } from './fact-reader.js';
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

/**
 * A number as the reasons write it: rounded to 6 decimals, in the shortest form that reads back as
 * that number — what `String` writes of it, computed with integer arithmetic instead of the
 * general double-to-text algorithm, which costs hundreds of nanoseconds (more than the rest of an
 * evaluation). Below 10⁹, two numbers of at most 6 decimals are never the same double, so the
 * shortest form is the 6-decimal one without its trailing zeros; larger numbers, and NaN and the
 * infinities, go to `String`.
 */
export function formatNumber(value: number): string {
  const rounded = roundPoints(value);
  const magnitude = Math.abs(rounded);
  if (!(magnitude < 1e9)) return String(rounded);
  // An integer below 2⁵⁰: the product's rounding error is far below one half.
  const micros = Math.round(magnitude * 1e6);
  const whole = Math.floor(micros / 1e6);
  const fraction = micros - whole * 1e6;
  const sign = rounded < 0 && micros !== 0 ? '-' : '';
  if (fraction === 0) return sign + String(whole);
  const digits = String(fraction + 1e6); // "1" and six digits
  let end = 7;
  while (digits.charCodeAt(end - 1) === 48) end -= 1;
  return `${sign}${whole}.${digits.slice(1, end)}`;
}

/** What a fired per-unit line's own points come to, before any cap, and how they were counted. */
interface RawPoints {
  readonly raw: number;
  readonly units: number;
  readonly explanation: string;
}

/** An entry of a {@link NumberMemo}: the number it is for. */
interface Keyed {
  readonly key: number;
}

/** A per-unit line fired with one value of its fact: its points before the category cap. */
interface FiredPerUnit extends Keyed {
  /** The line's position in the document. */
  readonly line: number;
  readonly raw: RawPoints;
  /** After the line's own cap, not yet rounded. */
  readonly points: number;
  /** `entry.points`, here so that the builder need not read the entry. */
  readonly entryPoints: number;
  /** `"; capped at 5 by the line"`, or `""`. */
  readonly lineNote: string;
  /** The line's entry when the category cap does not reduce it (shared, frozen). */
  readonly entry: Readonly<LineOutcome>;
}

/** Slots of a memo by number, at first and at most (powers of two). */
const MEMO_SLOTS_FIRST = 16;
const MEMO_SLOTS_MOST = 1024;

/**
 * A bounded memo of entries by number (a category's entries by points): a lookup is a hash and at
 * most two loads, each compared with the entry's own key. A number may sit in either of a pair of slots, so two numbers whose hashes meet do not keep
 * replacing each other; a memo whose entries still get replaced (more numbers in use than slots)
 * is replaced by one four times larger, up to a bound.
 */
class NumberMemo<T extends Keyed> {
  private entries = new Array<T | undefined>(MEMO_SLOTS_FIRST).fill(undefined);
  /** Entries replaced by another number's since the memo was last grown. */
  private evictions = 0;

  /** The entry of a number, or undefined. */
  get(key: number): T | undefined {
    const { entries } = this;
    const slot = memoSlot(key) & (entries.length - 1);
    const first = entries[slot];
    if (first !== undefined && first.key === key) return first;
    const second = entries[slot ^ 1];
    return second !== undefined && second.key === key ? second : undefined;
  }

  set(entry: T): void {
    const size = this.entries.length;
    if (this.evictions > size && size < MEMO_SLOTS_MOST) {
      this.entries = new Array<T | undefined>(size * 4).fill(undefined);
      this.evictions = 0;
    }
    const { entries } = this;
    const slot = memoSlot(entry.key) & (entries.length - 1);
    if (entries[slot] === undefined) entries[slot] = entry;
    else if (entries[slot ^ 1] === undefined) entries[slot ^ 1] = entry;
    else {
      // Both taken: the pair's older entry moves out of the way, the new one takes its place.
      this.evictions += 1;
      entries[slot ^ 1] = entries[slot];
      entries[slot] = entry;
    }
  }
}

/** Slots of the scorecard's memo of fired per-unit entries, at most (a power of two). */
const FIRED_SLOTS_MOST = 1 << 18;
/** Entries of the memo, at most: a few hundred bytes each, so a scorecard keeps ≈ 10 MB at worst. */
const FIRED_ENTRIES_MOST = 1 << 15;

/** Slots of a {@link FiredMemo} bucket: four values (32 bytes) and four lines (16 bytes). */
const BUCKET = 4;

/**
 * The memo of a scorecard's fired per-unit entries, by line and fact value: one table for all the
 * lines, so that a lookup costs the same however many lines the scorecard has. The keys (line and
 * value) sit in typed arrays beside the entries: a probe compares numbers held side by side and
 * loads the entry only when it is the one. Four-slot buckets, the table at most an eighth full (it
 * grows fourfold, keeping what it holds, up to a bound; a full bucket drops its oldest entry). Once
 * it holds {@link FIRED_ENTRIES_MOST} entries it keeps them and takes no more: the values it has
 * seen stay cheap, others are built each time.
 */
class FiredMemo {
  private entries = new Array<FiredPerUnit | undefined>(MEMO_SLOTS_FIRST * BUCKET).fill(undefined);
  /** The value of each slot's entry. */
  private values = new Float64Array(MEMO_SLOTS_FIRST * BUCKET);
  /** The line of each slot's entry; −1 for an empty slot. */
  private lines = new Int32Array(MEMO_SLOTS_FIRST * BUCKET).fill(-1);
  /** Entries held. */
  private count = 0;

  /** The first slot of the bucket of (line, value) in a table of `size` slots. */
  private static bucketOf(line: number, value: number, size: number): number {
    let hash = Math.imul((value * 65_599) | 0, 0x9e_37_79_b1) ^ Math.imul(line + 1, 0x85_eb_ca_6b);
    hash ^= hash >>> 15;
    hash = Math.imul(hash, 0x2c_1b_3c_6d);
    hash ^= hash >>> 13;
    return hash & (size - BUCKET);
  }

  get(line: number, value: number): FiredPerUnit | undefined {
    const { lines, values } = this;
    const bucket = FiredMemo.bucketOf(line, value, lines.length);
    for (let slot = bucket; slot < bucket + BUCKET; slot += 1) {
      const held = lines[slot]!;
      if (held === -1) return undefined;
      if (held === line && values[slot] === value) return this.entries[slot];
    }
    return undefined;
  }

  /** True once the memo keeps no more entries. */
  get isFull(): boolean {
    return this.count >= FIRED_ENTRIES_MOST;
  }

  set(entry: FiredPerUnit): void {
    if (this.isFull) return;
    const size = this.entries.length;
    if (this.count >= size / 8 && size < FIRED_SLOTS_MOST) {
      const kept = this.entries;
      this.entries = new Array<FiredPerUnit | undefined>(size * 4).fill(undefined);
      this.values = new Float64Array(size * 4);
      this.lines = new Int32Array(size * 4).fill(-1);
      this.count = 0;
      for (const old of kept) if (old !== undefined) this.place(old);
    }
    this.place(entry);
  }

  /** Puts an entry in the first free slot of its bucket, or drops the bucket's oldest. */
  private place(entry: FiredPerUnit): void {
    const { entries, values, lines } = this;
    const bucket = FiredMemo.bucketOf(entry.line, entry.key, entries.length);
    let slot = bucket;
    while (slot < bucket + BUCKET && lines[slot] !== -1) slot += 1;
    if (slot < bucket + BUCKET) this.count += 1;
    else {
      for (slot = bucket; slot < bucket + BUCKET - 1; slot += 1) {
        entries[slot] = entries[slot + 1];
        values[slot] = values[slot + 1]!;
        lines[slot] = lines[slot + 1]!;
      }
    }
    entries[slot] = entry;
    values[slot] = entry.key;
    lines[slot] = entry.line;
  }
}

/**
 * Everything about a per-unit line's points that does not depend on the facts, and the building
 * of its fired entries. The entry of a fired line is a pure function of the fact value (while its
 * category cap leaves room), and building its English reason — numbers formatted, strings joined —
 * costs more than the rest of an evaluation: values recur (counts, rates to one decimal), so the
 * builder keeps each entry it built in a {@link FiredMemo} (bounded, invisible in results).
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
  /** The entry of the line fired while its fact is missing. */
  readonly missing: FiredPerUnit;

  constructor(
    private readonly index: number,
    private readonly line: ScorecardLine,
    points: Extract<ScorecardLine['points'], { mode: 'perUnit' }>,
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
    this.missing = this.keep(
      this.build(NaN, { raw: 0, units: 0, explanation: `no units: ${subject} is missing` }),
    );
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
  private build(key: number, raw: RawPoints): FiredPerUnit {
    const { lineCap, line } = this;
    const capped = lineCap !== undefined && raw.raw > lineCap;
    const points = capped ? lineCap : raw.raw;
    const lineNote = capped ? `; capped at ${formatNumber(lineCap)} by the line` : '';
    const rounded = roundPoints(points);
    const entry: LineOutcome = {
      id: line.id,
      title: line.title,
      type: line.type,
      category: line.category,
      fired: true,
      points: rounded,
      capped,
      reason: `${this.firedText}${formatNumber(rounded)} (${raw.explanation}${lineNote})`,
      units: raw.units,
    };
    return { key, line: this.index, raw, points, entryPoints: rounded, lineNote, entry };
  }

  /** The line fired with a finite value of its fact: an entry for one outcome. */
  firedWith(value: number): FiredPerUnit {
    return this.build(value, this.count(value));
  }

  /**
   * A copy of a fired line to keep in the memo, its entry frozen to be shared. Kept objects are
   * made here, apart from where entries for one outcome are made: V8 learns from each place in the
   * code whether what it makes lives long, and allocates it accordingly; were kept and passing
   * entries made in one place, the passing ones would be allocated as long-lived too and every
   * garbage collection would cost far more.
   */
  keep(fired: FiredPerUnit): FiredPerUnit {
    const { raw, entry } = fired;
    return {
      key: fired.key,
      line: fired.line,
      raw: { raw: raw.raw, units: raw.units, explanation: raw.explanation },
      points: fired.points,
      entryPoints: fired.entryPoints,
      lineNote: fired.lineNote,
      entry: Object.freeze<LineOutcome>({
        id: entry.id,
        title: entry.title,
        type: entry.type,
        category: entry.category,
        fired: true,
        points: entry.points,
        capped: entry.capped,
        reason: entry.reason,
        units: raw.units,
      }),
    };
  }
}

/** A category's entry, by its points (one memo for each category, capped or not). */
interface CategoryEntry extends Keyed {
  readonly entry: CategoryOutcome;
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
  const { lines: documentLines, baseScore, minScore, maxScore } = document;
  const lineCount = documentLines.length;
  const categoryNames = [...new Set(documentLines.map((line) => line.category))];
  const categoryCount = categoryNames.length;
  const capOf = new Map(document.categoryCaps.map((cap) => [cap.category, cap.max]));
  const labelOf = new Map((document.categories ?? []).map((c) => [c.id, c.label]));
  const categoryLabels = categoryNames.map((name) => labelOf.get(name));
  // Per category: its cap (Infinity: none).
  const caps = Float64Array.from(categoryNames, (name) => capOf.get(name) ?? Infinity);
  // Per line, as parallel arrays: a builder over a thousand lines reads a few dense arrays rather
  // than a thousand scattered objects.
  const categoryOf = Int32Array.from(documentLines, (line) => categoryNames.indexOf(line.category));
  const isDeduction = Uint8Array.from(documentLines, (line) => (line.type === 'deduction' ? 1 : 0));
  const firedTexts = documentLines.map(
    (line) => `condition met: ${line.type === 'deduction' ? 'deducted' : 'added'} `,
  );
  const notFired = documentLines.map((line) =>
    Object.freeze<LineOutcome>({
      id: line.id,
      title: line.title,
      type: line.type,
      category: line.category,
      fired: false,
      points: 0,
      capped: false,
      reason: `condition not met: nothing ${line.type === 'deduction' ? 'deducted' : 'added'}`,
    }),
  );
  /** A fixed line's entry when no cap reduces it (shared, frozen); undefined for a per-unit line. */
  const firedFixed = documentLines.map((line, index) =>
    line.points.mode === 'fixed'
      ? Object.freeze<LineOutcome>({
          id: line.id,
          title: line.title,
          type: line.type,
          category: line.category,
          fired: true,
          points: roundPoints(line.points.value),
          capped: false,
          reason: `${firedTexts[index]!}${formatNumber(line.points.value)} (${formatNumber(line.points.value)} points)`,
        })
      : undefined,
  );
  const perUnits = documentLines.map((line, index) =>
    line.points.mode === 'perUnit'
      ? new PerUnitPlan(index, line, line.points, firedTexts[index]!)
      : undefined,
  );
  // Where each per-unit line reads its fact (field −1: none).
  const unitSlots: FactSlot[] = documentLines.map((line) =>
    line.points.mode === 'perUnit'
      ? factSlotOf(toFactRead(line.points.fact, line.points.path), fieldIndex)
      : { field: -1, segments: undefined },
  );
  const unitFields = Int32Array.from(unitSlots, (slot) => slot.field);
  const unitSegments = unitSlots.map((slot) => slot.segments);
  const fixedPoints = Float64Array.from(documentLines, (line) =>
    line.points.mode === 'fixed' ? roundPoints(line.points.value) : 0,
  );
  const firedMemo = new FiredMemo();
  const bandMins = document.grades.map((band) => band.minScore);
  const bandGrades = document.grades.map((band) => band.grade);
  const bandLabels = document.grades.map((band) => band.label);
  // Per-category running totals; reset at the start of every build (a build calls no user code,
  // so it cannot be re-entered).
  const used: number[] = new Array<number>(categoryCount).fill(0);
  const capped: boolean[] = new Array<boolean>(categoryCount).fill(false);
  // A category's entry is a pure function of its points and whether a cap cut them: shared, frozen.
  const categoryMemos = categoryNames.map(() => [
    new NumberMemo<CategoryEntry>(),
    new NumberMemo<CategoryEntry>(),
  ]);

  function categoryEntry(category: number): CategoryOutcome {
    const points = used[category]!;
    const wasCapped = capped[category]!;
    const memo = categoryMemos[category]![wasCapped ? 1 : 0]!;
    const known = memo.get(points);
    if (known !== undefined) return known.entry;
    const label = categoryLabels[category];
    const entry = Object.freeze<CategoryOutcome>({
      category: categoryNames[category]!,
      ...(label === undefined ? {} : { label }),
      points,
      capped: wasCapped,
    });
    memo.set({ key: points, entry });
    return entry;
  }

  /**
   * The entry of fired line `index` when its category's cap may reduce it (`left` is what the cap
   * leaves): an entry of its own, its points counted against the category.
   */
  function fireReduced(index: number, fired: FiredPerUnit | undefined, left: number): LineOutcome {
    const line = documentLines[index]!;
    const category = categoryOf[index]!;
    let points = fired !== undefined ? fired.points : line.points.mode === 'fixed' ? line.points.value : 0;
    const explanation = fired?.raw.explanation ?? `${formatNumber(points)} points`;
    let notes = fired?.lineNote ?? '';
    if (points > left) {
      points = left;
      capped[category] = true;
      notes += `; capped at ${formatNumber(left)} by category ${line.category} (at most ${formatNumber(caps[category]!)})`;
    }
    points = roundPoints(points);
    used[category] = roundPoints(used[category]! + points);
    const outcome: LineOutcome = {
      id: line.id,
      title: line.title,
      type: line.type,
      category: line.category,
      fired: true,
      points,
      capped: notes !== '',
      reason: `${firedTexts[index]!}${formatNumber(points)} (${explanation}${notes})`,
    };
    if (fired !== undefined) outcome.units = fired.raw.units;
    return outcome;
  }

  return ({ results, values }) => {
    for (let c = 0; c < categoryCount; c += 1) {
      used[c] = 0;
      capped[c] = false;
    }
    let deductions = 0;
    let bonuses = 0;
    const lines = new Array<LineOutcome>(lineCount);
    for (let i = 0; i < lineCount; i += 1) {
      if (results[i] !== true) {
        lines[i] = notFired[i]!;
        continue;
      }
      const category = categoryOf[i]!;
      const before = used[category]!;
      const cap = caps[category]!;
      const left = cap === Infinity ? Infinity : roundPoints(Math.max(cap - before, 0));
      const perUnit = perUnits[i];
      let entry: LineOutcome;
      let points: number;
      if (perUnit === undefined) {
        // A fixed line compares its rounded points with what is left.
        points = fixedPoints[i]!;
        if (points > left) {
          entry = fireReduced(i, undefined, left);
          points = entry.points;
        } else {
          entry = firedFixed[i]!;
          used[category] = roundPoints(before + points);
        }
      } else {
        // A per-unit line compares its points before rounding.
        const value = readFactSlot(values, unitFields[i]!, unitSegments[i]);
        let fired: FiredPerUnit | undefined;
        if (typeof value !== 'number' || !Number.isFinite(value)) fired = perUnit.missing;
        else {
          fired = firedMemo.get(i, value);
          if (fired === undefined) {
            fired = perUnit.firedWith(value);
            if (!firedMemo.isFull) {
              fired = perUnit.keep(fired);
              firedMemo.set(fired);
            }
          }
        }
        if (fired.points > left) {
          entry = fireReduced(i, fired, left);
          points = entry.points;
        } else {
          entry = fired.entry;
          points = fired.entryPoints;
          used[category] = roundPoints(before + points);
        }
      }
      lines[i] = entry;
      if (isDeduction[i] === 1) deductions += points;
      else bonuses += points;
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
