// The differential check: generated policies and facts evaluated by the compiled evaluator and by
// json-rules-engine (`evaluateWithEngine`, the reference semantics) must give identical results —
// the same outcome and trace, or the same error. Every difference is a mismatch.
import { isDeepStrictEqual } from 'node:util';
import { compile, safeEvaluate, validate } from '@precept/rules';
import { evaluateWithEngine } from '@precept/rules/reference';
import { isAppError, type AppErrorData, type Result } from '@precept/schema';
import {
  AS_OF_VALUES,
  DIFFERENTIAL_SUBJECT,
  DOCUMENT_GENERATORS,
  generateCaseFacts,
} from './differential-generator.js';
import { createRandom } from './seeded-random.js';

/** How many cases to run and from which seed. */
export interface DifferentialOptions {
  /** Cases (one policy evaluated on one set of facts) to run. */
  readonly cases: number;
  readonly seed: number;
  /** Fact sets per generated policy (default 8): compiling is not what is being compared. */
  readonly factsPerPolicy?: number;
  /**
   * The evaluator under test (default: `safeEvaluate`, the compiled evaluator with default options).
   * Replaced only by the harness's own tests, to show that a wrong evaluator is caught.
   */
  readonly candidate?: typeof safeEvaluate;
}

/** One mismatch, kept whole so that it can be replayed. */
export interface DifferentialMismatch {
  readonly kind: string;
  readonly document: unknown;
  readonly facts: unknown;
  readonly asOf: string;
  readonly what: 'result' | 'default-outcome' | 'invalid-document';
  readonly compiled: unknown;
  readonly reference: unknown;
}

/** The counts of a differential run. */
export interface DifferentialReport {
  cases: number;
  policies: number;
  mismatches: number;
  /** Cases whose facts were refused (`FACTS_INVALID`) by both evaluators alike. */
  refusedAlike: number;
  /** Generated documents that did not validate (a generator defect; counted as mismatches too). */
  invalidDocuments: number;
  /** Cases per policy kind. */
  byKind: Record<string, number>;
  /** Up to five mismatches, whole. */
  examples: DifferentialMismatch[];
  durationMs: number;
}

async function referenceResult(
  compiled: ReturnType<typeof compile>,
  facts: unknown,
  asOf: string,
): Promise<Result<Awaited<ReturnType<typeof evaluateWithEngine>>>> {
  try {
    return { ok: true, value: await evaluateWithEngine(compiled, facts, { asOf, trace: true }) };
  } catch (error) {
    const data: AppErrorData = isAppError(error)
      ? error.toData()
      : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
    return { ok: false, error: data };
  }
}

/**
 * Runs `cases` generated cases, cycling through the six kinds, and counts the mismatches between
 * the compiled evaluator (`safeEvaluate` with the full trace: outcome, trace or error) and
 * json-rules-engine (`evaluateWithEngine`, also traced), and between the compiled evaluator's default
 * options and its traced outcome. Deterministic for a seed.
 */
export async function runDifferential(options: DifferentialOptions): Promise<DifferentialReport> {
  const started = performance.now();
  const random = createRandom(options.seed);
  const perPolicy = options.factsPerPolicy ?? 8;
  const candidate = options.candidate ?? safeEvaluate;
  const kinds = Object.keys(DOCUMENT_GENERATORS) as (keyof typeof DOCUMENT_GENERATORS)[];
  const report: DifferentialReport = {
    cases: 0,
    policies: 0,
    mismatches: 0,
    refusedAlike: 0,
    invalidDocuments: 0,
    byKind: Object.fromEntries(kinds.map((kind) => [kind, 0])),
    examples: [],
    durationMs: 0,
  };
  const record = (mismatch: DifferentialMismatch) => {
    report.mismatches += 1;
    if (report.examples.length < 5) report.examples.push(mismatch);
  };
  while (report.cases < options.cases) {
    const kind = kinds[report.policies % kinds.length]!;
    const document = DOCUMENT_GENERATORS[kind](random);
    report.policies += 1;
    const validation = validate(document, DIFFERENTIAL_SUBJECT);
    if (!validation.ok) {
      report.invalidDocuments += 1;
      record({
        kind,
        document,
        facts: null,
        asOf: '',
        what: 'invalid-document',
        compiled: validation.issues,
        reference: null,
      });
      continue;
    }
    const compiled = compile(document, DIFFERENTIAL_SUBJECT);
    for (let i = 0; i < perPolicy && report.cases < options.cases; i += 1) {
      const facts = generateCaseFacts(random);
      const asOf = random.pick(AS_OF_VALUES);
      report.cases += 1;
      report.byKind[kind]! += 1;
      // Both with the full trace, whatever the default: the traces are compared too.
      const fast = candidate(compiled, facts, { asOf, trace: true });
      const reference = await referenceResult(compiled, facts, asOf);
      if (!isDeepStrictEqual(fast, reference)) {
        record({ kind, document, facts, asOf, what: 'result', compiled: fast, reference });
        continue;
      }
      if (!fast.ok) {
        report.refusedAlike += 1;
        continue;
      }
      // And the default options (what a caller gets) must give the traced run's outcome.
      const plain = candidate(compiled, facts, { asOf });
      if (!plain.ok || !isDeepStrictEqual(plain.value.outcome, fast.value.outcome)) {
        record({
          kind,
          document,
          facts,
          asOf,
          what: 'default-outcome',
          compiled: plain.ok ? plain.value.outcome : plain.error,
          reference: fast.value.outcome,
        });
      }
    }
  }
  report.durationMs = performance.now() - started;
  return report;
}

/** Adds up the reports of runs done in parallel (examples: the first five over all of them). */
export function mergeDifferentialReports(reports: readonly DifferentialReport[]): DifferentialReport {
  const merged: DifferentialReport = {
    cases: 0,
    policies: 0,
    mismatches: 0,
    refusedAlike: 0,
    invalidDocuments: 0,
    byKind: {},
    examples: [],
    durationMs: 0,
  };
  for (const report of reports) {
    merged.cases += report.cases;
    merged.policies += report.policies;
    merged.mismatches += report.mismatches;
    merged.refusedAlike += report.refusedAlike;
    merged.invalidDocuments += report.invalidDocuments;
    for (const [kind, count] of Object.entries(report.byKind))
      merged.byKind[kind] = (merged.byKind[kind] ?? 0) + count;
    merged.examples.push(...report.examples.slice(0, 5 - merged.examples.length));
    merged.durationMs = Math.max(merged.durationMs, report.durationMs);
  }
  return merged;
}
