import type { Condition } from '@precept/schema';
import type { FastNode } from './closure-runner.js';
import type { FieldIndex } from './fact-reader.js';
import type { FieldValues } from './facts-intake.js';
import { NUMERIC_OPS, numericTestOf, type NumericTest } from './leaf-closures.js';
import type { OperatorContext } from './operator-registry.js';
import type { LeafSpec, RuleSpec } from './rule-spec.js';

// The untraced run of a policy's rules, one loop. Most rules of most policies are a single number
// comparison (`complaints > 0`, `rate < 95`, `rank between [1, 3]`): those are kept as data and
// compared inline, with no call; every other rule calls its compiled closure. A call to one of a
// thousand different closures is a megamorphic call that V8 cannot inline, and costs more than
// the comparison itself.

/** Marks a rule that calls its closure. */
const OP_CLOSURE = 0;

/** The one leaf of a rule whose condition is that leaf alone (`all`/`any` of one), or undefined. */
function loneLeaf(condition: Condition, leaves: readonly LeafSpec[]): LeafSpec | undefined {
  if (leaves.length !== 1) return undefined;
  if ('all' in condition && condition.all.length === 1 && !isGroup(condition.all[0]!)) return leaves[0];
  if ('any' in condition && condition.any.length === 1 && !isGroup(condition.any[0]!)) return leaves[0];
  return undefined;
}

function isGroup(condition: Condition): boolean {
  return 'all' in condition || 'any' in condition || 'not' in condition;
}

/** Runs the rules of a selection without a trace, each result to its position. */
export class RuleProgram {
  private readonly ops: Uint8Array;
  private readonly fields: Int32Array;
  private readonly lows: Float64Array;
  private readonly highs: Float64Array;

  constructor(
    rules: readonly RuleSpec[],
    private readonly fast: readonly FastNode[],
    fieldIndex: FieldIndex,
  ) {
    const tests = rules.map((rule): NumericTest | undefined => {
      const leaf = loneLeaf(rule.condition, rule.leaves);
      return leaf === undefined ? undefined : numericTestOf(leaf, fieldIndex.get(leaf.read.fact));
    });
    this.ops = Uint8Array.from(tests, (test) => test?.op ?? OP_CLOSURE);
    this.fields = Int32Array.from(tests, (test) => test?.field ?? -1);
    this.lows = Float64Array.from(tests, (test) => test?.low ?? 0);
    this.highs = Float64Array.from(tests, (test) => test?.high ?? 0);
  }

  /** The number of rules. */
  get length(): number {
    return this.ops.length;
  }

  /** Runs every rule: `results[i]` is the result of rule i. Same results as the rules' closures. */
  run(values: FieldValues, context: OperatorContext, results: boolean[]): void {
    const { ops, fields, lows, highs, fast } = this;
    for (let i = 0; i < ops.length; i += 1) {
      const op = ops[i]!;
      if (op === OP_CLOSURE) {
        results[i] = fast[i]!(values, context);
        continue;
      }
      const a = values[fields[i]!];
      // The registry's formulas (`a - b < 0`), so that the infinities compare as it compares them.
      results[i] =
        typeof a === 'number' &&
        (op === NUMERIC_OPS.lessThan
          ? a - lows[i]! < 0
          : op === NUMERIC_OPS.lessThanInclusive
            ? a - lows[i]! <= 0
            : op === NUMERIC_OPS.greaterThan
              ? a - lows[i]! > 0
              : op === NUMERIC_OPS.greaterThanInclusive
                ? a - lows[i]! >= 0
                : a - lows[i]! >= 0 && a - highs[i]! <= 0);
    }
  }
}
