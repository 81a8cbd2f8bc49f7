// The compact form of an outcome: what varies from one decision to the next (ids, numbers, flags,
// dates, the lines that fired, the grade, the level), without the static text the version's
// document already holds (titles, owners, reasons, category names). `expandOutcome` in
// @precept/rules joins it with the document into the full outcome, the same to the byte; see
// docs/adr/2026-12-07-compact-outcomes.md.
import { z } from 'zod';
import { JsonValueSchema } from './common.js';

/** Compact outcome of a `standard`: each target (document order) met or not, with the values read. */
export const CompactStandardOutcomeSchema = z.object({
  kind: z.literal('standard'),
  met: z.boolean(),
  metCount: z.number().int(),
  targets: z.array(
    z.object({ id: z.string(), met: z.boolean(), actual: z.record(z.string(), JsonValueSchema) }),
  ),
});

/**
 * Compact outcome of a `checklist`: the score and the failed items (document order) with their
 * rectification due dates; every other item passed.
 */
export const CompactChecklistOutcomeSchema = z.object({
  kind: z.literal('checklist'),
  score: z.number(),
  percent: z.number(),
  passed: z.boolean(),
  actions: z.array(z.object({ itemId: z.string(), dueDate: z.string() })),
});

/**
 * Compact outcome of a `scorecard`: the totals, the grade, and the lines that fired (document
 * order); every other line gave nothing.
 */
export const CompactScorecardOutcomeSchema = z.object({
  kind: z.literal('scorecard'),
  total: z.number(),
  deductions: z.number(),
  bonuses: z.number(),
  grade: z.string().nullable(),
  lines: z.array(
    z.object({
      id: z.string(),
      /** Points after the line's own cap and its category's cap. */
      points: z.number(),
      /** Units counted (per-unit lines). */
      units: z.number().optional(),
      /** The value of the fact a per-unit line counts; absent when the fact was missing (or the line is fixed). */
      value: z.number().optional(),
      /** True when the category's cap reduced the points (the line's own cap follows from `value`). */
      categoryCapped: z.literal(true).optional(),
    }),
  ),
});

/** Why a record requirement is not met (`noValid` cannot happen today; kept for the rule's completeness). */
export const REQUIREMENT_FAILURES = ['noRecord', 'belowLevel', 'afterAsOf', 'expired', 'noValid'] as const;

/**
 * Compact outcome of a `qualification`: the post, and each of its requirements (document order)
 * with the record that decided it: when it was obtained, its level, until when it counts, and why
 * it does not.
 */
export const CompactQualificationOutcomeSchema = z.object({
  kind: z.literal('qualification'),
  post: z.string().nullable(),
  qualified: z.boolean(),
  requirements: z.array(
    z.object({
      id: z.string(),
      met: z.boolean(),
      /** The deciding record's date (issued, taken, completed), `YYYY-MM-DD`. */
      obtainedOn: z.string().optional(),
      /** The deciding skill test's level, when it has one. */
      level: z.number().optional(),
      /** The first day the deciding record no longer counts, `YYYY-MM-DD`. */
      validUntil: z.string().optional(),
      failure: z.enum(REQUIREMENT_FAILURES).optional(),
    }),
  ),
  /** Met requirements that stop counting soon: how many days after the as-of date. */
  warnings: z.array(z.object({ requirementId: z.string(), daysLeft: z.number().int() })),
});

/** Compact outcome of an `escalation`: the level (null: none) and the instants its deadlines fall on. */
export const CompactEscalationOutcomeSchema = z.object({
  kind: z.literal('escalation'),
  level: z.string().nullable(),
  respondBy: z.string().nullable(),
  actions: z.array(z.object({ id: z.string(), dueBy: z.string() })),
});

/** Compact outcome of a `ruleset`: the ids of the rules that fired, in firing order. */
export const CompactRulesetOutcomeSchema = z.object({
  kind: z.literal('ruleset'),
  fired: z.array(z.string()),
});

/** The compact outcome of a policy of any kind (see the file's head). */
export const CompactOutcomeSchema = z.discriminatedUnion('kind', [
  CompactStandardOutcomeSchema,
  CompactChecklistOutcomeSchema,
  CompactScorecardOutcomeSchema,
  CompactQualificationOutcomeSchema,
  CompactEscalationOutcomeSchema,
  CompactRulesetOutcomeSchema,
]);
/** The compact outcome of a policy of any kind. */
export type CompactOutcome = z.infer<typeof CompactOutcomeSchema>;
/** The compact outcome of one kind. */
export type CompactOutcomeOf<K extends CompactOutcome['kind']> = Extract<CompactOutcome, { kind: K }>;

/** How much of an outcome an evaluation answers with: `compact` (the default) or `full`. */
export const OUTCOME_DETAILS = ['compact', 'full'] as const;
/** One of {@link OUTCOME_DETAILS}. */
export type OutcomeDetail = (typeof OUTCOME_DETAILS)[number];
