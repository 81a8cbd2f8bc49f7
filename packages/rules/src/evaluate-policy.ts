import {
  AppError,
  isAppError,
  type AppErrorData,
  type Outcome,
  type Result,
  type Trace,
  type TraceCondition,
} from '@precept/schema';
import { parseAsOf, type AsOf } from './calendar-dates.js';
import {
  internalsOf,
  type CompiledInternals,
  type CompiledPolicy,
  type RuleSelection,
} from './compile-policy.js';
import { runWithEngine, toEngineRule } from './engine-runner.js';
import type { Facts } from './fact-reader.js';
import type { OperatorContext } from './operator-registry.js';

/** Options of an evaluation. */
export interface EvaluateOptions {
  /** The as-of moment: `YYYY-MM-DD` (that day's start, UTC) or an ISO instant with a time zone. */
  asOf: string;
  /** Record a trace of every rule and condition (default true). */
  trace?: boolean;
}

/**
 * The result of an evaluation: the kind's outcome and, unless switched off, the trace. Treat it as
 * immutable: entries that do not depend on the facts (a checklist item's passed/failed form, an
 * unfired scorecard line, a ruleset event, titles) are built once per compiled policy, frozen, and
 * shared by every evaluation.
 */
export interface Evaluation {
  outcome: Outcome;
  /** Every evaluated rule (document order) with every condition and the value it saw; `[]` when off. */
  trace: Trace;
}

interface Prepared {
  readonly internals: CompiledInternals;
  readonly facts: Facts;
  readonly asOf: AsOf;
  readonly context: OperatorContext;
  readonly selected: RuleSelection;
}

/** Checks as-of and facts; throws `VALIDATION` (as-of) or `FACTS_INVALID` (facts, with every issue). */
function prepare(compiled: CompiledPolicy, facts: unknown, options: EvaluateOptions): Prepared {
  const internals = internalsOf(compiled);
  const asOf = parseAsOf((options as Partial<EvaluateOptions> | undefined)?.asOf);
  if (asOf === undefined) {
    const message = 'asOf must be a date YYYY-MM-DD or an ISO instant with a time zone';
    throw new AppError('VALIDATION', message, { issues: [{ path: '$.asOf', code: 'shape', message }] });
  }
  const issues = internals.checkFacts(facts);
  if (issues.length > 0) {
    const count = issues.length;
    throw new AppError(
      'FACTS_INVALID',
      `the facts do not match subject "${compiled.subject.key}" (${count} issue${count === 1 ? '' : 's'})`,
      {
        issues,
      },
    );
  }
  const checked = facts as Facts;
  return {
    internals,
    facts: checked,
    asOf,
    context: { asOfDay: asOf.day },
    selected: internals.selectRules(checked),
  };
}

function buildOutcome(prepared: Prepared, results: readonly boolean[]): Outcome {
  const { internals, facts, asOf, selected } = prepared;
  return internals.buildOutcome({ rules: selected.rules, results, facts, asOf });
}

function buildTrace(
  prepared: Prepared,
  results: readonly boolean[],
  conditions: readonly TraceCondition[][],
): Trace {
  return prepared.selected.rules.map((rule, position) => ({
    id: rule.id,
    path: rule.path,
    result: results[position]!,
    conditions: conditions[position]!,
  }));
}

/**
 * Evaluates a compiled policy against facts, synchronously, with the compiled closures: the facts
 * are checked against the subject first (`AppError('FACTS_INVALID')` listing every issue), then
 * each rule runs and the kind's outcome is built. With `trace` (the default) every condition of
 * every evaluated rule is recorded with the value it saw. Same result as {@link evaluateWithEngine}.
 *
 * @example
 * const { outcome } = evaluate(compiled, { complaints: 3 }, { asOf: '2026-06-30', trace: false });
 */
export function evaluate(compiled: CompiledPolicy, facts: unknown, options: EvaluateOptions): Evaluation {
  const prepared = prepare(compiled, facts, options);
  const { selected, context } = prepared;
  const { closures } = selected;
  const checked = prepared.facts;
  const results = new Array<boolean>(closures.length);
  if (options.trace === false) {
    for (let i = 0; i < closures.length; i += 1) results[i] = closures[i]!.fast(checked, context);
    return { outcome: buildOutcome(prepared, results), trace: [] };
  }
  const conditions = new Array<TraceCondition[]>(closures.length);
  for (let i = 0; i < closures.length; i += 1) {
    const trace: TraceCondition[] = [];
    conditions[i] = trace;
    results[i] = closures[i]!.traced(checked, context, trace);
  }
  return {
    outcome: buildOutcome(prepared, results),
    trace: buildTrace(prepared, results, conditions),
  };
}

/**
 * Evaluates like {@link evaluate}, but runs the rules through json-rules-engine (a new Engine per
 * call, our path resolver, our operators): the reference semantics the compiled evaluator is
 * tested against.
 */
export async function evaluateWithEngine(
  compiled: CompiledPolicy,
  facts: unknown,
  options: EvaluateOptions,
): Promise<Evaluation> {
  const prepared = prepare(compiled, facts, options);
  const { results, traces } = await runWithEngine(
    prepared.selected.rules,
    prepared.facts,
    prepared.internals.factNames,
    prepared.context,
  );
  const outcome = buildOutcome(prepared, results);
  return { outcome, trace: options.trace === false ? [] : buildTrace(prepared, results, traces) };
}

/** The error data of anything thrown: an `AppError`'s own, `INTERNAL` for the unexpected. */
export function toErrorData(error: unknown): AppErrorData {
  if (isAppError(error)) return error.toData();
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : 'evaluation failed' };
}

/**
 * {@link evaluate} without throwing: `{ ok: true, value }`, or `{ ok: false, error }` with
 * `FACTS_INVALID` (and its issues), `VALIDATION` (bad as-of) or, should the unexpected happen, `INTERNAL`.
 */
export function safeEvaluate(
  compiled: CompiledPolicy,
  facts: unknown,
  options: EvaluateOptions,
): Result<Evaluation> {
  try {
    return { ok: true, value: evaluate(compiled, facts, options) };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}

/**
 * The policy's rules as json-rules-engine rules, plain JSON (to export or to run elsewhere with our
 * operators and path resolver). Each rule is named by its document path.
 */
export function toEngineRules(compiled: CompiledPolicy): unknown[] {
  return internalsOf(compiled).rules.map(toEngineRule);
}
