import { z } from 'zod';
import { AsOfSchema, InstantSchema, KeySchema } from '../common.js';
import { PolicyDocumentSchema, PolicyKindSchema } from '../document.js';
import { SubjectSchema } from '../subject.js';

/** `bundles.get`: the named policies (all when omitted) as published at `asOf` (default now). */
export const BundleInputSchema = z
  .object({
    policyKeys: z.array(KeySchema).min(1).max(1000).optional(),
    asOf: AsOfSchema.optional(),
  })
  .default({});

/** One published version in a bundle, with what a local evaluator needs to compile it. */
export const BundleVersionSchema = z.object({
  policyKey: KeySchema,
  kind: PolicyKindSchema,
  version: z.number().int().positive(),
  contentHash: z.string(),
  document: PolicyDocumentSchema,
  subject: SubjectSchema,
  subjectVersion: z.number().int().positive(),
  effectiveFrom: InstantSchema,
  effectiveTo: InstantSchema.nullable(),
});
/** One published version in a bundle. */
export type BundleVersion = z.infer<typeof BundleVersionSchema>;

/**
 * A bundle: for each policy, the version in force at `asOf` and any scheduled after it. `etag` is
 * a hash of the versions it holds (not of `asOf`): unchanged content, unchanged ETag.
 */
export const BundleSchema = z.object({
  etag: z.string(),
  asOf: z.string(),
  engineVersion: z.string(),
  /** The business time zone the server evaluates in; a local evaluator uses the same, so dates mean the same. */
  timeZone: z.string(),
  versions: z.array(BundleVersionSchema),
});
/** A bundle. */
export type Bundle = z.infer<typeof BundleSchema>;
