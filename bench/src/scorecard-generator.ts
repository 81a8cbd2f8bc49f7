// Deterministic generated scorecards of any size (10, 100, 1,000 lines) over one fixed subject, with
// facts that fit it. Each line is drawn from a few templates that a policy office would write
// (a rate below a threshold, a count above zero, a rate in some regions, …) so that the generated
// policy, the hand-written function and the GoRules graph can all be derived from one plan.
import type { Field, ScorecardDocument, ScorecardLine, Subject } from '@precept/schema';
import { createRandom, type Random } from './seeded-random.js';

/** Numeric rate facts `r0 … r23` (0–100, one decimal). */
export const RATE_FACTS = Array.from({ length: 24 }, (_, i) => `r${i}`);
/** Count facts `c0 … c11` (whole numbers ≥ 0). */
export const COUNT_FACTS = Array.from({ length: 12 }, (_, i) => `c${i}`);
/** The values of the `region` enum fact. */
export const REGIONS = ['capital', 'developed', 'county', 'rural'] as const;
/** The tags a `tags` fact may hold. */
export const TAGS = ['praised', 'renovated', 'pilot', 'new'] as const;

/** Deduction categories and their caps for 10 lines (scaled with the number of lines). */
const DEDUCTION_CATEGORIES = { customer: 20, reputation: 25, inspection: 10, skills: 6 } as const;
/** Bonus categories and their caps for 10 lines (scaled with the number of lines). */
const BONUS_CATEGORIES = { honours: 10, community: 8 } as const;

/** One generated line, in the terms a hand-written function uses. */
export type LinePlan =
  /** `rate < threshold`: `per` points per whole `step` below the threshold, at most `cap`. */
  | { kind: 'rateBelow'; fact: string; threshold: number; per: number; step: number; cap: number }
  /** `count > 0`: `per` points per count, at most `cap`. */
  | { kind: 'countAbove'; fact: string; per: number; cap: number }
  /** `rate < threshold` and `region` in `regions`: fixed points. */
  | { kind: 'rateInRegions'; fact: string; threshold: number; regions: string[]; points: number }
  /** `count ≥ atLeast` or `flagged`: fixed points. */
  | { kind: 'countOrFlagged'; fact: string; atLeast: number; points: number }
  /** `count` between `low` and `high` (inclusive): fixed bonus points. */
  | { kind: 'countBetween'; fact: string; low: number; high: number; points: number }
  /** `tags` contains `tag` and not `rate > threshold`: fixed bonus points. */
  | { kind: 'taggedNotAbove'; tag: string; fact: string; threshold: number; points: number };

/** A line plan with its place in the scorecard. */
export interface PlannedLine {
  readonly plan: LinePlan;
  readonly type: 'deduction' | 'bonus';
  readonly category: string;
}

/** A generated scorecard: the subject, the document and the plan both were made from. */
export interface GeneratedScorecard {
  readonly subject: Subject;
  readonly document: ScorecardDocument;
  readonly lines: readonly PlannedLine[];
  readonly categoryCaps: Readonly<Record<string, number>>;
}

const text = (value: string) => ({ zh: value, en: value });

const field = (name: string, type: Field['type'], extra: Partial<Field> = {}): Field => ({
  name,
  type,
  label: text(name),
  required: false,
  ...extra,
});

/** The subject every generated scorecard uses: 24 rates, 12 counts, a region, a flag and tags. */
export const GENERATED_SUBJECT: Subject = {
  key: 'bench-outlet',
  title: text('bench outlet'),
  fields: [
    field('id', 'string', { required: true }),
    ...RATE_FACTS.map((name, i) => field(name, 'number', { min: 0, max: 100, required: i < 12 })),
    ...COUNT_FACTS.map((name, i) => field(name, 'integer', { min: 0, required: i < 6 })),
    field('region', 'enum', {
      required: true,
      values: REGIONS.map((value) => ({ value, label: text(value) })),
    }),
    field('flagged', 'boolean'),
    field('tags', 'string[]'),
  ],
};

function planLine(random: Random): PlannedLine {
  const deduction = (plan: LinePlan): PlannedLine => ({
    plan,
    type: 'deduction',
    category: random.pick(Object.keys(DEDUCTION_CATEGORIES)),
  });
  const bonus = (plan: LinePlan): PlannedLine => ({
    plan,
    type: 'bonus',
    category: random.pick(Object.keys(BONUS_CATEGORIES)),
  });
  switch (random.int(0, 5)) {
    case 0:
      return deduction({
        kind: 'rateBelow',
        fact: random.pick(RATE_FACTS),
        threshold: random.pick([85, 90, 95, 98]),
        per: random.pick([1, 2]),
        step: random.pick([1, 2, 5]),
        cap: random.pick([3, 5, 10]),
      });
    case 1:
      return deduction({
        kind: 'countAbove',
        fact: random.pick(COUNT_FACTS),
        per: random.pick([1, 2, 5]),
        cap: random.pick([4, 10, 15]),
      });
    case 2:
      return deduction({
        kind: 'rateInRegions',
        fact: random.pick(RATE_FACTS),
        threshold: random.pick([90, 95]),
        regions: [...new Set([random.pick(REGIONS), random.pick(REGIONS)])],
        points: random.pick([1, 2, 3]),
      });
    case 3:
      return deduction({
        kind: 'countOrFlagged',
        fact: random.pick(COUNT_FACTS),
        atLeast: random.int(2, 4),
        points: random.pick([2, 5]),
      });
    case 4: {
      const low = random.int(1, 5);
      return bonus({
        kind: 'countBetween',
        fact: random.pick(COUNT_FACTS),
        low,
        high: low + random.int(0, 3),
        points: random.pick([1, 2, 5]),
      });
    }
    default:
      return bonus({
        kind: 'taggedNotAbove',
        tag: random.pick(TAGS),
        fact: random.pick(RATE_FACTS),
        threshold: random.pick([97, 99]),
        points: random.pick([1, 2]),
      });
  }
}

/** The document line of a plan: condition and points as a policy owner would write them. */
function toLine(line: PlannedLine, index: number): ScorecardLine {
  const { plan } = line;
  const base = { id: `line-${index}`, title: text(`L${index}`), type: line.type, category: line.category };
  switch (plan.kind) {
    case 'rateBelow':
      return {
        ...base,
        condition: { all: [{ fact: plan.fact, operator: 'lessThan', value: plan.threshold }] },
        points: {
          mode: 'perUnit',
          value: plan.per,
          fact: plan.fact,
          below: plan.threshold,
          step: plan.step,
          cap: plan.cap,
        },
      };
    case 'countAbove':
      return {
        ...base,
        condition: { all: [{ fact: plan.fact, operator: 'greaterThan', value: 0 }] },
        points: { mode: 'perUnit', value: plan.per, fact: plan.fact, above: 0, cap: plan.cap },
      };
    case 'rateInRegions':
      return {
        ...base,
        condition: {
          all: [
            { fact: plan.fact, operator: 'lessThan', value: plan.threshold },
            { fact: 'region', operator: 'in', value: plan.regions },
          ],
        },
        points: { mode: 'fixed', value: plan.points },
      };
    case 'countOrFlagged':
      return {
        ...base,
        condition: {
          any: [
            { fact: plan.fact, operator: 'greaterThanInclusive', value: plan.atLeast },
            { fact: 'flagged', operator: 'equal', value: true },
          ],
        },
        points: { mode: 'fixed', value: plan.points },
      };
    case 'countBetween':
      return {
        ...base,
        condition: { all: [{ fact: plan.fact, operator: 'between', value: [plan.low, plan.high] }] },
        points: { mode: 'fixed', value: plan.points },
      };
    case 'taggedNotAbove':
      return {
        ...base,
        condition: {
          all: [
            { fact: 'tags', operator: 'contains', value: plan.tag },
            { not: { fact: plan.fact, operator: 'greaterThan', value: plan.threshold } },
          ],
        },
        points: { mode: 'fixed', value: plan.points },
      };
  }
}

/**
 * A scorecard of `lineCount` lines (1 … 1,000), the same for the same seed.
 *
 * @example
 * const { document, subject } = generateScorecard(100);
 * const compiled = compile(document, subject);
 */
export function generateScorecard(lineCount: number, seed = 7): GeneratedScorecard {
  const random = createRandom(seed * 1_000_003 + lineCount);
  const lines = Array.from({ length: lineCount }, () => planLine(random));
  // Caps grow with the number of lines, so every size has the same mix of unfired, fired and
  // cap-reduced lines (a cap-reduced line builds its own explanation): 10× the lines is 10× the same
  // work. With fixed caps, a 1,000-line card would exhaust them within its first lines.
  const scale = Math.max(1, lineCount / 10);
  const categoryCaps: Record<string, number> = Object.fromEntries(
    Object.entries({ ...DEDUCTION_CATEGORIES, ...BONUS_CATEGORIES }).map(([category, cap]) => [
      category,
      Math.round(cap * scale),
    ]),
  );
  const used = new Set(lines.map((line) => line.category));
  const document: ScorecardDocument = {
    kind: 'scorecard',
    baseScore: 100,
    minScore: 0,
    maxScore: 110,
    lines: lines.map(toLine),
    categoryCaps: Object.entries(categoryCaps)
      .filter(([category]) => used.has(category))
      .map(([category, max]) => ({ category, max })),
    grades: [
      { grade: 'A', label: text('excellent'), minScore: 95 },
      { grade: 'B', label: text('good'), minScore: 85 },
      { grade: 'C', label: text('pass'), minScore: 70 },
      { grade: 'D', label: text('fail'), minScore: 0 },
    ],
  };
  return { subject: GENERATED_SUBJECT, document, lines, categoryCaps };
}

/** A rate with one decimal, mostly good (≥ 90), sometimes poor. */
function rate(random: Random): number {
  const value = random.chance(0.7) ? 90 + random.next() * 10 : 60 + random.next() * 40;
  return Math.round(value * 10) / 10;
}

/**
 * Sets of facts that fit {@link GENERATED_SUBJECT}, every field present: the same for the same seed.
 */
export function generateScorecardFacts(count: number, seed = 11): Record<string, unknown>[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, n) => {
    const facts: Record<string, unknown> = { id: `OUT-${n}` };
    for (const name of RATE_FACTS) facts[name] = rate(random);
    for (const name of COUNT_FACTS) facts[name] = random.chance(0.6) ? 0 : random.int(1, 6);
    facts.region = random.pick(REGIONS);
    facts.flagged = random.chance(0.1);
    facts.tags = random.subset(TAGS, 0.3);
    return facts;
  });
}
