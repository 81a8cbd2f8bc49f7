import {
  GUIDELINE_POLICIES,
  GUIDELINE_SUBJECTS,
  type JsonValue,
  type Outcome,
  type ScorecardDocument,
} from '@precept/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compile,
  diffOutcomes,
  evaluate,
  outcomeElements,
  outcomeNumbers,
  safeEvaluate,
  type OutcomeChange,
} from './index.js';
import { asOfArb, documentArbs, factsArb } from './test/arbitraries.js';
import { subject as fixtureSubject } from './test/fixtures.js';

const scorecard = GUIDELINE_POLICIES.find((p) => p.policy.key === 'service-performance-scorecard')!;
const subject = GUIDELINE_SUBJECTS.find((s) => s.key === scorecard.policy.subjectKey)!;
const facts = scorecard.testCases[0]!.facts;
const asOf = '2026-06-30';

describe('diffOutcomes', () => {
  it('is empty for one outcome, and names changed values by element id, titles left out', () => {
    const before = evaluate(compile(scorecard.document, subject), facts, { asOf }).outcome;
    expect(diffOutcomes(before, before)).toEqual([]);

    const document = structuredClone(scorecard.document) as ScorecardDocument;
    document.baseScore -= 5;
    document.lines[0]!.title = { zh: '改了', en: 'renamed' };
    const after = evaluate(compile(document, subject), facts, { asOf }).outcome;
    const changes = diffOutcomes(before, after);
    expect(changes).toContainEqual({
      path: '$.baseScore',
      before: document.baseScore + 5,
      after: document.baseScore,
    });
    expect(changes.some((c) => c.path === '$.total')).toBe(true);
    expect(changes.some((c) => c.path.endsWith('.title'))).toBe(false);
  });

  it('names a scorecard category by its id, not its position', () => {
    const document = structuredClone(scorecard.document) as ScorecardDocument;
    const complaints = document.lines.find((line) => line.id === 'complaints')!;
    if (complaints.points.mode === 'perUnit') complaints.points.value = 3;
    const withComplaints = { ...facts, complaints: 2 };
    const changes = diffOutcomes(
      evaluate(compile(scorecard.document, subject), withComplaints, { asOf }).outcome,
      evaluate(compile(document, subject), withComplaints, { asOf }).outcome,
    );
    expect(changes).toContainEqual({ path: '$.categories[reputation].points', before: 4, after: 6 });
    expect(changes.some((c) => /^\$\.categories\[\d/.test(c.path))).toBe(false);
  });

  it('names an element that appears or disappears, and stops at the limit', () => {
    const before = { kind: 'ruleset' as const, events: [{ ruleId: 'a', type: 'x' }] };
    const after = { kind: 'ruleset' as const, events: [{ ruleId: 'b', type: 'x' }] };
    expect(diffOutcomes(before, after)).toEqual([{ path: '$.events[0].ruleId', before: 'a', after: 'b' }]);
    const many = {
      kind: 'standard' as const,
      met: true,
      metCount: 1,
      targets: Array.from({ length: 5 }, (_, i) => ({
        id: `t${i}`,
        title: { zh: 't', en: 't' },
        met: true,
        severity: 'major' as const,
        actual: {},
      })),
    };
    const none = { ...many, met: false, targets: many.targets.map((t) => ({ ...t, met: false })) };
    expect(diffOutcomes(many, none, 3)).toHaveLength(3);
    expect(diffOutcomes(many, none)[0]).toEqual({ path: '$.met', before: true, after: false });
    expect(diffOutcomes(many, none)).toContainEqual({
      path: '$.targets[t4].met',
      before: true,
      after: false,
    });
  });
  it('names a key only one side has, also when both have as many keys', () => {
    const before = {
      kind: 'ruleset',
      events: [{ ruleId: 'a', type: 'x', title: 't' }],
    } as unknown as Outcome;
    const after = { kind: 'ruleset', events: [{ ruleId: 'a', type: 'x', params: 2 }] } as unknown as Outcome;
    expect(diffOutcomes(before, after)).toEqual([
      { path: '$.events[0].params', before: undefined, after: 2 },
    ]);
    expect(diffOutcomes(after, before)).toEqual([
      { path: '$.events[0].params', before: 2, after: undefined },
    ]);
  });
});

describe('outcomeNumbers and outcomeElements', () => {
  it('gives a scorecard its total and its lines', () => {
    const outcome = evaluate(compile(scorecard.document, subject), facts, { asOf }).outcome;
    expect(Object.keys(outcomeNumbers(outcome))).toEqual(['total']);
    expect(outcomeElements(outcome).map((e) => e.id)).toEqual(
      scorecard.document.kind === 'scorecard' ? scorecard.document.lines.map((l) => l.id) : [],
    );
  });
});

// The diff as first written: every key of every object sorted and walked, keyed lists matched by id
// through a map. The diff of record skips equal values first; it must say exactly the same.
const TEXT_KEYS = new Set(['title', 'reason', 'gradeLabel', 'detail', 'message']);
const isObject = (v: unknown): v is Record<string, JsonValue> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const isScalar = (v: JsonValue | undefined): boolean => v === null || typeof v !== 'object';
function idOf(v: JsonValue | undefined): string | undefined {
  if (!isObject(v)) return undefined;
  const { id, itemId, requirementId, category } = v;
  return typeof id === 'string'
    ? id
    : typeof itemId === 'string'
      ? itemId
      : typeof requirementId === 'string'
        ? requirementId
        : typeof category === 'string'
          ? category
          : undefined;
}
function referenceWalk(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path: string,
  out: OutcomeChange[],
  limit: number,
): void {
  if (out.length >= limit || before === after) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeIds = before.map(idOf);
    const afterIds = after.map(idOf);
    if (!beforeIds.includes(undefined) && !afterIds.includes(undefined)) {
      const afterById = new Map(after.map((a, i) => [afterIds[i]!, a]));
      for (let i = 0; i < before.length; i += 1)
        referenceWalk(before[i], afterById.get(beforeIds[i]!), `${path}[${beforeIds[i]!}]`, out, limit);
      for (let i = 0; i < after.length; i += 1)
        if (!beforeIds.includes(afterIds[i]))
          referenceWalk(undefined, after[i], `${path}[${afterIds[i]!}]`, out, limit);
      return;
    }
    if (before.every(isScalar) && after.every(isScalar)) {
      if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, before, after });
      return;
    }
    for (let i = 0; i < Math.max(before.length, after.length); i += 1)
      referenceWalk(before[i], after[i], `${path}[${i}]`, out, limit);
    return;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys)
      if (!TEXT_KEYS.has(key)) referenceWalk(before[key], after[key], `${path}.${key}`, out, limit);
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, before, after });
}
function referenceDiff(before: Outcome, after: Outcome, limit = 100): OutcomeChange[] {
  const out: OutcomeChange[] = [];
  referenceWalk(before, after, '$', out, limit);
  return out;
}

/** A copy of a JSON value with the values at a few positions (in walk order) replaced. */
function mutated(value: JsonValue, edits: ReadonlyMap<number, JsonValue>): JsonValue {
  let position = 0;
  const visit = (v: JsonValue): JsonValue => {
    const replacement = edits.get(position);
    position += 1;
    if (replacement !== undefined) return replacement;
    if (Array.isArray(v)) return v.map(visit);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
    return v;
  };
  return visit(value);
}

describe('diffOutcomes ≡ the straightforward walk', () => {
  it.each(Object.entries(documentArbs))(
    '%s: outcomes of two fact sets, and an outcome against an edited copy',
    (_, documentArb) => {
      fc.assert(
        fc.property(
          documentArb,
          factsArb,
          factsArb,
          asOfArb,
          fc.array(
            fc.tuple(
              fc.nat(60),
              fc.oneof<fc.Arbitrary<JsonValue>[]>(
                fc.boolean(),
                fc.integer({ min: -5, max: 5 }),
                fc.constant(null),
                fc.constant('x'),
                fc.constant([]),
                fc.constant({}),
              ),
            ),
            { maxLength: 3 },
          ),
          fc.integer({ min: 1, max: 8 }),
          (document, factsA, factsB, asOf, edits, limit) => {
            const compiled = compile(document, fixtureSubject);
            const a = safeEvaluate(compiled, factsA, { asOf });
            const b = safeEvaluate(compiled, factsB, { asOf });
            if (!a.ok || !b.ok) return;
            const before = a.value.outcome;
            const after = b.value.outcome;
            const edited = mutated(before, new Map(edits)) as unknown as Outcome;
            for (const [x, y] of [
              [before, after],
              [after, before],
              [before, edited],
              [edited, before],
              [before, before],
            ] as const) {
              expect(diffOutcomes(x, y)).toEqual(referenceDiff(x, y));
              expect(diffOutcomes(x, y, limit)).toEqual(referenceDiff(x, y, limit));
            }
          },
        ),
        { numRuns: 300 },
      );
    },
  );
});
