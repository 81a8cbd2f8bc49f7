import { describe, expect, it } from 'vitest';
import {
  AppError,
  ConditionSchema,
  FACT_PATH_PATTERN,
  FieldNameSchema,
  OPERATORS,
  OPERATOR_NAMES,
  PolicyDocumentSchema,
  isAppError,
  isIsoDate,
  isOperatorName,
} from './index.js';

describe('isIsoDate', () => {
  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00:00Z', false],
    [20260101, false],
  ])('%s → %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

describe('names and paths', () => {
  it.each(['__proto__', 'constructor', 'prototype', '1abc', 'a-b', ''])('refuses fact name %j', (name) => {
    expect(FieldNameSchema.safeParse(name).success).toBe(false);
  });
  it.each(['$.a', '$.a.b[0].c', '$[3]'])('accepts path %s', (path) => {
    expect(FACT_PATH_PATTERN.test(path)).toBe(true);
  });
  it.each([
    '$',
    'a.b',
    '$..a',
    '$.a[?(@.b)]',
    '$.a[*]',
    '$["a"]',
    '$.a.',
    "$.constructor.constructor('x')()",
  ])('refuses path %s', (path) => {
    expect(FACT_PATH_PATTERN.test(path)).toBe(false);
  });
});

describe('operator registry', () => {
  it('lists every operator once and knows no inherited names', () => {
    expect(new Set(OPERATOR_NAMES).size).toBe(Object.keys(OPERATORS).length);
    expect(isOperatorName('toString')).toBe(false);
    expect(isOperatorName('__proto__')).toBe(false);
    expect(isOperatorName('between')).toBe(true);
  });
  it('has no regular-expression operator', () => {
    expect(OPERATOR_NAMES.filter((name) => /regex|match/i.test(name))).toEqual([]);
  });
});

describe('condition and document shapes', () => {
  it('parses a nested condition and refuses an unknown operator', () => {
    const ok = ConditionSchema.safeParse({
      all: [
        { any: [{ fact: 'a', operator: 'equal', value: 1 }] },
        { not: { fact: 'b', operator: 'exists', value: true } },
      ],
    });
    expect(ok.success).toBe(true);
    expect(ConditionSchema.safeParse({ fact: 'a', operator: 'regex', value: '.*' }).success).toBe(false);
  });
  it('discriminates documents by kind and refuses unknown keys', () => {
    const doc = { kind: 'ruleset', rules: [{ id: 'r1', conditions: { all: [] }, event: { type: 'x' } }] };
    expect(PolicyDocumentSchema.parse(doc)).toMatchObject({ kind: 'ruleset', rules: [{ priority: 1 }] });
    expect(PolicyDocumentSchema.safeParse({ ...doc, extra: true }).success).toBe(false);
    expect(PolicyDocumentSchema.safeParse({ kind: 'unknown' }).success).toBe(false);
  });
});

describe('AppError', () => {
  it('serialises code, message and issues without a stack', () => {
    const error = new AppError('VALIDATION', 'bad', { issues: [{ path: '$.a', code: 'x', message: 'y' }] });
    expect(isAppError(error)).toBe(true);
    expect(error.toData()).toEqual({
      code: 'VALIDATION',
      message: 'bad',
      issues: [{ path: '$.a', code: 'x', message: 'y' }],
    });
    expect(JSON.stringify(error.toData())).not.toContain('at ');
  });
});
