import { EvaluateBatchInputSchema, EvaluateInputSchema, LIMITS } from '@precept/schema';
import { describe, expect, it } from 'vitest';
import {
  EvaluateBatchParsedJsonInputSchema,
  EvaluateParsedJsonInputSchema,
  matchRestRoute,
} from './rest-routes.js';

const outcomeOf = (result: { success: boolean; data?: unknown; error?: { issues: unknown[] } }) =>
  result.success ? { data: result.data } : { issues: result.error!.issues };

describe('the REST evaluation input schemas (bodies from JSON.parse)', () => {
  const policyKey = 'service-targets';

  it.each([
    ['no facts', {}],
    ['a number', { facts: 3 }],
    ['an array', { facts: [1] }],
    ['null', { facts: null }],
    ['a string', { facts: 'x' }],
    ['an object, defaults applied', { facts: { a: { b: [1, null, 'x'] } } }],
    ['every field', { facts: {}, asOf: '2026-03-31', version: 2, trace: true }],
    ['bad fields', { facts: {}, asOf: 'yesterday', version: 0, trace: 'yes' }],
    ['unknown fields', { facts: {}, extra: 1 }],
  ])('evaluate: %s parses as the procedure’s schema does', (_, body) => {
    const input = { ...body, policyKey };
    expect(outcomeOf(EvaluateParsedJsonInputSchema.safeParse(input))).toEqual(
      outcomeOf(EvaluateInputSchema.safeParse(input)),
    );
  });

  it.each([
    ['no items', { items: [] }],
    ['too many items', { items: Array.from({ length: LIMITS.batchSize + 1 }, () => ({ facts: {} })) }],
    ['array facts', { items: [{ facts: [] }, { facts: 2 }] }],
    ['good items', { items: [{ facts: { a: 1 } }, { facts: {}, asOf: '2026-01-01' }], trace: true }],
    ['a bad item as-of', { items: [{ facts: {}, asOf: 'soon' }] }],
  ])('evaluateBatch: %s parses as the procedure’s schema does', (_, body) => {
    const input = { ...body, policyKey };
    expect(outcomeOf(EvaluateBatchParsedJsonInputSchema.safeParse(input))).toEqual(
      outcomeOf(EvaluateBatchInputSchema.safeParse(input)),
    );
  });

  it('names $.facts for facts that are not an object', () => {
    const result = EvaluateParsedJsonInputSchema.safeParse({ policyKey, facts: [] });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['facts']]);
  });

  it('passes the facts on as parsed: a `__proto__` key stays an own key (the evaluator refuses it)', () => {
    const input = JSON.parse(
      '{"policyKey":"service-targets","facts":{"__proto__":{"polluted":true}}}',
    ) as object;
    const facts = EvaluateParsedJsonInputSchema.parse(input).facts;
    expect(Object.keys(facts)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(facts)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('has the same fields as the procedure’s schemas', () => {
    expect(Object.keys(EvaluateParsedJsonInputSchema.shape)).toEqual(Object.keys(EvaluateInputSchema.shape));
    expect(Object.keys(EvaluateBatchParsedJsonInputSchema.shape)).toEqual(
      Object.keys(EvaluateBatchInputSchema.shape),
    );
  });
});

describe('matchRestRoute', () => {
  it('matches the evaluation routes with their policy key', () => {
    expect(matchRestRoute('POST', '/api/v1/policies/service-targets/evaluate')).toMatchObject({
      route: { operationId: 'evaluate' },
      params: { policyKey: 'service-targets' },
    });
    expect(matchRestRoute('GET', '/api/v1/policies/service-targets/evaluate')).toEqual({
      methodNotAllowed: true,
    });
    expect(matchRestRoute('POST', '/api/v1/nothing')).toBeUndefined();
  });
});
