import { z } from 'zod';
import { InstantSchema, KeySchema } from '../common.js';

/** Longest retention period one can set, in months (100 years). */
export const MAX_RETENTION_MONTHS = 1200;

/** A retention period in months. */
const MonthsSchema = z.number().int().min(1).max(MAX_RETENTION_MONTHS);

/** A reason or comment recorded with a dual-control step. */
const ReasonSchema = z.string().trim().min(3, 'say why (at least 3 characters)').max(2000);

/**
 * The two roles of dual control over the decision log's retention: what one of them asks (a hold,
 * its lift, a retention period), a person holding the other decides.
 */
export const DUAL_CONTROL_ROLES = ['auditor', 'admin'] as const;

/** Names one request or hold. */
export const RetentionIdInputSchema = z.object({ id: z.string().min(1).max(100) });

/** A comment on an approval or a rejection. */
export const RetentionDecideInputSchema = RetentionIdInputSchema.extend({
  comment: z.string().trim().min(1, 'say why').max(2000),
});

/**
 * The states of a legal hold. A hold stops the deletion of the decisions it covers from the moment
 * it is requested (`requested`, `active`, and while a lift waits for approval); only a rejected or
 * lifted hold lets retention run again.
 */
export const LEGAL_HOLD_STATUSES = ['requested', 'active', 'rejected', 'lifted'] as const;

/** A legal hold: decisions of a policy and/or a time range that must not be deleted. */
export const LegalHoldSchema = z.object({
  id: z.string(),
  /** Null: every policy. */
  policyKey: KeySchema.nullable(),
  /** Decisions recorded at or after this instant (null: from the beginning). */
  from: InstantSchema.nullable(),
  /** Decisions recorded before this instant (null: without end). */
  to: InstantSchema.nullable(),
  reason: z.string(),
  status: z.enum(LEGAL_HOLD_STATUSES),
  /** True while the hold stops deletion. */
  blocking: z.boolean(),
  requestedBy: z.string(),
  /** The role the request was made in; a person holding the other one decides it. */
  requestedAs: z.enum(DUAL_CONTROL_ROLES),
  requestedAt: InstantSchema,
  decidedBy: z.string().nullable(),
  decidedAt: InstantSchema.nullable(),
  decisionComment: z.string().nullable(),
  liftRequestedBy: z.string().nullable(),
  liftRequestedAs: z.enum(DUAL_CONTROL_ROLES).nullable(),
  liftRequestedAt: InstantSchema.nullable(),
  liftReason: z.string().nullable(),
  liftedBy: z.string().nullable(),
  liftedAt: InstantSchema.nullable(),
});
/** A legal hold. */
export type LegalHold = z.infer<typeof LegalHoldSchema>;

/**
 * `retention.requestHold`: hold the decisions of a policy, of a time range, or both (neither:
 * every decision). In force at once; an auditor's request is approved by an administrator and an
 * administrator's by an auditor.
 */
export const LegalHoldRequestInputSchema = z
  .object({
    policyKey: KeySchema.optional(),
    from: InstantSchema.optional(),
    to: InstantSchema.optional(),
    reason: ReasonSchema,
  })
  .superRefine((value, ctx) => {
    if (
      value.from !== undefined &&
      value.to !== undefined &&
      !(Date.parse(value.to) > Date.parse(value.from))
    )
      ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` must be after `from`' });
  });

/** `retention.requestLift`: ask to lift a hold (it keeps blocking until the lift is approved). */
export const LegalHoldLiftInputSchema = RetentionIdInputSchema.extend({ reason: ReasonSchema });

/** The states of a retention-period change. */
export const RETENTION_CHANGE_STATUSES = ['pending', 'approved', 'rejected'] as const;

/** A change of a policy's retention period (or of the default), with its dual-control record. */
export const RetentionChangeSchema = z.object({
  id: z.string(),
  /** Null: the default for policies without their own period. */
  policyKey: KeySchema.nullable(),
  /** Null: go back to the default. */
  months: MonthsSchema.nullable(),
  reason: z.string(),
  status: z.enum(RETENTION_CHANGE_STATUSES),
  requestedBy: z.string(),
  requestedAs: z.enum(DUAL_CONTROL_ROLES),
  requestedAt: InstantSchema,
  decidedBy: z.string().nullable(),
  decidedAt: InstantSchema.nullable(),
  decisionComment: z.string().nullable(),
});
/** A retention-period change. */
export type RetentionChange = z.infer<typeof RetentionChangeSchema>;

/** `retention.requestPeriod`: set a policy's retention period in months (null: use the default). */
export const RetentionPeriodRequestInputSchema = z.object({
  policyKey: KeySchema,
  months: MonthsSchema.nullable(),
  reason: ReasonSchema,
});

/** One month partition of the decision log and what retention makes of it now. */
export const DecisionPartitionSchema = z.object({
  name: z.string(),
  /** First instant of the month, in UTC (months are UTC months, whatever the business time zone). */
  from: InstantSchema,
  /** First instant of the next month (UTC). */
  to: InstantSchema,
  rows: z.number().int().nonnegative(),
  /** When every policy's retention has passed for the whole month (null while the month is open). */
  expiresAt: InstantSchema.nullable(),
  /** Why the month is kept, if retention would otherwise drop or purge it. */
  heldBy: z.array(z.string()),
});

/** `retention.overview`: periods in force, holds, pending changes and the log's months. */
export const RetentionOverviewSchema = z.object({
  defaultMonths: MonthsSchema,
  /** The policies with a period of their own. */
  periods: z.array(z.object({ policyKey: KeySchema, months: MonthsSchema })),
  holds: z.array(LegalHoldSchema),
  changes: z.array(RetentionChangeSchema),
  partitions: z.array(DecisionPartitionSchema),
  /** How the database guards the log: `full` with the DDL guard (event triggers), `rows` without. */
  guard: z.enum(['full', 'rows']),
});
/** `retention.overview` output. */
export type RetentionOverview = z.infer<typeof RetentionOverviewSchema>;

/** What one retention run did to one month. */
export const RetentionStepSchema = z.object({
  partition: z.string(),
  from: InstantSchema,
  to: InstantSchema,
  /** `dropped`: the whole month; `purged`: some policies' rows; `kept`: nothing deleted (see `reasons`). */
  action: z.enum(['dropped', 'purged', 'kept']),
  /** Rows deleted, by policy. */
  deleted: z.array(z.object({ policyKey: KeySchema, rows: z.number().int().nonnegative() })),
  /** Why rows were kept: a hold, or a retention period still running. */
  reasons: z.array(z.string()),
});

/** `retention.run` output. */
export const RetentionRunSchema = z.object({
  ranAt: InstantSchema,
  steps: z.array(RetentionStepSchema),
});
/** `retention.run` output. */
export type RetentionRun = z.infer<typeof RetentionRunSchema>;
