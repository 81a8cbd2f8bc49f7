import type { JsonValue, TraceCondition } from '@precept/schema';
import type { LeafSpec } from './rule-spec.js';

/**
 * One leaf's trace entry: where it is, what it compared, the value the fact had (absent when the
 * fact was missing) and the result (null when the leaf was not evaluated). Both evaluators build
 * their entries here, so they can differ only in what they saw.
 */
export function traceCondition(
  leaf: LeafSpec,
  factValue: unknown,
  value: unknown,
  result: boolean | null,
): TraceCondition {
  const condition: TraceCondition =
    leaf.read.path === undefined
      ? { path: leaf.path, fact: leaf.read.fact, operator: leaf.operator, result }
      : { path: leaf.path, fact: leaf.read.fact, factPath: leaf.read.path, operator: leaf.operator, result };
  if (value !== undefined) condition.value = value as JsonValue;
  if (factValue !== undefined) condition.factValue = factValue as JsonValue;
  return condition;
}
