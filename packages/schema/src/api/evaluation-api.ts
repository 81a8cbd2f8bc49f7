import { z } from 'zod';
import { AsOfSchema, JsonObjectSchema, KeySchema, LIMITS } from '../common.js';
import { PolicyDocumentSchema } from '../document.js';
import { AppErrorDataSchema } from '../errors.js';
import { OutcomeSchema, TraceSchema } from '../outcome.js';
import { CompactOutcomeSchema, OUTCOME_DETAILS } from '../outcome-compact.js';

/**
 * How much of the outcome to answer with: `compact` (default) — what varies per decision, the
 * static text left to the version's document (`expandOutcome` joins them) — or `full`.
 */
const DetailSchema = z.enum(OUTCOME_DETAILS).default('compact');

/** `evaluate`: the version in force at `asOf` (default now) unless `version` is given. */
export const EvaluateInputSchema = z.object({
  policyKey: KeySchema,
  facts: JsonObjectSchema,
  asOf: AsOfSchema.optional(),
  version: z.number().int().positive().optional(),
  /**
   * Include the trace (default false: most callers want the outcome, and the trace is larger than
   * it; ask for it where it is shown or kept — a logged decision's trace is always recoverable by replay).
   */
  trace: z.boolean().default(false),
  detail: DetailSchema,
});
/** `evaluate` input. */
export type EvaluateInput = z.input<typeof EvaluateInputSchema>;

/** One decision as an evaluation returns it (the SDK's `PolicyDecision`). */
export const EvaluationResultSchema = z.object({
  decisionId: z.string(),
  policyKey: KeySchema,
  version: z.number().int().positive(),
  contentHash: z.string(),
  engineVersion: z.string(),
  /** The as-of moment used, as given (or the server's now as an ISO instant). */
  asOf: z.string(),
  outcome: OutcomeSchema,
  /** Empty when `trace: false`. */
  trace: TraceSchema,
  durationMs: z.number().nonnegative(),
  source: z.literal('server'),
});
/** One decision as an evaluation returns it. */
export type EvaluationResult = z.infer<typeof EvaluationResultSchema>;

/**
 * One decision with its compact outcome (`detail: "compact"`, the default): the full result's
 * fields, `detail: "compact"`, and the outcome without the text of the version's document.
 */
export const CompactEvaluationResultSchema = EvaluationResultSchema.extend({
  detail: z.literal('compact'),
  outcome: CompactOutcomeSchema,
});
/** One decision with its compact outcome. */
export type CompactEvaluationResult = z.infer<typeof CompactEvaluationResultSchema>;

/** `evaluate` output: compact by default, full with `detail: "full"` (no `detail` member then). */
export const EvaluateOutputSchema = z.union([CompactEvaluationResultSchema, EvaluationResultSchema]);
/** `evaluate` output. */
export type EvaluateOutput = z.infer<typeof EvaluateOutputSchema>;

/** `evaluateBatch`: up to `LIMITS.batchSize` fact sets against one policy. */
export const EvaluateBatchInputSchema = z.object({
  policyKey: KeySchema,
  items: z
    .array(z.object({ facts: JsonObjectSchema, asOf: AsOfSchema.optional() }))
    .min(1)
    .max(LIMITS.batchSize),
  /** Default as-of of items that give none. */
  asOf: AsOfSchema.optional(),
  version: z.number().int().positive().optional(),
  /** Include traces (default false: a batch is usually wanted for its outcomes). */
  trace: z.boolean().default(false),
  detail: DetailSchema,
});

/** One item of a batch: its decision, or why that fact set could not be decided. */
export const BatchItemResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), decision: EvaluateOutputSchema }),
  z.object({ ok: z.literal(false), error: AppErrorDataSchema }),
]);
/** `evaluateBatch` output: one result per item, in input order. */
export const EvaluateBatchOutputSchema = z.object({ results: z.array(BatchItemResultSchema) });
/** `evaluateBatch` output. */
export type EvaluateBatchOutput = z.infer<typeof EvaluateBatchOutputSchema>;

/**
 * `simulate`: evaluates a version in any status (a draft included) or an unsaved document, without
 * recording a decision.
 */
export const SimulateInputSchema = z.object({
  policyKey: KeySchema,
  version: z.number().int().positive().optional(),
  /** Evaluate this document (against the policy's current subject) instead of a stored version. */
  document: PolicyDocumentSchema.optional(),
  facts: JsonObjectSchema,
  asOf: AsOfSchema.optional(),
  trace: z.boolean().default(true),
});
/** `simulate` output. */
export const SimulateOutputSchema = z.object({
  policyKey: KeySchema,
  /** The stored version evaluated, or null for an unsaved document. */
  version: z.number().int().positive().nullable(),
  contentHash: z.string(),
  engineVersion: z.string(),
  asOf: z.string(),
  outcome: OutcomeSchema,
  trace: TraceSchema,
  durationMs: z.number().nonnegative(),
});
