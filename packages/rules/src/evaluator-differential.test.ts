// The compiled evaluator must be indistinguishable from json-rules-engine, the reference semantics:
// same outcome, same trace, same error, for generated policies of every kind over every operator.
// ≥ 10,000 (policy, facts, as-of) cases per run; PRECEPT_DIFF_DOCS raises the number of policies.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, evaluate, safeEvaluate, validate } from './index.js';
import { evaluateWithEngine } from './reference.js';
import { asOfArb, documentArbs, factsArb } from './test/arbitraries.js';
import { subject } from './test/fixtures.js';

const DOCUMENTS_PER_KIND = Math.max(Math.ceil(Number(process.env.PRECEPT_DIFF_DOCS ?? 2100) / 6), 1);
let cases = 0;

async function engineResult(
  compiled: ReturnType<typeof compile>,
  facts: unknown,
  options: { asOf: string; trace?: boolean },
) {
  try {
    return { ok: true as const, value: await evaluateWithEngine(compiled, facts, options) };
  } catch (error) {
    return { ok: false as const, error: (error as { toData(): unknown }).toData() };
  }
}

describe('compiled evaluator ≡ json-rules-engine', () => {
  it.each(Object.entries(documentArbs))(
    '%s',
    async (_, documentArb) => {
      await fc.assert(
        fc.asyncProperty(
          documentArb,
          fc.array(factsArb, { minLength: 5, maxLength: 8 }),
          asOfArb,
          async (document, factSets, asOf) => {
            expect(validate(document, subject).issues).toEqual([]);
            const compiled = compile(document, subject);
            for (const facts of factSets) {
              const fast = safeEvaluate(compiled, facts, { asOf, trace: true });
              const reference = await engineResult(compiled, facts, { asOf, trace: true });
              expect(fast).toStrictEqual(reference);
              const untraced = evaluate(compiled, facts, { asOf });
              expect(untraced.outcome).toStrictEqual(fast.ok ? fast.value.outcome : undefined);
              cases += 1;
            }
          },
        ),
        { numRuns: DOCUMENTS_PER_KIND },
      );
    },
    300_000,
  );

  afterAll(() => {
    // At least five fact sets per policy: 2,100 policies give ≥ 10,500 cases.
    expect(cases).toBeGreaterThanOrEqual(DOCUMENTS_PER_KIND * 6 * 5);
  });
});
