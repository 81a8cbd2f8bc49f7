import type { Condition, TraceCondition } from '@precept/schema';
import { compileFactReader, type Facts, type FactReader } from './fact-reader.js';
import { OPERATOR_IMPLS, type OperatorContext } from './operator-registry.js';
import type { LeafSpec, RuleSpec } from './rule-spec.js';
import { traceCondition } from './trace-condition.js';

// The compiled evaluator: every condition becomes a closure once, at compile time; evaluating is
// calling them. No eval, no new Function. Each node is built by a small function of its own, so
// a 1,000-rule policy is 1,000 small closures rather than one function too large to optimise.

/** A rule's condition without a trace: short-circuits like `&&` and `||`. */
export type FastNode = (facts: Facts, context: OperatorContext) => boolean;
/**
 * A rule's condition with a trace: evaluates every leaf, as json-rules-engine does, and appends
 * each leaf's trace entry to `trace` in depth-first order.
 */
export type TracedNode = (facts: Facts, context: OperatorContext, trace: TraceCondition[]) => boolean;

/** A rule compiled both ways. */
export interface CompiledRule {
  readonly fast: FastNode;
  readonly traced: TracedNode;
}

function compileFastLeaf(leaf: LeafSpec): FastNode {
  const impl = OPERATOR_IMPLS[leaf.operator];
  const read = compileFactReader(leaf.read);
  if (leaf.reference !== undefined) {
    const readValue = compileFactReader(leaf.reference);
    return (facts, context) => impl(read(facts), readValue(facts), context);
  }
  const value = leaf.value;
  return (facts, context) => impl(read(facts), value, context);
}

function compileTracedLeaf(leaf: LeafSpec): TracedNode {
  const impl = OPERATOR_IMPLS[leaf.operator];
  const read = compileFactReader(leaf.read);
  const readValue: FactReader | undefined =
    leaf.reference === undefined ? undefined : compileFactReader(leaf.reference);
  const literal = leaf.value;
  return (facts, context, trace) => {
    const factValue = read(facts);
    const value = readValue === undefined ? literal : readValue(facts);
    const result = impl(factValue, value, context);
    trace.push(traceCondition(leaf, factValue, value, result));
    return result;
  };
}

function fastAll(children: FastNode[]): FastNode {
  if (children.length === 1) return children[0]!;
  if (children.length === 2) {
    const [a, b] = children as [FastNode, FastNode];
    return (facts, context) => a(facts, context) && b(facts, context);
  }
  return (facts, context) => {
    for (const child of children) if (!child(facts, context)) return false;
    return true;
  };
}

function fastAny(children: FastNode[]): FastNode {
  if (children.length === 1) return children[0]!;
  if (children.length === 2) {
    const [a, b] = children as [FastNode, FastNode];
    return (facts, context) => a(facts, context) || b(facts, context);
  }
  return (facts, context) => {
    for (const child of children) if (child(facts, context)) return true;
    return false;
  };
}

function tracedAll(children: TracedNode[]): TracedNode {
  if (children.length === 1) return children[0]!;
  return (facts, context, trace) => {
    let result = true;
    for (const child of children) if (!child(facts, context, trace)) result = false;
    return result;
  };
}

function tracedAny(children: TracedNode[]): TracedNode {
  if (children.length === 1) return children[0]!;
  return (facts, context, trace) => {
    let result = false;
    for (const child of children) if (child(facts, context, trace)) result = true;
    return result;
  };
}

/** Compiles a tree; `leaves` is consumed in depth-first order, matching `leavesOf`. */
class TreeCompiler {
  private next = 0;
  constructor(private readonly leaves: readonly LeafSpec[]) {}

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
      return (facts, context) => !inner(facts, context);
    }
    return compileFastLeaf(this.takeLeaf());
  }

  traced(condition: Condition): TracedNode {
    if ('all' in condition) return tracedAll(condition.all.map((child) => this.traced(child)));
    if ('any' in condition) return tracedAny(condition.any.map((child) => this.traced(child)));
    if ('not' in condition) {
      const inner = this.traced(condition.not);
      return (facts, context, trace) => !inner(facts, context, trace);
    }
    return compileTracedLeaf(this.takeLeaf());
  }
}

/** Compiles one rule to closures (fast and traced). */
export function compileRule(rule: RuleSpec): CompiledRule {
  return {
    fast: new TreeCompiler(rule.leaves).fast(rule.condition),
    traced: new TreeCompiler(rule.leaves).traced(rule.condition),
  };
}
