import { OPERATOR_NAMES, type TraceCondition } from '@precept/schema';
import { Engine, type RuleProperties } from 'json-rules-engine';
import { resolveFactPath } from './fact-path.js';
import type { Facts } from './fact-reader.js';
import { OPERATOR_IMPLS, type OperatorContext } from './operator-registry.js';
import type { LeafSpec, RuleSpec } from './rule-spec.js';
import { traceCondition } from './trace-condition.js';

/**
 * A rule as json-rules-engine takes it, plain JSON. The rule's name is its document path (unique in
 * a document); the event says which element it is.
 */
export function toEngineRule(rule: RuleSpec): RuleProperties {
  return {
    name: rule.path,
    priority: rule.priority,
    conditions: JSON.parse(JSON.stringify(rule.condition)) as RuleProperties['conditions'],
    event: { type: 'precept.rule', params: { id: rule.id, path: rule.path } },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** What json-rules-engine annotated on each leaf, depth-first (the order of `leavesOf`). */
function readAnnotated(node: unknown, out: Record<string, unknown>[]): void {
  if (!isObject(node)) return;
  for (const group of ['all', 'any'] as const) {
    const children = node[group];
    if (Object.hasOwn(node, group) && Array.isArray(children)) {
      for (const child of children) readAnnotated(child, out);
      return;
    }
  }
  if (Object.hasOwn(node, 'not')) {
    readAnnotated(node.not, out);
    return;
  }
  out.push(node);
}

/** A rule's trace entries from its annotated tree; a leaf the engine skipped has result null. */
function traceOf(leaves: readonly LeafSpec[], annotated: unknown): TraceCondition[] {
  const seen: Record<string, unknown>[] = [];
  readAnnotated(annotated, seen);
  return leaves.map((leaf, index) => {
    const node = seen[index];
    const result = typeof node?.result === 'boolean' ? node.result : null;
    return result === null
      ? traceCondition(leaf, undefined, undefined, null)
      : traceCondition(leaf, node?.factResult, node?.valueResult, result);
  });
}

/**
 * Runs rules through json-rules-engine, the reference semantics: a new Engine per run (an Engine's
 * state is not safe across overlapping runs), our path resolver (never JSONPath), and our operator
 * implementations registered over its built-ins, closing over the as-of day.
 */
export async function runWithEngine(
  rules: readonly RuleSpec[],
  facts: Facts,
  factNames: readonly string[],
  context: OperatorContext,
): Promise<{ results: boolean[]; traces: TraceCondition[][] }> {
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolveFactPath });
  for (const name of OPERATOR_NAMES) {
    const impl = OPERATOR_IMPLS[name];
    engine.addOperator(name, (factValue: unknown, value: unknown) => impl(factValue, value, context));
  }
  const byName = new Map<string, number>();
  rules.forEach((rule, position) => {
    byName.set(rule.path, position);
    engine.addRule(toEngineRule(rule));
  });
  // Only the subject's fields, copied: the engine sees exactly what the compiled evaluator sees.
  const engineFacts: Record<string, unknown> = {};
  for (const name of factNames) if (Object.hasOwn(facts, name)) engineFacts[name] = facts[name];

  const { results: passed, failureResults } = await engine.run(engineFacts);
  const results = new Array<boolean>(rules.length).fill(false);
  const traces = rules.map((rule) =>
    rule.leaves.map((leaf) => traceCondition(leaf, undefined, undefined, null)),
  );
  for (const ruleResult of [...passed, ...failureResults]) {
    const position = byName.get(String(ruleResult.name));
    if (position === undefined) continue;
    results[position] = ruleResult.result === true;
    traces[position] = traceOf(rules[position]!.leaves, ruleResult.conditions);
  }
  return { results, traces };
}
