// The reference semantics: the same compiled policy run through json-rules-engine. Kept apart from
// the main entry so that what evaluates in production (the server, the SDK's local evaluator) never
// loads json-rules-engine or its JSONPath dependency; the differential tests and benchmarks import
// it from `@precept/rules/reference`.
import { internalsOf, type CompiledPolicy } from './compile-policy.js';
import { runWithEngine, toEngineRule } from './engine-runner.js';
import {
  buildTrace,
  readFacts,
  resolveAsOf,
  type EvaluateOptions,
  type Evaluation,
} from './evaluate-policy.js';
import type { Facts } from './fact-reader.js';

/**
 * Evaluates like `evaluate`, but runs the rules through json-rules-engine (a new Engine per
 * call, our path resolver, our operators): the reference semantics the compiled evaluator is
 * tested against. The engine is given the subject's fields as the facts check read them.
 *
 * @example
 * const reference = await evaluateWithEngine(compiled, facts, { asOf: '2026-06-30', trace: true });
 * expect(evaluate(compiled, facts, { asOf: '2026-06-30', trace: true })).toEqual(reference);
 */
export async function evaluateWithEngine(
  compiled: CompiledPolicy,
  facts: unknown,
  options: EvaluateOptions,
): Promise<Evaluation> {
  const internals = internalsOf(compiled);
  const given = options as Partial<EvaluateOptions> | undefined;
  const { asOf, context } = resolveAsOf(given?.asOf, given?.timeZone);
  const values = readFacts(compiled, internals, facts);
  const checked = facts as Facts;
  const selected = internals.selectRules(checked);
  const { fieldNames } = internals.intake;
  const engineFacts: Record<string, unknown> = {};
  fieldNames.forEach((name, index) => {
    if (values[index] !== undefined) engineFacts[name] = values[index];
  });
  const { results, traces } = await runWithEngine(selected.rules, engineFacts, fieldNames, context);
  const outcome = internals.buildOutcome({ rules: selected.rules, results, facts: checked, values, asOf });
  return { outcome, trace: given?.trace === true ? buildTrace(selected, results, traces) : [] };
}

/**
 * The policy's rules as json-rules-engine rules, plain JSON (to export or to run elsewhere with our
 * operators and path resolver). Each rule is named by its document path.
 */
export function toEngineRules(compiled: CompiledPolicy): unknown[] {
  return internalsOf(compiled).rules.map(toEngineRule);
}
