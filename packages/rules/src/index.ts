// @precept/rules: the pure evaluation core. No I/O, no clock, deterministic; runs in Node and browsers.
export { ENGINE_VERSION } from './engine-version.js';
export { ISSUE_CODES, type IssueCode } from './issue-codes.js';
export { zodIssuesToIssues, type ZodIssue } from './zod-issues.js';
export { validate, type ValidationResult } from './document-validate.js';
export { validateSubject, type SubjectValidationResult } from './subject-validate.js';
export { checkFacts, compileFactsChecker, type FactsChecker } from './facts-checker.js';
export { compile, safeCompile, type CompiledPolicy } from './compile-policy.js';
export { evaluate, safeEvaluate, type EvaluateOptions, type Evaluation } from './evaluate-policy.js';
// json-rules-engine's runner (`evaluateWithEngine`, `toEngineRules`) is in `@precept/rules/reference`.
export { canonicalJson, canonicalJsonShared, canonicalJsonWith } from './canonical-json.js';
export { parseAsOf, type AsOf } from './calendar-dates.js';
export { contentHash } from './content-hash.js';
export {
  matchExpectation,
  runTestCase,
  type ExpectationMatch,
  type Mismatch,
  type TestCaseResult,
} from './test-case-run.js';
export { OPERATOR_IMPLS, type OperatorContext, type OperatorImpl } from './operator-registry.js';
export {
  dottedPathOf,
  personalPathsOf,
  planPersonalData,
  pseudonymiseFacts,
  touchesPersonalData,
  readFieldsOf,
  standInFacts,
  standInValue,
  type PersonalDataPlan,
  type PseudonymisedFacts,
} from './personal-data.js';
export { resolveFactPath, parseFactPath, explainBadPath } from './fact-path.js';
export * from './diff/index.js';
export { compactOutcome, expandOutcome, OutcomeShapeError } from './outcome-compact.js';
export { diffOutcomes, outcomeElements, outcomeNumbers, type OutcomeChange } from './outcome-diff.js';
