// A compact outcome joined with its document is the evaluator's full outcome, member for member and
// hash for hash: over every default policy with its test cases and the demo facts, and over
// generated policies of every kind with generated facts.
import {
  CompactOutcomeSchema,
  type CompactOutcome,
  GUIDELINE_EFFECTIVE_FROM,
  GUIDELINE_POLICIES,
  GUIDELINE_SUBJECTS,
  generateDemoFacts,
  type JsonObject,
  type PolicyDocument,
} from '@precept/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compactOutcome,
  compile,
  contentHash,
  expandOutcome,
  OutcomeShapeError,
  safeEvaluate,
} from './index.js';
import { asOfArb, documentArbs, factsArb } from './test/arbitraries.js';
import { subject } from './test/fixtures.js';

/** How often the compact forms' less common members occurred (so the properties are known to reach them). */
const seen = new Map<string, number>();
function note(compact: CompactOutcome): void {
  const tags: string[] = [];
  if (compact.kind === 'scorecard') {
    for (const line of compact.lines) {
      if (line.categoryCapped === true) tags.push('scorecard: category cap');
      if (line.units !== undefined)
        tags.push(line.value === undefined ? 'scorecard: fact missing' : 'scorecard: per unit');
    }
  }
  if (compact.kind === 'qualification') {
    for (const requirement of compact.requirements)
      tags.push(`qualification: ${requirement.failure ?? (requirement.met ? 'met' : 'condition')}`);
    if (compact.warnings.length > 0) tags.push('qualification: warning');
  }
  for (const tag of tags) seen.set(tag, (seen.get(tag) ?? 0) + 1);
}

/** Compacts and expands one evaluation; returns how many decisions it checked (0 or 1). */
function checkRoundTrip(compiled: ReturnType<typeof compile>, facts: unknown, asOf: string): number {
  const evaluation = safeEvaluate(compiled, facts, { asOf });
  if (!evaluation.ok) return 0;
  const full = evaluation.value.outcome;
  const compact = compactOutcome(full, compiled.document, facts as JsonObject);
  note(compact);
  // Facts may hold null-prototype objects; the schema's copy is plain.
  expect(CompactOutcomeSchema.parse(compact)).toEqual(compact);
  // Through JSON, as the decision log and the wire carry it.
  const expanded = expandOutcome(JSON.parse(JSON.stringify(compact)), compiled.document);
  // The same text, key order included (so the same bytes on the wire and the same hash).
  expect(JSON.stringify(expanded)).toBe(JSON.stringify(full));
  // Equal as JSON values: JSON has no -0, so a fact of -0 comes back as the 0 its text already was.
  expect(expanded).toEqual(JSON.parse(JSON.stringify(full)));
  expect(contentHash(expanded)).toBe(contentHash(full));
  return 1;
}

const subjectOf = (key: string) => GUIDELINE_SUBJECTS.find((s) => s.key === key)!;

describe('compact outcomes of the default policies', () => {
  const demo = generateDemoFacts();
  it.each(GUIDELINE_POLICIES.map((p) => [p.policy.key, p] as const))(
    '%s',
    (key, { policy, document, testCases }) => {
      const compiled = compile(document, subjectOf(policy.subjectKey));
      let checked = 0;
      for (const testCase of testCases) {
        checked += checkRoundTrip(compiled, testCase.facts, testCase.asOf ?? GUIDELINE_EFFECTIVE_FROM);
      }
      for (const item of demo.filter((d) => d.policyKey === key))
        checked += checkRoundTrip(compiled, item.facts, item.asOf);
      expect(checked).toBeGreaterThanOrEqual(testCases.length);
    },
  );

  it('are smaller than the full outcomes', () => {
    const { policy, document, testCases } = GUIDELINE_POLICIES.find(
      (p) => p.policy.key === 'service-performance-scorecard',
    )!;
    const compiled = compile(document, subjectOf(policy.subjectKey));
    const testCase = testCases[0]!;
    const evaluation = safeEvaluate(compiled, testCase.facts, { asOf: GUIDELINE_EFFECTIVE_FROM });
    if (!evaluation.ok) throw new Error('the test case does not evaluate');
    const compact = compactOutcome(evaluation.value.outcome, document, testCase.facts);
    expect(JSON.stringify(compact).length * 4).toBeLessThan(JSON.stringify(evaluation.value.outcome).length);
  });
});

describe('compact outcomes of generated policies', () => {
  it.each(Object.entries(documentArbs))(
    '%s',
    (_, documentArb) => {
      let checked = 0;
      fc.assert(
        fc.property(
          documentArb,
          fc.array(factsArb, { minLength: 5, maxLength: 8 }),
          asOfArb,
          (document, factSets, asOf) => {
            const compiled = compile(document, subject);
            for (const facts of factSets) checked += checkRoundTrip(compiled, facts, asOf);
          },
        ),
        { numRuns: 150 },
      );
      expect(checked).toBeGreaterThan(150);
    },
    120_000,
  );

  it('round-trip a fact of -0 (found by the property above: JSON writes it as 0, the hash is the same)', () => {
    const document = {
      kind: 'standard',
      targets: [
        {
          id: 't0',
          title: { zh: 't0', en: 't0' },
          condition: { all: [{ fact: 'score', operator: 'equal', value: { fact: 'other' } }] },
          severity: 'minor',
        },
      ],
    } as PolicyDocument;
    expect(checkRoundTrip(compile(document, subject), { score: -0 }, '2026-01-01')).toBe(1);
  });

  it('reach every branch of the compact forms', () => {
    for (const tag of [
      'scorecard: category cap',
      'scorecard: fact missing',
      'scorecard: per unit',
      'qualification: met',
      'qualification: noRecord',
      'qualification: belowLevel',
      'qualification: afterAsOf',
      'qualification: expired',
      'qualification: warning',
    ]) {
      expect(seen.get(tag) ?? 0, tag).toBeGreaterThan(0);
    }
  });
});

describe('expandOutcome refuses what does not fit', () => {
  const scorecard = GUIDELINE_POLICIES.find(
    (p) => p.policy.key === 'service-performance-scorecard',
  )!.document;
  const standard = GUIDELINE_POLICIES.find((p) => p.policy.key === 'service-targets')!.document;
  it.each<[string, CompactOutcome, PolicyDocument]>([
    ['another kind', { kind: 'ruleset', fired: [] }, scorecard],
    [
      'an unknown line',
      {
        kind: 'scorecard',
        total: 1,
        deductions: 0,
        bonuses: 0,
        grade: null,
        lines: [{ id: 'nope', points: 1 }],
      },
      scorecard,
    ],
    ['targets of another version', { kind: 'standard', met: true, metCount: 0, targets: [] }, standard],
  ])('%s', (_, compact, document) => {
    expect(() => expandOutcome(compact, document)).toThrow(OutcomeShapeError);
  });
});
