import { z } from 'zod';
import { InstantSchema, JsonObjectSchema } from '../common.js';
import { evidenceOf, exportInputOf, PageInputSchema, pageOf } from './access.js';

/** One row of the audit chain. */
export const AuditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: InstantSchema,
  actor: z.string(),
  actorKind: z.string(),
  credential: z.string().nullable(),
  /** `policy.publish`, `testCase.create`, … */
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  reason: z.string().nullable(),
  beforeHash: z.string().nullable(),
  afterHash: z.string().nullable(),
  details: JsonObjectSchema.nullable(),
  prevHash: z.string(),
  /** sha256 over the row's canonical content and `prevHash`. */
  hash: z.string(),
});
/** One row of the audit chain. */
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** The filters of `audit.list` and `audit.export`. */
const AUDIT_FILTERS = {
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(300).optional(),
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
};

/** `audit.list`: newest first, filtered. */
export const AuditListInputSchema = PageInputSchema.extend(AUDIT_FILTERS).default({ limit: 50 });
/** `audit.list` output. */
export const AuditPageSchema = pageOf(AuditEntrySchema);

/** `audit.verify` output: the first row whose hash or link does not hold, if any. */
export const AuditVerifyOutputSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBad: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
});
/** `audit.verify` output. */
export type AuditVerifyOutput = z.infer<typeof AuditVerifyOutputSchema>;

/** `audit.export`: the filters of `audit.list` and a required time range (`from` inclusive, `to` exclusive). */
export const AuditExportInputSchema = exportInputOf(AUDIT_FILTERS);
/** `audit.export` input. */
export type AuditExportInput = z.infer<typeof AuditExportInputSchema>;

/**
 * The chain verified over an export's range: every row of the log (filtered or not) from the first
 * to the last row recorded in the time range, and the link of the first to its predecessor.
 * `anchorHash` is the first row's `prevHash`; the nulls stand for an empty range.
 */
export const AuditChainRangeSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int().nonnegative(),
  firstSeq: z.number().int().positive().nullable(),
  lastSeq: z.number().int().positive().nullable(),
  anchorHash: z.string().nullable(),
  firstHash: z.string().nullable(),
  lastHash: z.string().nullable(),
  firstBad: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
});
/** The chain verified over an export's range. */
export type AuditChainRange = z.infer<typeof AuditChainRangeSchema>;

/** `audit.export` output: the evidence package and the chain verified over its range. */
export const AuditExportSchema = evidenceOf(AuditEntrySchema, AuditExportInputSchema).extend({
  chain: AuditChainRangeSchema,
});
/** `audit.export` output. */
export type AuditExport = z.infer<typeof AuditExportSchema>;
