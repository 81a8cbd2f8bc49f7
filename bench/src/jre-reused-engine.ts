// json-rules-engine at its realistic best: one Engine built once per policy (rules, our operators,
// our path resolver) and run many times, one run at a time — never two overlapping runs on one
// Engine, whose almanac state is not safe to share.
import { OPERATOR_IMPLS, resolveFactPath, type CompiledPolicy, type OperatorContext } from '@precept/rules';
import { toEngineRules } from '@precept/rules/reference';
import { OPERATOR_NAMES } from '@precept/schema';
import { Engine, type RuleProperties } from 'json-rules-engine';

/** Runs the policy's rules on a set of facts and says, per rule in document order, whether it fired. */
export type ReusedEngineRun = (facts: Record<string, unknown>) => Promise<boolean[]>;

/** The day number (days since 1970-01-01, UTC) of a `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/**
 * Builds one json-rules-engine `Engine` for a compiled policy and returns a sequential runner.
 * Rules are named by their document path (`$.lines[3]`), which maps each result back to its line.
 */
export function createReusedEngine(compiled: CompiledPolicy, asOfDate: string): ReusedEngineRun {
  const context: OperatorContext = { asOfDay: dayNumber(asOfDate) };
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolveFactPath });
  for (const name of OPERATOR_NAMES) {
    const impl = OPERATOR_IMPLS[name];
    engine.addOperator(name, (factValue: unknown, value: unknown) => impl(factValue, value, context));
  }
  const rules = toEngineRules(compiled) as RuleProperties[];
  const indexOf = new Map<string, number>();
  rules.forEach((rule, index) => {
    indexOf.set(String(rule.name), index);
    engine.addRule(rule);
  });
  let running = false;
  return async (facts) => {
    if (running) throw new Error('an Engine must not run overlapping calls');
    running = true;
    try {
      const { results } = await engine.run(facts);
      const fired = new Array<boolean>(rules.length).fill(false);
      for (const result of results) {
        const index = indexOf.get(String(result.name));
        if (index !== undefined) fired[index] = true;
      }
      return fired;
    } finally {
      running = false;
    }
  };
}
