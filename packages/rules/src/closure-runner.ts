import type { Condition, TraceCondition } from '@precept/schema';
import { compileFactReader, type FactReader, type FieldIndex } from './fact-reader.js';
import type { FieldValues } from './facts-intake.js';
import { specialiseLeaf } from './leaf-closures.js';
import { OPERATOR_IMPLS, type OperatorContext } from './operator-registry.js';
import type { LeafSpec, RuleSpec } from './rule-spec.js';
import { traceCondition } from './trace-condition.js';

// The compiled evaluator: every condition becomes a closure once, at compile time; evaluating is
// calling them. No eval, no new Function. Each node is built by a small function of its own, so
// a 1,000-rule policy is 1,000 small closures rather than one function too large to optimise.
// Closures read the facts as field values by position (see `facts-intake.ts`), never by name.

/** A rule's condition without a trace: short-circuits like `&&` and `||`. */
export type FastNode = (values: FieldValues, context: OperatorContext) => boolean;
/**
 * A rule's condition with a trace: evaluates every leaf, as json-rules-engine does, and appends
 * each leaf's trace entry to `trace` in depth-first order.
 */
export type TracedNode = (values: FieldValues, context: OperatorContext, trace: TraceCondition[]) => boolean;

/** A rule compiled both ways. */
export interface CompiledRule {
  readonly fast: FastNode;
  readonly traced: TracedNode;
}

function compileFastLeaf(leaf: LeafSpec, fieldIndex: FieldIndex): FastNode {
  const specialised = specialiseLeaf(leaf, fieldIndex.get(leaf.read.fact));
  if (specialised !== undefined) return specialised;
  const impl = OPERATOR_IMPLS[leaf.operator];
  const read = compileFactReader(leaf.read, fieldIndex);
  if (leaf.reference !== undefined) {
    const readValue = compileFactReader(leaf.reference, fieldIndex);
    return (values, context) => impl(read(values), readValue(values), context);
  }
  const value = leaf.value;
  return (values, context) => impl(read(values), value, context);
}

function compileTracedLeaf(leaf: LeafSpec, fieldIndex: FieldIndex): TracedNode {
  const impl = OPERATOR_IMPLS[leaf.operator];
  const read = compileFactReader(leaf.read, fieldIndex);
  const readValue: FactReader | undefined =
    leaf.reference === undefined ? undefined : compileFactReader(leaf.reference, fieldIndex);
  const literal = leaf.value;
  return (values, context, trace) => {
    const factValue = read(values);
    const value = readValue === undefined ? literal : readValue(values);
    const result = impl(factValue, value, context);
    trace.push(traceCondition(leaf, factValue, value, result));
    return result;
  };
}

function fastAll(children: FastNode[]): FastNode {
  if (children.length === 1) return children[0]!;
  if (children.length === 2) {
    const [a, b] = children as [FastNode, FastNode];
    return (values, context) => a(values, context) && b(values, context);
  }
  return (values, context) => {
    for (const child of children) if (!child(values, context)) return false;
    return true;
  };
}

function fastAny(children: FastNode[]): FastNode {
  if (children.length === 1) return children[0]!;
  if (children.length === 2) {
    const [a, b] = children as [FastNode, FastNode];
    return (values, context) => a(values, context) || b(values, context);
  }
  return (values, context) => {
    for (const child of children) if (child(values, context)) return true;
    return false;
  };
}

function tracedAll(children: TracedNode[]): TracedNode {
  if (children.length === 1) return children[0]!;
  return (values, context, trace) => {
    let result = true;
    for (const child of children) if (!child(values, context, trace)) result = false;
    return result;
  };
}

function tracedAny(children: TracedNode[]): TracedNode {
  if (children.length === 1) return children[0]!;
  return (values, context, trace) => {
    let result = false;
    for (const child of children) if (child(values, context, trace)) result = true;
    return result;
  };
}

/** Compiles a tree; `leaves` is consumed in depth-first order, matching `leavesOf`. */
class TreeCompiler {
  private next = 0;
  constructor(
    private readonly leaves: readonly LeafSpec[],
    private readonly fieldIndex: FieldIndex,
  ) {}

  private takeLeaf(): LeafSpec {
    const leaf = this.leaves[this.next]!;
    this.next += 1;
    return leaf;
  }

  fast(condition: Condition): FastNode {
    if ('all' in condition) return fastAll(condition.all.map((child) => this.fast(child)));
    if ('any' in condition) return fastAny(condition.any.map((child) => this.fast(child)));
    if ('not' in condition) {
      const inner = this.fast(condition.not);
      return (values, context) => !inner(values, context);
    }
    return compileFastLeaf(this.takeLeaf(), this.fieldIndex);
  }

  traced(condition: Condition): TracedNode {
    if ('all' in condition) return tracedAll(condition.all.map((child) => this.traced(child)));
    if ('any' in condition) return tracedAny(condition.any.map((child) => this.traced(child)));
    if ('not' in condition) {
      const inner = this.traced(condition.not);
      return (values, context, trace) => !inner(values, context, trace);
    }
    return compileTracedLeaf(this.takeLeaf(), this.fieldIndex);
  }
}

/**
 * Compiles one rule to closures (fast and traced) over the field values of its subject: `fieldIndex`
 * maps each subject field name to its position; a fact that is not a field reads nothing.
 */
export function compileRule(rule: RuleSpec, fieldIndex: FieldIndex): CompiledRule {
  return {
    fast: new TreeCompiler(rule.leaves, fieldIndex).fast(rule.condition),
    traced: new TreeCompiler(rule.leaves, fieldIndex).traced(rule.condition),
  };
}
