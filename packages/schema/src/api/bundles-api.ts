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
 * The server's Ed25519 signature of a bundle, made with the key that signs evidence exports
 * (`system.signingKey` serves its public half): `value` is the base64 signature over the canonical
 * JSON of the bundle without its `signature` member, so any change to a version, a document, a
 * subject, the ETag or the time zone fails it. Local evaluators refuse a bundle that does not verify
 * against the key they trust.
 */
export const BundleSignatureSchema = z.object({
  algorithm: z.literal('Ed25519'),
  /** First 16 hex digits of the sha256 of the public key's DER (SPKI) form, as `system.signingKey` names it. */
  keyId: z.string(),
  /** Base64 Ed25519 signature. */
  value: z.string(),
});
/** A bundle's signature. */
export type BundleSignature = z.infer<typeof BundleSignatureSchema>;

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
  signature: BundleSignatureSchema,
});
/** A bundle. */
export type Bundle = z.infer<typeof BundleSchema>;
