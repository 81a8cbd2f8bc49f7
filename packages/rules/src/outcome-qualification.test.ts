import type { OutcomeOf, PolicyDocument } from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { compile, evaluate } from './index.js';
import { evaluateWithEngine } from './reference.js';
import { subject, title } from './test/fixtures.js';

const document: PolicyDocument = {
  kind: 'qualification',
  facts: { post: 'post', certificates: 'certificates', skillTests: 'skillTests', trainings: 'trainings' },
  warnWithinDays: 30,
  posts: [
    {
      id: 'teller',
      title: title('teller'),
      requirements: [
        {
          id: 'cert',
          title: title('post certificate'),
          type: 'certificate',
          code: 'TELLER',
          maxAgeMonths: 36,
        },
        {
          id: 'cash',
          title: title('cash counting'),
          type: 'skillTest',
          code: 'CASH',
          minLevel: 3,
          maxAgeMonths: 12,
        },
        { id: 'aml', title: title('AML training'), type: 'training', code: 'AML' },
        {
          id: 'clean',
          title: title('no violations'),
          type: 'condition',
          condition: { all: [{ fact: 'count', operator: 'equal', value: 0 }] },
        },
      ],
    },
    {
      id: 'guard',
      title: title('guard'),
      requirements: [
        {
          id: 'fit',
          title: title('fit'),
          type: 'condition',
          condition: { all: [{ fact: 'flag', operator: 'equal', value: true }] },
        },
      ],
    },
  ],
};
const compiled = compile(document, subject);
const asOf = '2026-03-31';

const qualified = {
  post: 'teller',
  count: 0,
  certificates: [{ code: 'TELLER', issuedOn: '2024-01-15' }],
  skillTests: [{ code: 'CASH', level: 3, takenOn: '2025-06-01' }],
  trainings: [{ code: 'AML', completedOn: '2025-01-01' }],
};
const judge = (facts: object, at = asOf) =>
  evaluate(compiled, facts, { asOf: at }).outcome as OutcomeOf<'qualification'>;
const requirement = (outcome: OutcomeOf<'qualification'>, id: string) =>
  outcome.requirements.find((r) => r.id === id)!;

describe('qualification', () => {
  it('qualifies with every requirement met, explaining each', () => {
    const outcome = judge(qualified);
    expect(outcome).toEqual({
      kind: 'qualification',
      post: 'teller',
      qualified: true,
      requirements: [
        {
          id: 'cert',
          title: title('post certificate'),
          type: 'certificate',
          met: true,
          detail: 'certificate TELLER issued 2024-01-15, valid until 2027-01-15',
          validUntil: '2027-01-15',
        },
        {
          id: 'cash',
          title: title('cash counting'),
          type: 'skillTest',
          met: true,
          detail: 'skill test CASH at level 3 taken 2025-06-01, valid until 2026-06-01',
          validUntil: '2026-06-01',
        },
        {
          id: 'aml',
          title: title('AML training'),
          type: 'training',
          met: true,
          detail: 'training AML completed 2025-01-01, with no expiry',
        },
        { id: 'clean', title: title('no violations'), type: 'condition', met: true, detail: 'condition met' },
      ],
      warnings: [],
    });
  });

  it.each([
    [
      'certificate expired by age',
      { certificates: [{ code: 'TELLER', issuedOn: '2023-03-31' }] },
      'cert',
      false,
      'certificate TELLER issued 2023-03-31 stopped counting on 2026-03-31',
    ],
    [
      'certificate one day younger',
      { certificates: [{ code: 'TELLER', issuedOn: '2023-04-01' }] },
      'cert',
      true,
      'certificate TELLER issued 2023-04-01, valid until 2026-04-01',
    ],
    [
      'certificate expiring earlier than its age limit',
      { certificates: [{ code: 'TELLER', issuedOn: '2025-01-01', expiresOn: '2026-03-31' }] },
      'cert',
      false,
      'certificate TELLER issued 2025-01-01 stopped counting on 2026-03-31',
    ],
    [
      'certificate issued after the as-of date',
      { certificates: [{ code: 'TELLER', issuedOn: '2026-04-01' }] },
      'cert',
      false,
      'certificate TELLER is issued 2026-04-01, after the as-of date',
    ],
    [
      'certificate issued on the as-of date',
      { certificates: [{ code: 'TELLER', issuedOn: '2026-03-31' }] },
      'cert',
      true,
      'certificate TELLER issued 2026-03-31, valid until 2029-03-31',
    ],
    [
      'no certificate',
      { certificates: [{ code: 'OTHER', issuedOn: '2025-01-01' }] },
      'cert',
      false,
      'no certificate TELLER on record',
    ],
    [
      'the best of several records counts',
      {
        certificates: [
          { code: 'TELLER', issuedOn: '2020-01-01' },
          { code: 'TELLER', issuedOn: '2025-01-01' },
        ],
      },
      'cert',
      true,
      'certificate TELLER issued 2025-01-01, valid until 2028-01-01',
    ],
    [
      'skill level below the minimum',
      { skillTests: [{ code: 'CASH', level: 2, takenOn: '2026-01-01' }] },
      'cash',
      false,
      'skill test CASH taken 2026-01-01 is at level 2, below the required 3',
    ],
    [
      'skill test too old',
      { skillTests: [{ code: 'CASH', level: 5, takenOn: '2025-03-31' }] },
      'cash',
      false,
      'skill test CASH taken 2025-03-31 stopped counting on 2026-03-31',
    ],
    ['condition not met', { count: 1 }, 'clean', false, 'condition not met'],
  ])('%s', (_, patch, id, met, detail) => {
    const outcome = judge({ ...qualified, ...patch });
    expect(requirement(outcome, id)).toMatchObject({ met, detail });
    expect(outcome.qualified).toBe(met);
  });

  it('warns when what satisfies a requirement stops counting within warnWithinDays', () => {
    // cash: valid until 2026-06-01; 62 days after 2026-03-31, 30 days after 2026-05-02.
    expect(judge(qualified, '2026-05-01').warnings).toEqual([]);
    expect(judge(qualified, '2026-05-02').warnings).toEqual([
      {
        requirementId: 'cash',
        message: 'skill test CASH stops counting on 2026-06-01, in 30 days',
        validUntil: '2026-06-01',
      },
    ]);
    expect(judge(qualified, '2026-05-31').warnings[0]?.message).toBe(
      'skill test CASH stops counting on 2026-06-01, in 1 day',
    );
    expect(judge(qualified, '2026-06-01')).toMatchObject({ qualified: false, warnings: [] });
  });

  it('is not qualified for a post the document does not have, or without a post', () => {
    expect(judge({ ...qualified, post: 'manager' })).toEqual({
      kind: 'qualification',
      post: 'manager',
      qualified: false,
      requirements: [],
      warnings: [],
    });
    expect(judge({ count: 0 })).toMatchObject({ post: null, qualified: false });
  });

  it('evaluates and traces only the requirements of the post', async () => {
    const { trace } = evaluate(compiled, { ...qualified, post: 'guard', flag: true }, { asOf, trace: true });
    expect(trace).toEqual([
      {
        id: 'fit',
        path: '$.posts[1].requirements[0]',
        result: true,
        conditions: [
          {
            path: '$.posts[1].requirements[0].condition.all[0]',
            fact: 'flag',
            operator: 'equal',
            value: true,
            factValue: true,
            result: true,
          },
        ],
      },
    ]);
    expect(
      await evaluateWithEngine(compiled, { ...qualified, post: 'guard', flag: true }, { asOf, trace: true }),
    ).toEqual(evaluate(compiled, { ...qualified, post: 'guard', flag: true }, { asOf, trace: true }));
    expect(judge({ ...qualified, post: 'guard', flag: true })).toMatchObject({
      qualified: true,
      requirements: [{ id: 'fit', met: true }],
    });
  });
});
