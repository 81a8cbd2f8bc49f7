import {
  AppError,
  DEFAULT_TIME_ZONE,
  isTimeZone,
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
import type { Facts } from './fact-reader.js';
import type { FieldValues } from './facts-intake.js';
import type { OperatorContext } from './operator-registry.js';

/** Options of an evaluation. */
export interface EvaluateOptions {
  /** The as-of moment: `YYYY-MM-DD` (that day's start in `timeZone`) or an ISO instant with a time zone. */
  asOf: string;
  /**
   * The business time zone that gives dates their meaning (IANA name; default Asia/Shanghai): the
   * start of an as-of date, and the calendar day of an as-of instant that date operators compare.
   */
  timeZone?: string;
  /**
   * Record a trace of every rule and condition with the value it saw (default false: the trace
   * costs more than the evaluation itself; ask for it where it is kept or shown).
   */
  trace?: boolean;
}

/**
 * The result of an evaluation: the kind's outcome and, when asked for, the trace. Treat it as
 * immutable: entries that do not depend on the facts (a checklist item's passed/failed form, an
 * unfired scorecard line, a ruleset event, titles) are built once per compiled policy, frozen, and
 * shared by every evaluation.
 */
export interface Evaluation {
  outcome: Outcome;
  /** Every evaluated rule (document order) with every condition and the value it saw; `[]` unless `trace: true`. */
  trace: Trace;
}

/** An as-of input resolved, with the operator context for it. */
export interface ResolvedAsOf {
  readonly asOf: AsOf;
  readonly context: OperatorContext;
}

// The last as-of resolved: a caller evaluating many fact sets passes the same as-of each time, and
// an ISO instant takes a schema check to resolve. A cache of one pure result: nothing to share.
let lastAsOfInput: unknown;
let lastZone: unknown;
let lastAsOf: ResolvedAsOf | undefined;

/** Resolves the as-of option in `zone`; throws `VALIDATION` when it is not a date or an instant, or the zone is unknown. */
export function resolveAsOf(input: unknown, zone: unknown): ResolvedAsOf {
  if (input === lastAsOfInput && zone === lastZone && lastAsOf !== undefined) return lastAsOf;
  const timeZone = zone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) {
    const message = 'timeZone must be an IANA time-zone name such as Asia/Shanghai';
    throw new AppError('VALIDATION', message, { issues: [{ path: '$.timeZone', code: 'shape', message }] });
  }
  const asOf = parseAsOf(input, timeZone);
  if (asOf === undefined) {
    const message = 'asOf must be a date YYYY-MM-DD or an ISO instant with a time zone';
    throw new AppError('VALIDATION', message, { issues: [{ path: '$.asOf', code: 'shape', message }] });
  }
  const resolved: ResolvedAsOf = { asOf, context: { asOfDay: asOf.day } };
  lastAsOfInput = input;
  lastZone = zone;
  lastAsOf = resolved;
  return resolved;
}

/**
 * The field values of facts that fit the subject; throws `FACTS_INVALID` with every issue when
 * they do not.
 */
export function readFacts(compiled: CompiledPolicy, internals: CompiledInternals, facts: unknown): FieldValues {
  const values = internals.intake.read(facts);
  if (values !== undefined) return values;
  const issues = internals.reportFacts(facts);
  if (issues.length === 0) return internals.intake.readUnchecked(facts as Facts);
  const count = issues.length;
  throw new AppError(
    'FACTS_INVALID',
    `the facts do not match subject "${compiled.subject.key}" (${count} issue${count === 1 ? '' : 's'})`,
    { issues },
  );
}

/** The trace of the selected rules from their results and recorded conditions. */
export function buildTrace(
  selected: RuleSelection,
  results: readonly boolean[],
  conditions: readonly TraceCondition[][],
): Trace {
  return selected.rules.map((rule, position) => ({
    id: rule.id,
    path: rule.path,
    result: results[position]!,
    conditions: conditions[position]!,
  }));
}

function evaluateTraced(
  internals: CompiledInternals,
  selected: RuleSelection,
  facts: Facts,
  values: FieldValues,
  resolved: ResolvedAsOf,
): Evaluation {
  const { traced, rules } = selected;
  const { context, asOf } = resolved;
  const results = new Array<boolean>(traced.length);
  const conditions = new Array<TraceCondition[]>(traced.length);
  for (let i = 0; i < traced.length; i += 1) {
    const trace: TraceCondition[] = [];
    conditions[i] = trace;
    results[i] = traced[i]!(values, context, trace);
  }
  return {
    outcome: internals.buildOutcome({ rules, results, facts, values, asOf }),
    trace: buildTrace(selected, results, conditions),
  };
}

/**
 * Evaluates a compiled policy against facts, synchronously, with the compiled closures: the facts
 * are checked against the subject first (`AppError('FACTS_INVALID')` listing every issue), then
 * each rule runs and the kind's outcome is built. The facts are what JSON carries: a plain object's
 * own enumerable properties. With `trace: true` every condition of every evaluated rule is recorded
 * with the value it saw. Same result as `evaluateWithEngine` of `@precept/rules/reference`.
 *
 * @example
 * const { outcome } = evaluate(compiled, { complaints: 3 }, { asOf: '2026-06-30' });
 * const { trace } = evaluate(compiled, { complaints: 3 }, { asOf: '2026-06-30', trace: true });
 */
export function evaluate(compiled: CompiledPolicy, facts: unknown, options: EvaluateOptions): Evaluation {
  const internals = internalsOf(compiled);
  const given = options as Partial<EvaluateOptions> | undefined;
  const resolved = resolveAsOf(given?.asOf, given?.timeZone);
  const values = readFacts(compiled, internals, facts);
  const checked = facts as Facts;
  const selected = internals.selectRules(checked);
  if (given?.trace === true) return evaluateTraced(internals, selected, checked, values, resolved);
  const { program, rules } = selected;
  const { context, asOf } = resolved;
  const results = new Array<boolean>(program.length);
  program.run(values, context, results);
  return { outcome: internals.buildOutcome({ rules, results, facts: checked, values, asOf }), trace: [] };
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
