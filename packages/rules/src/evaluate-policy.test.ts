import { createRequire } from 'node:module';
import { isAppError, OutcomeSchema, TraceSchema, type PolicyDocument } from '@precept/schema';
import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  compile,
  contentHash,
  ENGINE_VERSION,
  evaluate,
  OPERATOR_IMPLS,
  resolveFactPath,
  safeCompile,
  safeEvaluate,
  validate,
} from './index.js';
import { evaluateWithEngine, toEngineRules } from './reference.js';
import { asOfArb, documentArb, factsArb } from './test/arbitraries.js';
import { scorecard, strictSubject, subject } from './test/fixtures.js';

const asOf = '2026-01-01';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

describe('ENGINE_VERSION', () => {
  it('names the json-rules-engine release actually installed', () => {
    const require = createRequire(import.meta.url);
    const { version } = require('json-rules-engine/package.json') as { version: string };
    expect(ENGINE_VERSION).toBe(`precept-rules/1 json-rules-engine/${version}`);
  });
});

describe('compile', () => {
  it('returns a frozen compiled policy with the content hash of the validated document', () => {
    const compiled = compile(scorecard, subject);
    expect(compiled.kind).toBe('scorecard');
    expect(compiled.engineVersion).toBe(ENGINE_VERSION);
    expect(compiled.ruleCount).toBe(4);
    const validated = validate(scorecard, subject);
    expect(compiled.contentHash).toBe(contentHash(validated.document));
    expect(compiled.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(
      Object.isFrozen(compiled) && Object.isFrozen(compiled.document) && Object.isFrozen(compiled.subject),
    ).toBe(true);
    expect(JSON.parse(JSON.stringify(compiled))).toEqual({ ...compiled });
  });

  it('hashes defaults as if they were written out', () => {
    const { categoryCaps: _, ...withoutCaps } = {
      ...(scorecard as Extract<PolicyDocument, { kind: 'scorecard' }>),
      categoryCaps: [],
    };
    expect(compile(withoutCaps as PolicyDocument, subject).contentHash).toBe(
      compile({ ...withoutCaps, categoryCaps: [] }, subject).contentHash,
    );
  });

  it('throws VALIDATION with every issue; safeCompile returns them', () => {
    const bad = { kind: 'standard', targets: [] } as unknown as PolicyDocument;
    expect(() => compile(bad, subject)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        issues: [expect.objectContaining({ path: '$.targets' })],
      }),
    );
    expect(safeCompile(bad, subject)).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: expect.any(String),
        issues: [expect.objectContaining({ path: '$.targets' })],
      },
    });
    expect(safeCompile(scorecard, subject)).toMatchObject({ ok: true, value: { kind: 'scorecard' } });
  });

  it('exports the rules as plain json-rules-engine JSON that runs with our operators and resolver', async () => {
    const compiled = compile(scorecard, subject);
    const rules = toEngineRules(compiled);
    expect(() => canonicalJson(rules)).not.toThrow();
    expect(rules).toHaveLength(4);
    expect(rules[0]).toMatchObject({
      name: '$.lines[0]',
      priority: 1,
      event: { type: 'precept.rule', params: { id: 'complaints', path: '$.lines[0]' } },
    });
    const engine = new Engine(rules as never[], { allowUndefinedFacts: true, pathResolver: resolveFactPath });
    for (const [name, impl] of Object.entries(OPERATOR_IMPLS)) {
      engine.addOperator(name, (a: unknown, b: unknown) => impl(a, b, { asOfDay: 0 }));
    }
    const { events } = await engine.run({ count: 1, flag: true });
    expect(events.map((event) => (event.params as { id: string }).id).sort()).toEqual([
      'complaints',
      'media',
    ]);
  });
});

describe('evaluate', () => {
  const compiled = compile(scorecard, subject);

  it('returns an outcome and a trace that match the schema, or no trace when asked', () => {
    const { outcome, trace } = evaluate(compiled, { count: 2 }, { asOf, trace: true });
    expect(OutcomeSchema.parse(outcome)).toEqual(outcome);
    expect(TraceSchema.parse(trace)).toEqual(trace);
    expect(trace).toHaveLength(4);
    expect(evaluate(compiled, { count: 2 }, { asOf, trace: false })).toEqual({ outcome, trace: [] });
  });

  it('checks the facts first: FACTS_INVALID lists every issue (both evaluators, and the safe variant)', async () => {
    const facts = { count: 'two', ghost: 1 };
    const error = expect.objectContaining({
      code: 'FACTS_INVALID',
      issues: [
        expect.objectContaining({ path: '$.count', code: 'wrong_type' }),
        expect.objectContaining({ path: '$.ghost', code: 'unknown_field' }),
      ],
    });
    expect(() => evaluate(compiled, facts, { asOf })).toThrow(error);
    await expect(evaluateWithEngine(compiled, facts, { asOf })).rejects.toThrow(error);
    expect(safeEvaluate(compiled, facts, { asOf })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'FACTS_INVALID' }),
    });
    const requiredMissing = compile(
      {
        kind: 'standard',
        targets: [
          {
            id: 't',
            title: { zh: 't', en: 't' },
            severity: 'minor',
            condition: { all: [{ fact: 'n', operator: 'exists', value: true }] },
          },
        ],
      },
      strictSubject,
    );
    expect(safeEvaluate(requiredMissing, {}, { asOf })).toMatchObject({
      ok: false,
      error: { code: 'FACTS_INVALID', issues: [{ path: '$.id', code: 'missing' }] },
    });
  });

  it.each([undefined, '', '2026-02-30', '2026-01-01T00:00:00', 'now', 20260101])(
    'refuses as-of %j with VALIDATION',
    (bad) => {
      expect(safeEvaluate(compiled, {}, { asOf: bad as string })).toEqual({
        ok: false,
        error: expect.objectContaining({
          code: 'VALIDATION',
          issues: [expect.objectContaining({ path: '$.asOf' })],
        }),
      });
    },
  );

  it('refuses something that is not a compiled policy', () => {
    expect(safeEvaluate({ ...compiled }, {}, { asOf })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('never throws on arbitrary facts for a validated document: an outcome or FACTS_INVALID', () => {
    fc.assert(
      fc.property(
        documentArb,
        fc.oneof(
          factsArb,
          fc.jsonValue(),
          fc.anything(),
          fc.dictionary(
            fc.constantFrom('score', 'tags', 'branch', 'items', 'post', 'day', 'certificates'),
            fc.anything(),
          ),
        ),
        asOfArb,
        (document, facts, at) => {
          const compiledDocument = compile(document, subject);
          const result = safeEvaluate(compiledDocument, facts, { asOf: at });
          if (!result.ok) expect(result.error.code).toBe('FACTS_INVALID');
          try {
            evaluate(compiledDocument, facts, { asOf: at });
          } catch (error) {
            expect(isAppError(error) && error.code).toBe('FACTS_INVALID');
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('same input, same output: repeatable, independent of key order and of earlier calls, and leaves the facts alone', () => {
    fc.assert(
      fc.property(documentArb, factsArb, asOfArb, (document, facts, at) => {
        const first = compile(document, subject);
        const second = compile(JSON.parse(canonicalJson(document)) as PolicyDocument, subject);
        expect(second.contentHash).toBe(first.contentHash);
        const frozen = deepFreeze(structuredClone(facts));
        const a = evaluate(first, frozen, { asOf: at });
        const reversed = Object.fromEntries(Object.entries(facts).reverse());
        const b = evaluate(second, reversed, { asOf: at });
        expect(canonicalJson(b)).toBe(canonicalJson(a));
        expect(evaluate(first, frozen, { asOf: at })).toStrictEqual(a);
        expect(frozen).toEqual(facts);
      }),
      { numRuns: 300 },
    );
  });
});
