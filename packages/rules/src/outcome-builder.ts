import type { Outcome, PolicyDocument } from '@precept/schema';
import type { FieldIndex } from './fact-reader.js';
import type { OutcomeInput } from './outcome-context.js';
import { buildQualificationOutcome } from './outcome-qualification.js';
import { compileScorecardBuilder } from './outcome-scorecard.js';
import {
  compileChecklistBuilder,
  buildEscalationOutcome,
  compileRulesetBuilder,
  buildStandardOutcome,
  compileActualReaders,
} from './outcome-simple.js';
import type { RuleSpec } from './rule-spec.js';

/** Turns rule results (and the facts, the as-of) into the kind's outcome. */
export type OutcomeBuilder = (input: OutcomeInput) => Outcome;

/**
 * Compiles the outcome builder of a document once. Both evaluators share it, so they can differ
 * only in the rule results they feed it.
 */
export function compileOutcomeBuilder(
  document: PolicyDocument,
  rules: readonly RuleSpec[],
  fieldIndex: FieldIndex,
): OutcomeBuilder {
  switch (document.kind) {
    case 'standard': {
      const readers = rules.map((rule) => compileActualReaders(rule, fieldIndex));
      return (input) => buildStandardOutcome(document, input, readers);
    }
    case 'checklist':
      return compileChecklistBuilder(document);
    case 'scorecard':
      return compileScorecardBuilder(document, fieldIndex);
    case 'qualification':
      return (input) => buildQualificationOutcome(document, input);
    case 'escalation':
      return (input) => buildEscalationOutcome(document, input);
    case 'ruleset':
      return compileRulesetBuilder(document);
  }
}
