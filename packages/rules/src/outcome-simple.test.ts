import type { OutcomeOf, PolicyDocument } from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { compile, evaluate } from './index.js';
import { evaluateWithEngine } from './reference.js';
import { subject, title } from './test/fixtures.js';

const asOf = '2026-01-31';

describe('standard', () => {
  const document: PolicyDocument = {
    kind: 'standard',
    targets: [
      {
        id: 'satisfaction',
        title: title('satisfaction ≥ 95'),
        severity: 'major',
        condition: { all: [{ fact: 'score', operator: 'greaterThanInclusive', value: 95 }] },
      },
      {
        id: 'staffing',
        title: title('staff and city'),
        severity: 'minor',
        condition: {
          any: [
            { fact: 'branch', path: '$.staff', operator: 'greaterThan', value: 600 },
            { not: { fact: 'branch', path: '$.city', operator: 'in', value: ['a', 'b'] } },
          ],
        },
      },
      {
        id: 'peers',
        title: title('leads peers'),
        severity: 'critical',
        condition: { all: [{ fact: 'score', operator: 'greaterThan', value: { fact: 'other' } }] },
      },
    ],
  };
  const compiled = compile(document, subject);

  it.each([
    [{ score: 95, other: 94, branch: { staff: 601, city: 'a' } }, [true, true, true]],
    [{ score: 94.99, other: 94, branch: { staff: 600, city: 'a' } }, [false, false, true]],
    [{ score: 95, other: 95, branch: { staff: 600, city: 'c' } }, [true, true, false]],
    // `not` negates a comparison that is false for a missing fact: a missing city is "not in" the list.
    [{}, [false, true, false]],
  ])('%j → %j', (facts, met) => {
    const outcome = evaluate(compiled, facts, { asOf }).outcome as OutcomeOf<'standard'>;
    expect(outcome.targets.map((target) => target.met)).toEqual(met);
    expect(outcome.metCount).toBe(met.filter(Boolean).length);
    expect(outcome.met).toBe(met.every(Boolean));
  });

  it('lists the actual values read, by fact and path, and traces each condition', () => {
    const facts = { score: 96, other: 97, branch: { staff: 12, city: 'b' } };
    const { outcome, trace } = evaluate(compiled, facts, { asOf, trace: true });
    expect((outcome as OutcomeOf<'standard'>).targets).toEqual([
      {
        id: 'satisfaction',
        title: title('satisfaction ≥ 95'),
        met: true,
        severity: 'major',
        actual: { score: 96 },
      },
      {
        id: 'staffing',
        title: title('staff and city'),
        met: false,
        severity: 'minor',
        actual: { 'branch.staff': 12, 'branch.city': 'b' },
      },
      {
        id: 'peers',
        title: title('leads peers'),
        met: false,
        severity: 'critical',
        actual: { score: 96, other: 97 },
      },
    ]);
    expect(trace[1]).toEqual({
      id: 'staffing',
      path: '$.targets[1]',
      result: false,
      conditions: [
        {
          path: '$.targets[1].condition.any[0]',
          fact: 'branch',
          factPath: '$.staff',
          operator: 'greaterThan',
          value: 600,
          factValue: 12,
          result: false,
        },
        {
          path: '$.targets[1].condition.any[1].not',
          fact: 'branch',
          factPath: '$.city',
          operator: 'in',
          value: ['a', 'b'],
          factValue: 'b',
          result: true,
        },
      ],
    });
    expect(trace[2]!.conditions[0]).toEqual({
      path: '$.targets[2].condition.all[0]',
      fact: 'score',
      operator: 'greaterThan',
      value: 97,
      factValue: 96,
      result: false,
    });
  });
});

describe('checklist', () => {
  const item = (id: string, points: number, fact: string, critical = false, deadlineDays = 7) => ({
    id,
    title: title(id),
    points,
    critical,
    condition: { all: [{ fact, operator: 'equal' as const, value: true }] },
    rectification: { owner: `${id} owner`, deadlineDays },
  });
  const document: PolicyDocument = {
    kind: 'checklist',
    passPercent: 80,
    sections: [
      {
        id: 'hall',
        title: title('hall'),
        items: [item('greeting', 2, 'flag'), item('queue', 1, 'flag', false, 30)],
      },
      {
        id: 'safety',
        title: title('safety'),
        items: [
          {
            ...item('cash', 3, 'flag', true, 0),
            condition: { all: [{ fact: 'count', operator: 'lessThanInclusive', value: 0 }] },
          },
          {
            ...item('tidy', 1, 'flag'),
            condition: { all: [{ fact: 'score', operator: 'greaterThanInclusive', value: 90 }] },
          },
        ],
      },
    ],
  };
  const compiled = compile(document, subject);

  it.each([
    // flag (greeting 2 + queue 1), count ≤ 0 (cash 3, critical), score ≥ 90 (tidy 1)
    [{ flag: true, count: 0, score: 90 }, 7, 100, true],
    [{ flag: false, count: 0, score: 90 }, 4, 57.14, false],
    [{ flag: true, count: 1, score: 90 }, 4, 57.14, false],
    [{ flag: true, count: 0, score: 89 }, 6, 85.71, true],
  ])('%j → score %d (%d%), passed %s', (facts, score, percent, passed) => {
    const outcome = evaluate(compiled, facts, { asOf }).outcome as OutcomeOf<'checklist'>;
    expect([outcome.score, outcome.maxScore, outcome.percent, outcome.passed]).toEqual([
      score,
      7,
      percent,
      passed,
    ]);
  });

  it('passes exactly at the pass mark and lists failures, critical failures and rectification actions', () => {
    const atMark = compile({ ...document, passPercent: 85.71 }, subject);
    expect(
      (evaluate(atMark, { flag: true, count: 0, score: 89 }, { asOf }).outcome as OutcomeOf<'checklist'>)
        .passed,
    ).toBe(true);
    const above = compile({ ...document, passPercent: 85.72 }, subject);
    expect(
      (evaluate(above, { flag: true, count: 0, score: 89 }, { asOf }).outcome as OutcomeOf<'checklist'>)
        .passed,
    ).toBe(false);

    const outcome = evaluate(compiled, { flag: false, count: 2, score: 95 }, { asOf })
      .outcome as OutcomeOf<'checklist'>;
    expect(outcome).toMatchObject({
      score: 1,
      passed: false,
      sections: [
        { id: 'hall', score: 0, maxScore: 3 },
        { id: 'safety', score: 1, maxScore: 4 },
      ],
      failedItems: ['greeting', 'queue', 'cash'],
      criticalFailures: ['cash'],
      actions: [
        { itemId: 'greeting', title: title('greeting'), owner: 'greeting owner', dueDate: '2026-02-07' },
        { itemId: 'queue', title: title('queue'), owner: 'queue owner', dueDate: '2026-03-02' },
        { itemId: 'cash', title: title('cash'), owner: 'cash owner', dueDate: '2026-01-31' },
      ],
    });
    expect(outcome.items[2]).toEqual({
      id: 'cash',
      sectionId: 'safety',
      passed: false,
      points: 3,
      awarded: 0,
      critical: true,
    });
  });

  it('fails on a critical item even at 100% of the other points', () => {
    const doc: PolicyDocument = { ...document, passPercent: 0 };
    const outcome = evaluate(compile(doc, subject), { flag: true, count: 5, score: 99 }, { asOf })
      .outcome as OutcomeOf<'checklist'>;
    expect([outcome.passed, outcome.criticalFailures]).toEqual([false, ['cash']]);
  });

  it('dates the actions from the day of an instant as-of in the business time zone', () => {
    const facts = { flag: false, count: 0, score: 99 };
    const at = { asOf: '2026-02-01T01:00:00+08:00' };
    const dueIn = (options: { asOf: string; timeZone?: string }) =>
      (evaluate(compiled, facts, options).outcome as OutcomeOf<'checklist'>).actions[0]!.dueDate;
    // 01:00 in Beijing is 2026-02-01 there (the default zone), still 2026-01-31 in UTC.
    expect(dueIn(at)).toBe('2026-02-08');
    expect(dueIn({ ...at, timeZone: 'UTC' })).toBe('2026-02-07');
    expect(() => evaluate(compiled, facts, { ...at, timeZone: 'Mars/Olympus' })).toThrow(/timeZone/);
  });
});

describe('escalation', () => {
  const level = (id: string, severity: number, condition: object, responseHours: number) => ({
    id,
    title: title(id),
    severity,
    condition,
    reportTo: [`${id} leader`, 'office'],
    responseHours,
    authority: `${id} authority`,
    actions: [{ id: 'report', title: title('report'), owner: 'duty officer', deadlineHours: 2 }],
  });
  const document = {
    kind: 'escalation',
    levels: [
      level(
        'major',
        3,
        {
          any: [
            { fact: 'flag', operator: 'equal', value: true },
            { fact: 'count', operator: 'greaterThanInclusive', value: 10 },
          ],
        },
        1,
      ),
      level('serious', 2, { all: [{ fact: 'count', operator: 'greaterThanInclusive', value: 3 }] }, 24),
      level('general', 1, { all: [{ fact: 'count', operator: 'greaterThanInclusive', value: 1 }] }, 72),
    ],
  } as PolicyDocument;
  const compiled = compile(document, subject);

  it.each([
    [{ count: 0 }, null],
    [{ count: 1 }, 'general'],
    [{ count: 2 }, 'general'],
    [{ count: 3 }, 'serious'],
    [{ count: 9 }, 'serious'],
    [{ count: 10 }, 'major'],
    [{ count: 0, flag: true }, 'major'],
  ])('%j → %s (first match wins)', (facts, expected) => {
    expect((evaluate(compiled, facts, { asOf }).outcome as OutcomeOf<'escalation'>).level).toBe(expected);
  });

  it('gives the report chain, authority and deadlines from the as-of instant', () => {
    const { outcome, trace } = evaluate(
      compiled,
      { count: 4 },
      { asOf: '2026-01-31T22:30:00+08:00', trace: true },
    );
    expect(outcome).toEqual({
      kind: 'escalation',
      level: 'serious',
      title: title('serious'),
      severity: 2,
      reportTo: ['serious leader', 'office'],
      authority: 'serious authority',
      respondBy: '2026-02-01T14:30:00.000Z',
      actions: [
        { id: 'report', title: title('report'), owner: 'duty officer', dueBy: '2026-01-31T16:30:00.000Z' },
      ],
    });
    expect(trace.map((rule) => rule.result)).toEqual([false, true, true]);
    expect(trace[0]!.conditions.map((condition) => [condition.factValue, condition.result])).toEqual([
      [undefined, false],
      [4, false],
    ]);
    expect(evaluate(compiled, { count: 0 }, { asOf }).outcome).toEqual({
      kind: 'escalation',
      level: null,
      title: null,
      severity: null,
      reportTo: [],
      authority: null,
      respondBy: null,
      actions: [],
    });
  });
});

describe('ruleset', () => {
  const document: PolicyDocument = {
    kind: 'ruleset',
    rules: [
      {
        id: 'low',
        priority: 1,
        conditions: { all: [{ fact: 'count', operator: 'greaterThan', value: 0 }] },
        event: { type: 'notify', params: { channel: 'mail' } },
      },
      {
        id: 'high',
        priority: 5,
        conditions: { all: [{ fact: 'count', operator: 'greaterThan', value: 5 }] },
        event: { type: 'escalate' },
      },
      {
        id: 'mid',
        priority: 1,
        conditions: { not: { fact: 'flag', operator: 'equal', value: true } },
        event: { type: 'audit' },
      },
    ],
  };
  const compiled = compile(document, subject);

  it.each([
    [{ count: 6, flag: false }, ['high', 'low', 'mid']],
    [{ count: 1, flag: true }, ['low']],
    [{ count: 0 }, ['mid']],
  ])('%j fires %j, higher priority first, then document order', async (facts, fired) => {
    const { outcome } = evaluate(compiled, facts, { asOf });
    expect((outcome as OutcomeOf<'ruleset'>).events.map((event) => event.ruleId)).toEqual(fired);
    expect((await evaluateWithEngine(compiled, facts, { asOf })).outcome).toEqual(outcome);
  });

  it('carries event types and params', () => {
    expect(evaluate(compiled, { count: 6, flag: true }, { asOf }).outcome).toEqual({
      kind: 'ruleset',
      events: [
        { ruleId: 'high', type: 'escalate' },
        { ruleId: 'low', type: 'notify', params: { channel: 'mail' } },
      ],
    });
  });
});
