import { z } from 'zod';
import { AsOfSchema, InstantSchema, JsonObjectSchema, KeySchema, LIMITS } from '../common.js';
import { OutcomeSchema, TraceSchema } from '../outcome.js';
import { DECISION_SOURCES, DecisionSchema } from '../policy.js';
import { evidenceOf, exportInputOf, PageInputSchema, pageOf } from './access.js';

/** The filters of `decisions.list` and `decisions.export` besides the time range. */
const DECISION_FILTERS = {
  policyKey: KeySchema.optional(),
  version: z.number().int().positive().optional(),
  /** The outcome in one word (`verdictOf`); needs `policyKey`, whose verdicts it names. */
  verdict: z.string().min(1).max(100).optional(),
  source: z.enum(DECISION_SOURCES).optional(),
  caller: z.string().max(200).optional(),
  /**
   * The decisions about one person: a personal value (a staff number, a name) as it was sent. The
   * server matches it by its pseudonym, so it finds the decisions that stored the value in clear and
   * those that stored only the pseudonym. Only for the roles that may see personal data.
   */
  person: z.union([z.string().min(1).max(500), z.number()]).optional(),
};

/** `decisions.list`: newest first, filtered. */
export const DecisionListInputSchema = PageInputSchema.extend({
  ...DECISION_FILTERS,
  /** Recorded at or after. */
  from: InstantSchema.optional(),
  /** Recorded before. */
  to: InstantSchema.optional(),
}).default({ limit: 50 });
/** `decisions.list` output. */
export const DecisionPageSchema = pageOf(DecisionSchema);

/** Names one decision. */
export const DecisionIdInputSchema = z.object({ id: z.uuid() });

/** `decisions.replay` output: the recorded and the re-evaluated outcome, and whether they are identical. */
export const ReplayOutputSchema = z.object({
  decisionId: z.string(),
  policyKey: KeySchema,
  version: z.number().int().positive(),
  identical: z.boolean(),
  recorded: z.object({ outcome: OutcomeSchema, contentHash: z.string(), engineVersion: z.string() }),
  replayed: z.object({
    outcome: OutcomeSchema,
    contentHash: z.string(),
    engineVersion: z.string(),
    trace: TraceSchema,
  }),
});
/** `decisions.replay` output. */
export type ReplayOutput = z.infer<typeof ReplayOutputSchema>;

/** A decision made elsewhere (the SDK's local evaluator), reported to the decision log. */
export const ReportedDecisionSchema = z.object({
  /** The id the decision was returned with; reporting it twice records it once. */
  decisionId: z.uuid(),
  policyKey: KeySchema,
  version: z.number().int().positive(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  engineVersion: z.string().min(1).max(200),
  asOf: AsOfSchema,
  facts: JsonObjectSchema,
  outcome: OutcomeSchema,
  durationMs: z.number().nonnegative(),
  createdAt: InstantSchema,
});
/** `decisions.report`: a bounded batch of local decisions. */
export const ReportInputSchema = z.object({
  decisions: z.array(ReportedDecisionSchema).min(1).max(LIMITS.batchSize),
});
/** `decisions.report` output. */
export const ReportOutputSchema = z.object({
  accepted: z.number().int(),
  /** Already recorded (same decision id). */
  duplicates: z.number().int(),
});

/** `decisions.export`: the filters of `decisions.list` and a required time range (recorded at or after `from`, before `to`). */
export const DecisionExportInputSchema = exportInputOf(DECISION_FILTERS);
/** `decisions.export` input. */
export type DecisionExportInput = z.infer<typeof DecisionExportInputSchema>;

/** `decisions.export` output: the evidence package of the decision log. */
export const DecisionExportSchema = evidenceOf(DecisionSchema, DecisionExportInputSchema).extend({
  /** Whether personal values appear in clear or as pseudonyms (by the exporter's roles). */
  personalData: z.enum(['clear', 'masked']),
});
/** `decisions.export` output. */
export type DecisionExport = z.infer<typeof DecisionExportSchema>;
