// A scorecard document translated into a GoRules JDM decision graph (input → one expression node →
// output) that computes the same total and grade with ZEN expressions, so zen-engine can be timed on
// the equivalent decision. Only what the benchmarked scorecards use is translated; anything else
// throws rather than being approximated.
import type { Condition, FactCondition, JsonValue, ScorecardDocument } from '@precept/schema';

/** A JDM decision graph, as `ZenEngine.createDecision` takes it. */
export interface ZenGraph {
  nodes: {
    id: string;
    type: 'inputNode' | 'expressionNode' | 'outputNode';
    name: string;
    position: { x: number; y: number };
    content: { expressions?: { id: string; key: string; value: string }[] };
  }[];
  edges: { id: string; sourceId: string; targetId: string; type: 'edge' }[];
}

const COMPARISONS = {
  lessThan: '<',
  lessThanInclusive: '<=',
  greaterThan: '>',
  greaterThanInclusive: '>=',
} as const;

function literal(value: JsonValue | undefined): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  throw new Error(`zen translation: unsupported value ${JSON.stringify(value)}`);
}

function leaf(condition: FactCondition): string {
  if (condition.path !== undefined) throw new Error('zen translation: fact paths are not translated');
  const fact = condition.fact;
  const value = condition.value as JsonValue | undefined;
  // A missing fact makes a ZEN comparison fail the whole graph; our operators read it as false.
  const present = `${fact} != null`;
  switch (condition.operator) {
    case 'lessThan':
    case 'lessThanInclusive':
    case 'greaterThan':
    case 'greaterThanInclusive':
      return `(${present} and ${fact} ${COMPARISONS[condition.operator]} ${literal(value)})`;
    case 'between': {
      const [low, high] = value as [number, number];
      return `(${present} and ${fact} >= ${literal(low)} and ${fact} <= ${literal(high)})`;
    }
    case 'equal':
      return `(${fact} == ${literal(value)})`;
    case 'in':
      return `(${present} and ${fact} in ${literal(value)})`;
    case 'contains':
      return `(${present} and ${literal(value)} in ${fact})`;
    case 'notEqual':
    case 'notIn':
    case 'doesNotContain':
    case 'containsAll':
    case 'containsAny':
    case 'exists':
    case 'isEmpty':
    case 'dateBefore':
    case 'dateAfter':
    case 'withinDaysBefore':
    case 'withinDaysAfter':
    case 'olderThanDays':
    case 'withinMonthsBefore':
    case 'olderThanMonths':
      // Not used by the benchmarked scorecards; their missing-value and date semantics would need care.
      throw new Error(`zen translation: operator ${condition.operator} is not translated`);
  }
}

/** A condition tree as a ZEN boolean expression. */
export function toZenCondition(condition: Condition): string {
  if ('all' in condition) return `(${condition.all.map(toZenCondition).join(' and ') || 'true'})`;
  if ('any' in condition) return `(${condition.any.map(toZenCondition).join(' or ') || 'false'})`;
  if ('not' in condition) return `(not ${toZenCondition(condition.not)})`;
  return leaf(condition);
}

function pointsExpression(line: ScorecardDocument['lines'][number]): string {
  const condition = toZenCondition(line.condition);
  const points = line.points;
  if (points.mode === 'fixed') return `${condition} ? ${literal(points.value)} : 0`;
  const fact = points.fact;
  if (points.path !== undefined) throw new Error('zen translation: fact paths are not translated');
  const distance =
    points.above !== undefined
      ? `(${fact} - ${literal(points.above)})`
      : points.below !== undefined
        ? `(${literal(points.below)} - ${fact})`
        : fact;
  const step = literal(points.step ?? 1);
  let amount = `max([0, floor(${distance} / ${step} + 0.000000001)]) * ${literal(points.value)}`;
  if (points.cap !== undefined) amount = `min([${amount}, ${literal(points.cap)}])`;
  return `${condition} ? (${fact} != null ? ${amount} : 0) : 0`;
}

/**
 * The JDM graph of a scorecard: keys `l0 … lN` (each line's points), `c0 …` (each category, capped),
 * `deductions`, `bonuses`, `total` (clamped) and `grade`, computed in that order in one node.
 *
 * @example
 * const decision = new ZenEngine().createDecision(toZenGraph(document));
 * const { result } = await decision.evaluate(facts); // result.total, result.grade
 */
export function toZenGraph(document: ScorecardDocument): ZenGraph {
  const expressions: { key: string; value: string }[] = document.lines.map((line, i) => ({
    key: `l${i}`,
    value: pointsExpression(line),
  }));
  const categories = [...new Set(document.lines.map((line) => line.category))];
  const deductionKeys: string[] = [];
  const bonusKeys: string[] = [];
  categories.forEach((category, c) => {
    const terms = document.lines.flatMap((line, i) => (line.category === category ? [`$.l${i}`] : []));
    const cap = document.categoryCaps.find((entry) => entry.category === category)?.max;
    const sum = terms.join(' + ');
    expressions.push({ key: `c${c}`, value: cap === undefined ? sum : `min([${sum}, ${literal(cap)}])` });
    const isBonus = document.lines.some((line) => line.category === category && line.type === 'bonus');
    (isBonus ? bonusKeys : deductionKeys).push(`$.c${c}`);
  });
  expressions.push({ key: 'deductions', value: deductionKeys.join(' + ') || '0' });
  expressions.push({ key: 'bonuses', value: bonusKeys.join(' + ') || '0' });
  let total = `${literal(document.baseScore)} - $.deductions + $.bonuses`;
  if (document.minScore !== undefined) total = `max([${total}, ${literal(document.minScore)}])`;
  if (document.maxScore !== undefined) total = `min([${total}, ${literal(document.maxScore)}])`;
  expressions.push({ key: 'total', value: total });
  const grade = document.grades.reduceRight(
    (otherwise, band) => `($.total >= ${literal(band.minScore)} ? ${literal(band.grade)} : ${otherwise})`,
    'null',
  );
  expressions.push({ key: 'grade', value: grade });
  const at = { x: 0, y: 0 };
  return {
    nodes: [
      { id: 'request', type: 'inputNode', name: 'request', position: at, content: {} },
      {
        id: 'score',
        type: 'expressionNode',
        name: 'score',
        position: at,
        content: { expressions: expressions.map((entry, i) => ({ id: `x${i}`, ...entry })) },
      },
      { id: 'response', type: 'outputNode', name: 'response', position: at, content: {} },
    ],
    edges: [
      { id: 'e1', sourceId: 'request', targetId: 'score', type: 'edge' },
      { id: 'e2', sourceId: 'score', targetId: 'response', type: 'edge' },
    ],
  };
}
