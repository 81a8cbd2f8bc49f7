import { z } from 'zod';
import { InstantSchema } from '../common.js';

/**
 * The roles a caller can hold. `admin` manages users and keys; `author` edits drafts and test cases
 * and submits; `reviewer` approves, rejects, publishes, retires and rolls back; `auditor` reads
 * everything and replays; `service` (API keys) evaluates and reads bundles.
 */
export const ROLES = ['admin', 'author', 'reviewer', 'auditor', 'service'] as const;
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];
/** zod schema of {@link Role}. */
export const RoleSchema = z.enum(ROLES);

/** Who a caller is: a person, an API key, or the server itself (seeding, scheduled sweeps). */
export const ACTOR_KINDS = ['user', 'key', 'system'] as const;
/** One of {@link ACTOR_KINDS}. */
export type ActorKind = (typeof ACTOR_KINDS)[number];

/**
 * The caller of a procedure. `credential` names what proved the identity (a session, a key id, the
 * development header) and is recorded in every audit row.
 */
export const ActorSchema = z.object({
  id: z.string().min(1).max(200),
  kind: z.enum(ACTOR_KINDS),
  credential: z.string().min(1).max(200),
  roles: z.array(RoleSchema),
});
/** The caller of a procedure. */
export type Actor = z.infer<typeof ActorSchema>;

/**
 * Who may call a procedure: `public` (anyone, even unauthenticated), `authenticated` (any known
 * caller), or a list of roles (a caller holding any of them).
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

/** Pagination input: at most `limit` items after the opaque `cursor` of a previous page. */
export const PageInputSchema = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

/** A page of items and the cursor of the next page (null on the last page). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** Most rows one evidence export holds; a larger export is refused with `LIMIT` (narrow the range). */
export const EXPORT_MAX_ROWS = 10_000;
/** Longest time range of one evidence export, in days. */
export const EXPORT_MAX_DAYS = 366;

/**
 * The input of an evidence export: `filters` (the fields of the matching `list`, without paging)
 * plus a required time range — `from` inclusive, `to` exclusive, `to` after `from`, at most
 * {@link EXPORT_MAX_DAYS} days.
 */
export function exportInputOf<S extends z.ZodRawShape>(filters: S) {
  return z.object({ ...filters, from: InstantSchema, to: InstantSchema }).superRefine((value, ctx) => {
    const range = value as { from: string; to: string };
    const from = Date.parse(range.from);
    const to = Date.parse(range.to);
    if (!(to > from)) ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` must be after `from`' });
    else if (to - from > EXPORT_MAX_DAYS * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `an export covers at most ${EXPORT_MAX_DAYS} days; narrow the range`,
      });
    }
  });
}

/** Who generated an evidence package: the caller and the credential it used. */
export const ExportGeneratorSchema = z.object({
  actor: z.string(),
  actorKind: z.string(),
  credential: z.string(),
});

/**
 * The server's Ed25519 signature over an evidence package: over the canonical JSON of the package
 * without its `signature` member (`payloadSha256` is that text's sha256). `publicKey` is the
 * signing key as SPKI PEM and `keyId` the first 16 hex digits of the sha256 of its DER form; a
 * recipient checks the signature against the key the bank publishes (`system.signingKey`), not
 * merely the one the package carries.
 */
export const EvidenceSignatureSchema = z.object({
  algorithm: z.literal('Ed25519'),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  publicKey: z.string().startsWith('-----BEGIN PUBLIC KEY-----'),
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** base64. */
  value: z.string().min(1),
});
/** The signature of an evidence package. */
export type EvidenceSignature = z.infer<typeof EvidenceSignatureSchema>;

/** `system.signingKey`: the public key evidence packages are signed with. */
export const SigningKeySchema = z.object({
  algorithm: z.literal('Ed25519'),
  keyId: z.string(),
  /** SPKI PEM. */
  publicKey: z.string(),
});

/** `evidence.verify`: a downloaded package, and optionally the public key to trust (default: the server's). */
export const EvidenceVerifyInputSchema = z.object({
  evidence: z.record(z.string(), z.unknown()),
  publicKey: z.string().max(2000).optional(),
});

/** What verifying a package found: `ok` when every check passed. */
export const EvidenceVerificationSchema = z.object({
  ok: z.boolean(),
  keyId: z.string().nullable(),
  checks: z.array(
    z.object({
      name: z.enum(['shape', 'rows-hash', 'signature', 'key', 'chain']),
      ok: z.boolean(),
      detail: z.string(),
    }),
  ),
});

/**
 * An evidence package: when and by whom it was generated, the filters it answers, its rows (oldest
 * first, at most {@link EXPORT_MAX_ROWS}), `sha256`, the `contentHash` (sha256 of the canonical
 * JSON) of `rows`, and the server's signature over all of it, so a recipient can check offline that
 * the package is the one the server produced, unchanged.
 */
export function evidenceOf<R extends z.ZodType, F extends z.ZodType>(row: R, filters: F) {
  return z.object({
    generatedAt: InstantSchema,
    generatedBy: ExportGeneratorSchema,
    filters,
    count: z.number().int().nonnegative(),
    rows: z.array(row),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    signature: EvidenceSignatureSchema,
  });
}
