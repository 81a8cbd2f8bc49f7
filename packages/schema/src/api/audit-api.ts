import { z } from 'zod';
import { InstantSchema, JsonObjectSchema } from '../common.js';
import { PageInputSchema, pageOf } from './access.js';

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

/** `audit.list`: newest first, filtered. */
export const AuditListInputSchema = PageInputSchema.extend({
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(300).optional(),
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
}).default({ limit: 50 });
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
