import { GUIDELINE_POLICIES, GUIDELINE_SUBJECTS, type ScorecardDocument } from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { compile, diffOutcomes, evaluate, outcomeElements, outcomeNumbers } from './index.js';

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
