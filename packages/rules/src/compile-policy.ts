import {
  AppError,
  isAppError,
  type PolicyDocument,
  type PolicyKind,
  type Result,
  type Subject,
} from '@precept/schema';
import { compileRule, type FastNode, type TracedNode } from './closure-runner.js';
import { sha256HexOfText } from './content-hash.js';
import { validateCanonical } from './document-validate.js';
import type { Facts } from './fact-reader.js';
import { compileFactsReport, type FactsChecker } from './facts-checker.js';
import { compileFactsIntake, type FactsIntake } from './facts-intake.js';
import { findPost } from './outcome-qualification.js';
import { compileOutcomeBuilder, type OutcomeBuilder } from './outcome-builder.js';
import { RuleProgram } from './rule-program.js';
import { rulesOf, type RuleSpec } from './rule-spec.js';
import type { FieldIndex } from './fact-reader.js';
import { ENGINE_VERSION } from './engine-version.js';

const INTERNALS = Symbol.for('precept.rules.compiled');

/** The rules one evaluation runs (document order) and their closures, position by position. */
export interface RuleSelection {
  readonly rules: readonly RuleSpec[];
  /** The rules run without a trace. */
  readonly program: RuleProgram;
  /** The rules run with a trace. */
  readonly traced: readonly TracedNode[];
}

/** What evaluation needs, built once per compiled policy. */
export interface CompiledInternals {
  readonly rules: readonly RuleSpec[];
  /** Checks the facts and reads them into field values (the hot path). */
  readonly intake: FactsIntake;
  /** Every issue of facts the intake refused, with paths and messages. */
  readonly reportFacts: FactsChecker;
  /** The rules to evaluate for a set of facts (a qualification evaluates only its post's). */
  readonly selectRules: (facts: Facts) => RuleSelection;
  /** The kind's outcome from the rule results. */
  readonly buildOutcome: OutcomeBuilder;
}

/**
 * A policy version compiled for evaluation: immutable and safe to share; compile once per version,
 * evaluate many times, concurrently. `document` is the validated document with defaults applied
 * (and deep-frozen); `contentHash` is the sha256 of its canonical JSON.
 */
export interface CompiledPolicy {
  readonly kind: PolicyKind;
  readonly document: PolicyDocument;
  readonly subject: Subject;
  readonly contentHash: string;
  readonly engineVersion: string;
  /** Number of rules (targets, items, lines, condition requirements, levels, rules). */
  readonly ruleCount: number;
}

/** A deep copy of a JSON value (validated documents and subjects are JSON). */
function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function selectorOf(
  document: PolicyDocument,
  rules: readonly RuleSpec[],
  fast: readonly FastNode[],
  traced: readonly TracedNode[],
  fieldIndex: FieldIndex,
): (facts: Facts) => RuleSelection {
  const select = (own: readonly RuleSpec[]): RuleSelection => ({
    rules: own,
    program: new RuleProgram(
      own,
      own.map((rule) => fast[rule.index]!),
      fieldIndex,
    ),
    traced: own.map((rule) => traced[rule.index]!),
  });
  const all = select(rules);
  if (document.kind !== 'qualification') return () => all;
  const none = select([]);
  const byPost = document.posts.map((_, postIndex) =>
    select(rules.filter((rule) => rule.postIndex === postIndex)),
  );
  return (facts) => byPost[findPost(document, facts).index] ?? none;
}

/** The internals of a compiled policy; throws when `compiled` did not come from {@link compile}. */
export function internalsOf(compiled: CompiledPolicy): CompiledInternals {
  const internals = (compiled as unknown as Record<symbol, CompiledInternals | undefined>)[INTERNALS];
  if (internals === undefined) {
    throw new AppError('VALIDATION', 'not a compiled policy: pass the result of compile()', {
      issues: [{ path: '$', code: 'shape', message: 'not a compiled policy' }],
    });
  }
  return internals;
}

/**
 * Validates and compiles a policy document for its subject: the rules, a closure per condition, a
 * facts checker for the subject and the content hash. Throws `AppError('VALIDATION')` with every
 * issue when the document does not validate.
 *
 * @example
 * const compiled = compile(document, subject);
 * const { outcome } = evaluate(compiled, facts, { asOf: '2026-06-30' });
 */
export function compile(document: PolicyDocument, subject: Subject): CompiledPolicy {
  const validation = validateCanonical(document, subject);
  if (!validation.ok) {
    const count = validation.issues.length;
    throw new AppError(
      'VALIDATION',
      `the policy document is invalid (${count} issue${count === 1 ? '' : 's'})`,
      {
        issues: validation.issues,
      },
    );
  }
  const frozenDocument = deepFreeze(JSON.parse(validation.canonical) as PolicyDocument);
  const frozenSubject = deepFreeze(cloneJson(subject));
  const rules = rulesOf(frozenDocument);
  const intake = compileFactsIntake(frozenSubject);
  const closures = rules.map((rule) => compileRule(rule, intake.fieldIndex));
  const internals: CompiledInternals = {
    rules,
    intake,
    reportFacts: compileFactsReport(frozenSubject),
    selectRules: selectorOf(
      frozenDocument,
      rules,
      closures.map((closure) => closure.fast),
      closures.map((closure) => closure.traced),
      intake.fieldIndex,
    ),
    buildOutcome: compileOutcomeBuilder(frozenDocument, rules, intake.fieldIndex),
  };
  const compiled: CompiledPolicy = {
    kind: frozenDocument.kind,
    document: frozenDocument,
    subject: frozenSubject,
    contentHash: sha256HexOfText(validation.canonical),
    engineVersion: ENGINE_VERSION,
    ruleCount: rules.length,
  };
  Object.defineProperty(compiled, INTERNALS, { value: internals, enumerable: false });
  return Object.freeze(compiled);
}

/** {@link compile} without throwing: `{ ok: true, value }` or `{ ok: false, error }` (`VALIDATION` with issues). */
export function safeCompile(document: unknown, subject: Subject): Result<CompiledPolicy> {
  try {
    return { ok: true, value: compile(document as PolicyDocument, subject) };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: error.toData() };
    return {
      ok: false,
      error: { code: 'INTERNAL', message: error instanceof Error ? error.message : 'compile failed' },
    };
  }
}
