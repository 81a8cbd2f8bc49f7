import type { AppErrorData, JsonObject, LocalizedName, Outcome, TestCase } from '@precept/schema';
import type { CompiledPolicy } from './compile-policy.js';
import { safeEvaluate } from './evaluate-policy.js';
import { childPath } from './issue-codes.js';

/** One difference between an expectation and an outcome. */
export interface Mismatch {
  /** JSON path in the outcome: `$.lines[0].points`. */
  path: string;
  expected: unknown;
  actual: unknown;
}

/** The result of {@link matchExpectation}. */
export interface ExpectationMatch {
  pass: boolean;
  mismatches: Mismatch[];
}

/** The result of {@link runTestCase}: the outcome (when evaluation succeeded) or the error. */
export interface TestCaseResult {
  id?: string;
  name: LocalizedName;
  pass: boolean;
  mismatches: Mismatch[];
  outcome?: Outcome;
  error?: AppErrorData;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function compare(expected: unknown, actual: unknown, path: string, out: Mismatch[]): void {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push({ path, expected, actual });
      return;
    }
    expected.forEach((item, index) => compare(item, actual[index], childPath(path, index), out));
    return;
  }
  if (isObject(expected)) {
    if (!isObject(actual)) {
      out.push({ path, expected, actual });
      return;
    }
    for (const key of Object.keys(expected)) {
      compare(expected[key], Object.hasOwn(actual, key) ? actual[key] : undefined, childPath(path, key), out);
    }
    return;
  }
  if (expected !== actual) out.push({ path, expected, actual });
}

/**
 * Matches an outcome against a test case's expectation, as a subset: every key the expectation
 * gives must be equal (objects recursively — keys it does not give are not compared; arrays element
 * by element with the same length; scalars strictly equal). Each difference is a mismatch with its path.
 *
 * @example
 * matchExpectation(outcome, { total: 92, grade: 'A' }) // { pass: true, mismatches: [] }
 */
export function matchExpectation(outcome: Outcome, expect: JsonObject): ExpectationMatch {
  const mismatches: Mismatch[] = [];
  compare(expect, outcome, '$', mismatches);
  return { pass: mismatches.length === 0, mismatches };
}

/**
 * Runs one test case: evaluates its facts as of its `asOf` (or `defaultAsOf`), without a trace, and
 * matches the outcome against `expect`, dates in `timeZone` (default Asia/Shanghai). An evaluation error (invalid facts, bad as-of) fails the
 * case and is returned as `error`. Never throws.
 */
export function runTestCase(
  compiled: CompiledPolicy,
  testCase: TestCase,
  defaultAsOf: string,
  timeZone?: string,
): TestCaseResult {
  const base = { ...(testCase.id === undefined ? {} : { id: testCase.id }), name: testCase.name };
  const evaluation = safeEvaluate(compiled, testCase.facts, {
    asOf: testCase.asOf ?? defaultAsOf,
    trace: false,
    ...(timeZone === undefined ? {} : { timeZone }),
  });
  if (!evaluation.ok) return { ...base, pass: false, mismatches: [], error: evaluation.error };
  const { pass, mismatches } = matchExpectation(evaluation.value.outcome, testCase.expect);
  return { ...base, pass, mismatches, outcome: evaluation.value.outcome };
}
