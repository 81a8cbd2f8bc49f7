import { z } from 'zod';

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
