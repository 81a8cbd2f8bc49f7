import { z } from 'zod';
import { InstantSchema, JsonObjectSchema, JsonValueSchema, KeySchema } from '../common.js';
import { OutcomeSchema } from '../outcome.js';

/** Longest window an impact analysis re-evaluates, in days. */
export const IMPACT_MAX_DAYS = 731;
/** Most changed cases a report keeps (the counts cover them all). */
export const IMPACT_MAX_CASES = 50_000;

const VersionNumberSchema = z.number().int().positive();

/**
 * `impact.run`: re-evaluate the stored decisions of a policy recorded in `[from, to)` (default: the
 * last 12 months) with the version in force and with `version` (a draft or a version in review).
 */
export const ImpactRunInputSchema = z
  .object({
    policyKey: KeySchema,
    version: VersionNumberSchema,
    from: InstantSchema.optional(),
    to: InstantSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.from === undefined || value.to === undefined) return;
    const from = Date.parse(value.from);
    const to = Date.parse(value.to);
    if (!(to > from)) ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` must be after `from`' });
    else if (to - from > IMPACT_MAX_DAYS * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `an impact analysis covers at most ${IMPACT_MAX_DAYS} days`,
      });
    }
  });
/** `impact.run` input. */
export type ImpactRunInput = z.infer<typeof ImpactRunInputSchema>;

/** Names one report. */
export const ImpactIdInputSchema = z.object({ id: z.string().min(1).max(100) });

/** Names a version whose latest report is wanted. */
export const ImpactLatestInputSchema = z.object({ policyKey: KeySchema, version: VersionNumberSchema });

/** The states of a report: running (with progress), done, cancelled or failed. */
export const IMPACT_STATUSES = ['running', 'done', 'cancelled', 'failed'] as const;

/** How many decisions went from one verdict to another. */
export const ImpactMatrixCellSchema = z.object({
  before: z.string(),
  after: z.string(),
  count: z.number().int(),
});

/** Summary statistics of one number over the decisions. */
export const ImpactStatsSchema = z.object({
  count: z.number().int(),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  p10: z.number().nullable(),
  p90: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
});

/** One number (a scorecard's total, a checklist's percent…) before and after, with histograms on shared bins. */
export const ImpactDistributionSchema = z.object({
  field: z.string(),
  before: ImpactStatsSchema,
  after: ImpactStatsSchema,
  /** Bin edges (one more than the counts). */
  edges: z.array(z.number()),
  beforeCounts: z.array(z.number().int()),
  afterCounts: z.array(z.number().int()),
});

/** What re-evaluation found. */
export const ImpactSummarySchema = z.object({
  evaluated: z.number().int(),
  unchanged: z.number().int(),
  changed: z.number().int(),
  /** Decisions that could not be re-evaluated (facts that no longer fit, a personal field the new version reads…). */
  errors: z.number().int(),
  errorsByReason: z.array(z.object({ code: z.string(), message: z.string(), count: z.number().int() })),
  /** Before (version in force) → after (the version under review), by verdict. */
  verdicts: z.array(ImpactMatrixCellSchema),
  /** Elements (targets, items, lines, requirements, levels) that hold in one and not the other, by id. */
  elements: z.array(z.object({ id: z.string(), gained: z.number().int(), lost: z.number().int() })),
  distributions: z.array(ImpactDistributionSchema),
});
/** What re-evaluation found. */
export type ImpactSummary = z.infer<typeof ImpactSummarySchema>;

/** An impact report: what a version would do to the decisions already made. */
export const ImpactReportSchema = z.object({
  id: z.string(),
  policyKey: KeySchema,
  version: VersionNumberSchema,
  /** The content hash of the version analysed: a report is current while the version's content is this. */
  contentHash: z.string(),
  /** The version it is compared with (in force when the report ran); null when none was in force. */
  baselineVersion: VersionNumberSchema.nullable(),
  baselineHash: z.string().nullable(),
  from: InstantSchema,
  to: InstantSchema,
  status: z.enum(IMPACT_STATUSES),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  startedBy: z.string(),
  startedAt: InstantSchema,
  finishedAt: InstantSchema.nullable(),
  error: z.string().nullable(),
  summary: ImpactSummarySchema.nullable(),
  /** sha256 of the summary and every stored case (what an approval records). */
  reportHash: z.string().nullable(),
  /** True while the version's content is the one analysed, the report is done, and the baseline is still in force. */
  current: z.boolean(),
  /** Changed cases kept (at most {@link IMPACT_MAX_CASES}). */
  casesStored: z.number().int(),
});
/** An impact report. */
export type ImpactReport = z.infer<typeof ImpactReportSchema>;

/** One decision whose outcome the version under review changes. */
export const ImpactCaseSchema = z.object({
  decisionId: z.string(),
  recordedAt: InstantSchema,
  asOf: z.string(),
  verdictBefore: z.string(),
  verdictAfter: z.string(),
  numbersBefore: z.record(z.string(), z.number()),
  numbersAfter: z.record(z.string(), z.number()),
  changes: z.array(
    z.object({ path: z.string(), before: JsonValueSchema.optional(), after: JsonValueSchema.optional() }),
  ),
});
/** One changed decision. */
export type ImpactCase = z.infer<typeof ImpactCaseSchema>;

/** `impact.cases`: a page of a report's changed cases, optionally one before → after verdict pair. */
export const ImpactCasesInputSchema = z.object({
  id: z.string().min(1).max(100),
  verdictBefore: z.string().max(100).optional(),
  verdictAfter: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(5000).default(500),
  cursor: z.string().max(40).optional(),
});

/** `impact.cases` output. */
export const ImpactCasesPageSchema = z.object({
  items: z.array(ImpactCaseSchema),
  nextCursor: z.string().nullable(),
});

/** `impact.case`: one changed decision in full. */
export const ImpactCaseInputSchema = z.object({ id: z.string().min(1).max(100), decisionId: z.uuid() });

/** `impact.case` output: both outcomes side by side and the facts (masked as the caller may see them). */
export const ImpactCaseDetailSchema = z.object({
  case: ImpactCaseSchema,
  facts: JsonObjectSchema,
  masked: z.boolean(),
  before: OutcomeSchema,
  after: OutcomeSchema,
});
