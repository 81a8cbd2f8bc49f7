import { z } from 'zod';
import { InstantSchema, KeySchema, EffectiveDateSchema } from '../common.js';
import { DocumentDiffSchema } from '../diff.js';
import { PolicyDocumentSchema, PolicyKindSchema } from '../document.js';
import { IssueSchema } from '../errors.js';
import { PolicySchema, PolicyVersionSchema, VersionStatusSchema } from '../policy.js';

const VersionNumberSchema = z.number().int().positive().max(1_000_000);
const LockVersionSchema = z.number().int().nonnegative();
const NoteSchema = z.string().trim().min(1, 'must not be empty').max(4000);

/** A policy version as the server returns it: the contract's version plus what the server derives. */
export const PolicyVersionDetailSchema = PolicyVersionSchema.extend({
  /** The subject version the document is checked and evaluated against. */
  subjectVersion: z.number().int().positive(),
  /** Published with an `effectiveFrom` still in the future. */
  isScheduled: z.boolean(),
  /** Its effective window contains the current moment. */
  isInForce: z.boolean(),
  /** Validation issues of a draft's document (always empty once submitted). */
  issues: z.array(IssueSchema),
});
/** A policy version as the server returns it. */
export type PolicyVersionDetail = z.infer<typeof PolicyVersionDetailSchema>;

/** A version without its document, for histories and lists. */
export const PolicyVersionSummarySchema = PolicyVersionDetailSchema.omit({ document: true, issues: true });
/** A version without its document. */
export type PolicyVersionSummary = z.infer<typeof PolicyVersionSummarySchema>;

/** A published version's identity and window. */
export const VersionWindowSchema = z.object({
  version: z.number().int().positive(),
  contentHash: z.string(),
  effectiveFrom: InstantSchema,
  effectiveTo: InstantSchema.nullable(),
});
/** A published version's identity and window. */
export type VersionWindow = z.infer<typeof VersionWindowSchema>;

/** A policy with where its versions stand. */
export const PolicySummarySchema = z.object({
  policy: PolicySchema,
  /** The version in force now, if any. */
  inForce: VersionWindowSchema.nullable(),
  /** A published version whose window starts in the future, if any. */
  scheduled: VersionWindowSchema.nullable(),
  /** The highest version number and its status. */
  latest: z.object({ version: z.number().int().positive(), status: VersionStatusSchema }).nullable(),
  /** Versions being worked on: draft, in review or approved. */
  pending: z.array(z.object({ version: z.number().int().positive(), status: VersionStatusSchema })),
  /** True when no version is in force or scheduled and the last one was retired. */
  isRetired: z.boolean(),
});
/** A policy with where its versions stand. */
export type PolicySummary = z.infer<typeof PolicySummarySchema>;

/** `policies.list`: filters, all optional; `text` searches key, titles and description. */
export const PolicyListInputSchema = z
  .object({
    kind: PolicyKindSchema.optional(),
    subjectKey: KeySchema.optional(),
    owner: z.string().max(200).optional(),
    /** Policies with at least one version in this status. */
    status: VersionStatusSchema.optional(),
    text: z.string().max(200).optional(),
  })
  .default({});
/** `policies.list` output. */
export const PolicyListOutputSchema = z.array(PolicySummarySchema);

/** Names a policy. */
export const PolicyKeyInputSchema = z.object({ policyKey: KeySchema });
/** `policies.get` output: the summary plus every version (without documents), newest first. */
export const PolicyDetailSchema = PolicySummarySchema.extend({
  versions: z.array(PolicyVersionSummarySchema),
});
/** `policies.get` output. */
export type PolicyDetail = z.infer<typeof PolicyDetailSchema>;

/** Names one version of a policy. */
export const VersionRefInputSchema = z.object({ policyKey: KeySchema, version: VersionNumberSchema });

/** `policies.create`: a new policy with its first draft. */
export const CreatePolicyInputSchema = z.object({
  policy: PolicySchema,
  document: PolicyDocumentSchema,
  changeNote: z.string().max(4000).optional(),
});
/** `policies.create` output. */
export const CreatePolicyOutputSchema = z.object({
  policy: PolicySchema,
  version: PolicyVersionDetailSchema,
});

/** `policies.createDraft`: a new draft whose document is a copy of `fromVersion`'s. */
export const CreateDraftInputSchema = z.object({ policyKey: KeySchema, fromVersion: VersionNumberSchema });

/** `policies.updateDraft`: replaces a draft's document; `lockVersion` must be the current one. */
export const UpdateDraftInputSchema = z.object({
  policyKey: KeySchema,
  version: VersionNumberSchema,
  lockVersion: LockVersionSchema,
  document: PolicyDocumentSchema,
  changeNote: z.string().max(4000).nullable().optional(),
});

/** A lifecycle step on a version that names its current `lockVersion`. */
export const LockedVersionInputSchema = z.object({
  policyKey: KeySchema,
  version: VersionNumberSchema,
  lockVersion: LockVersionSchema,
});

/** `policies.discardDraft`. */
export const DiscardDraftInputSchema = LockedVersionInputSchema.extend({
  reason: z.string().max(4000).optional(),
});
/** `policies.discardDraft` output. */
export const DiscardDraftOutputSchema = z.object({
  policyKey: KeySchema,
  version: z.number().int().positive(),
});

/** `policies.submit`: the change note (why) is required. */
export const SubmitInputSchema = LockedVersionInputSchema.extend({ changeNote: NoteSchema });

/** `policies.approve`. */
export const ApproveInputSchema = LockedVersionInputSchema.extend({
  comment: z.string().max(4000).default(''),
  /**
   * The impact report the reviewer read (`impact.latest`); refused unless it is still the current
   * one. The approval's audit row records the current report either way.
   */
  impactReportId: z.string().min(1).max(100).optional(),
});
/** `policies.reject`: the comment says what to change. */
export const RejectInputSchema = LockedVersionInputSchema.extend({ comment: NoteSchema });

/**
 * `policies.publish`: in force from `effectiveFrom` (default now; a future moment schedules it). A
 * date means that day's start in the business time zone: `2027-01-01` is 00:00 in Beijing.
 */
export const PublishInputSchema = LockedVersionInputSchema.extend({
  effectiveFrom: EffectiveDateSchema.optional(),
  reason: z.string().max(4000).optional(),
});

/** `policies.retire`: ends a published version's window now (or cancels a scheduled one). */
export const RetireInputSchema = z.object({
  policyKey: KeySchema,
  version: VersionNumberSchema,
  reason: NoteSchema,
});

/** `policies.rollback`: publishes a new version whose document equals `toVersion`'s. */
export const RollbackInputSchema = z.object({
  policyKey: KeySchema,
  toVersion: VersionNumberSchema,
  changeNote: NoteSchema,
  effectiveFrom: EffectiveDateSchema.optional(),
});

/** `policies.diff`: the semantic diff from one version to another of the same policy. */
export const DiffInputSchema = z.object({
  policyKey: KeySchema,
  from: VersionNumberSchema,
  to: VersionNumberSchema,
});
/** `policies.diff` output. */
export const DiffOutputSchema = z.object({
  policyKey: KeySchema,
  from: z.object({ version: z.number().int().positive(), contentHash: z.string() }),
  to: z.object({ version: z.number().int().positive(), contentHash: z.string() }),
  changes: DocumentDiffSchema,
});
/** `policies.diff` output. */
export type DiffOutput = z.infer<typeof DiffOutputSchema>;
