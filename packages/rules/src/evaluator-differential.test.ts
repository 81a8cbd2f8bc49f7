// The compiled evaluator must be indistinguishable from json-rules-engine, the reference semantics:
// same outcome, same trace, same error, for generated policies of every kind over every operator.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, evaluate, evaluateWithEngine, safeEvaluate, validate } from './index.js';
import { asOfArb, documentArbs, factsArb } from './test/arbitraries.js';
import { subject } from './test/fixtures.js';

const RUNS_PER_KIND = Math.max(Number(process.env.PRECEPT_DIFF_RUNS ?? 1200) / 6, 1);

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
          fc.array(factsArb, { minLength: 1, maxLength: 3 }),
          asOfArb,
          async (document, factSets, asOf) => {
            const validation = validate(document, subject);
            expect(validation.issues).toEqual([]);
            const compiled = compile(document, subject);
            for (const facts of factSets) {
              const fast = safeEvaluate(compiled, facts, { asOf });
              const reference = await engineResult(compiled, facts, { asOf });
              expect(fast).toStrictEqual(reference);
              const untraced = evaluate(compiled, facts, { asOf, trace: false });
              expect(untraced.outcome).toStrictEqual(fast.ok ? fast.value.outcome : undefined);
            }
          },
        ),
        { numRuns: RUNS_PER_KIND },
      );
    },
    120_000,
  );
});
