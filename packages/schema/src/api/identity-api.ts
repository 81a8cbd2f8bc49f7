import { z } from 'zod';
import { InstantSchema, KeySchema } from '../common.js';
import { ActorSchema, type Role } from './access.js';

/** A username: 2-64 lower-case letters, digits, `.`, `_` or `-`, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** zod schema of a username; input is trimmed and lower-cased first (`Alice` signs in as `alice`). */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(USERNAME_PATTERN, 'must be 2-64 lower-case letters, digits, ".", "_" or "-"');

/** Shortest password a person may set. */
export const MIN_PASSWORD_LENGTH = 10;

/** zod schema of a new password: 10 to 256 characters. */
export const NewPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256);

/** The roles a person can hold: every role but `service`, which belongs to API keys. */
export const PERSON_ROLES = ['admin', 'author', 'reviewer', 'auditor'] as const satisfies readonly Role[];
/** zod schema of a person's role. */
export const PersonRoleSchema = z.enum(PERSON_ROLES);

/**
 * The roles of a person, as set by an administrator: no repeats, and `admin` alone — whoever
 * manages people and keys holds no policy role, so identity administration never doubles as a
 * path to authoring, reviewing or auditing (guideline §15, separation of duties).
 */
export const PersonRolesSchema = z
  .array(PersonRoleSchema)
  .max(PERSON_ROLES.length)
  .superRefine((roles, ctx) => {
    if (new Set(roles).size !== roles.length) {
      ctx.addIssue({ code: 'custom', message: 'roles must not repeat' });
    }
    if (roles.includes('admin') && roles.length > 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          'an administrator holds no other role: make the person admin, or give them policy roles, not both',
      });
    }
  });

/** What a grant request asks for: roles for a person, or a password reset of a person with roles. */
export const GRANT_REQUEST_KINDS = ['roles', 'password'] as const;
/** Where a grant request stands. */
export const GRANT_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;

/** A person as every endpoint shows them: never a password or its hash. */
export const UserSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(PersonRoleSchema),
  disabled: z.boolean(),
  /** Failed sign-ins since the last success or lockout. */
  failedSignIns: z.number().int().nonnegative(),
  /** Sign-in is refused until then (too many failures), or null. */
  lockedUntil: InstantSchema.nullable(),
  lastSignInAt: InstantSchema.nullable(),
  passwordChangedAt: InstantSchema,
  /** The password was set by someone else: until the person sets their own, they can do nothing else. */
  mustChangePassword: z.boolean(),
  /** Roles asked for and waiting for a second administrator's approval, or null. */
  pendingRoles: z.array(PersonRoleSchema).nullable(),
  /** A password reset waiting for a second administrator's approval. */
  pendingPasswordReset: z.boolean(),
  createdBy: z.string(),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
});
/** A person. */
export type User = z.infer<typeof UserSchema>;

/** A signed-in session as its owner sees it (the token itself is only ever in the cookie). */
export const SessionInfoSchema = z.object({
  /** Not a secret: audit rows name it as the credential (`session:<id>`). */
  id: z.string(),
  createdAt: InstantSchema,
  /** Absolute end of the session. */
  expiresAt: InstantSchema,
  /** The session also ends after this much inactivity, in milliseconds. */
  idleTimeoutMs: z.number().int().positive(),
});
/** A session. */
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

/** `auth.signIn`. */
export const SignInInputSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  /** Any length is accepted here (up to 256): sign-in never tells what the password rules are. */
  password: z.string().min(1).max(256),
  /**
   * Also return the session token in the response, for clients without cookies (they send it as
   * `Authorization: Bearer <token>`). Browsers leave this off: the token then lives only in the
   * httpOnly cookie.
   */
  issueToken: z.boolean().default(false),
});

/** `auth.signIn` output. */
export const SignInOutputSchema = z.object({
  user: UserSchema,
  session: SessionInfoSchema,
  /** Only when `issueToken` was asked for. */
  token: z.string().optional(),
});

/** `auth.changePassword`: the signed-in person's own password; other sessions of theirs end. */
export const ChangePasswordInputSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: NewPasswordSchema,
});

/**
 * What an API key may do: `evaluate` (evaluation and local-decision reports), `bundles` (download
 * bundles) and/or `decisions` (read the decision log of its policies; personal values always show
 * as pseudonyms, since no key holds a role that sees them in clear).
 */
export const KEY_SCOPES = ['evaluate', 'bundles', 'decisions'] as const;
/** One of {@link KEY_SCOPES}. */
export type KeyScope = (typeof KEY_SCOPES)[number];
/** zod schema of {@link KeyScope}. */
export const KeyScopeSchema = z.enum(KEY_SCOPES);

/** A key name: lower-case kebab-case, e.g. `retail-scoring`. The key's actor is `key:<name>`. */
export const KeyNameSchema = KeySchema.max(64);

/** An API key as every endpoint shows it: never its secret or the secret's hash. */
export const ApiKeySchema = z.object({
  /** Public part of the key (`pk_<id>_…`); audit rows name it as the credential (`key:<id>`). */
  id: z.string(),
  name: z.string(),
  scopes: z.array(KeyScopeSchema),
  /** The policies the key may use, or null for all. */
  policyKeys: z.array(z.string()).nullable(),
  createdBy: z.string(),
  createdAt: InstantSchema,
  revokedAt: InstantSchema.nullable(),
  revokedBy: z.string().nullable(),
  lastUsedAt: InstantSchema.nullable(),
});
/** An API key. */
export type ApiKey = z.infer<typeof ApiKeySchema>;

/** `auth.me`: who the request's credential is, or why it was refused. */
export const MeOutputSchema = z.object({
  /** Null when the request carries no valid credential. */
  actor: ActorSchema.nullable(),
  user: UserSchema.nullable(),
  session: SessionInfoSchema.nullable(),
  key: ApiKeySchema.nullable(),
  /** Why a credential that was sent did not count (expired session, revoked key …), else null. */
  problem: z.string().nullable(),
});
/** `auth.me` output. */
export type MeOutput = z.infer<typeof MeOutputSchema>;

/** `users.create`: the admin sets a first password and tells the person out of band. */
export const UserCreateInputSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().min(1).max(200),
  /** Granted only once a second administrator approves; until then the account holds none. */
  roles: PersonRolesSchema,
  password: NewPasswordSchema,
  /** Why the account is needed: shown to the approving administrator. */
  reason: z.string().trim().max(1000).optional(),
});

/** `users.update`: display name, roles, disabled (disabling ends every session of the person). */
export const UserUpdateInputSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().min(1).max(200).optional(),
  /** Removed roles go at once; added ones wait for a second administrator's approval. */
  roles: PersonRolesSchema.optional(),
  disabled: z.boolean().optional(),
  /** Why: shown to the approving administrator when roles are added. */
  reason: z.string().trim().max(1000).optional(),
});

/** `users.setPassword`: an admin resets a person's password; their sessions end and a lockout is lifted. */
export const UserSetPasswordInputSchema = z.object({
  username: UsernameSchema,
  password: NewPasswordSchema,
  /** Why: shown to the approving administrator when the person holds roles. */
  reason: z.string().trim().max(1000).optional(),
});

/**
 * A change to a person's powers that one administrator asked for and a second must approve:
 * roles to grant (also when an account is created with roles), or a password reset of a person
 * who holds roles (whoever knows the password could act as them).
 */
export const GrantRequestSchema = z.object({
  id: z.string(),
  kind: z.enum(GRANT_REQUEST_KINDS),
  username: z.string(),
  /** The person's roles when asked (kind `roles`), else null. */
  rolesBefore: z.array(PersonRoleSchema).nullable(),
  /** The roles the person is to hold (kind `roles`), else null. */
  rolesAfter: z.array(PersonRoleSchema).nullable(),
  reason: z.string().nullable(),
  requestedBy: z.string(),
  requestedAt: InstantSchema,
  status: z.enum(GRANT_REQUEST_STATUSES),
  decidedBy: z.string().nullable(),
  decidedAt: InstantSchema.nullable(),
  comment: z.string().nullable(),
});
/** A grant request. */
export type GrantRequest = z.infer<typeof GrantRequestSchema>;

/** `users.requests`: grant requests, newest first, optionally of one status. */
export const GrantRequestListInputSchema = z
  .object({ status: z.enum(GRANT_REQUEST_STATUSES).optional() })
  .default({});

/** `users.approveRequest` / `users.rejectRequest`. */
export const GrantRequestDecisionInputSchema = z.object({
  id: z.string().min(1).max(64),
  comment: z.string().trim().max(1000).optional(),
});

/** `users.unlock`: lift a sign-in lockout. */
export const UserRefInputSchema = z.object({ username: UsernameSchema });

/** `keys.create`: name, scopes and optionally the policies the key is limited to. */
export const KeyCreateInputSchema = z.object({
  name: KeyNameSchema,
  scopes: z
    .array(KeyScopeSchema)
    .min(1)
    .max(KEY_SCOPES.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'scopes must not repeat'),
  policyKeys: z.array(KeySchema).min(1).max(1000).optional(),
});

/** `keys.create` output: the one time the secret is shown. */
export const KeyCreateOutputSchema = z.object({
  key: ApiKeySchema,
  /** `pk_<id>_<secret>`: send as `Authorization: Bearer …` or `x-api-key: …`. Not retrievable later. */
  secret: z.string(),
});

/** `keys.list`. */
export const KeyListInputSchema = z.object({ includeRevoked: z.boolean().default(false) }).default({
  includeRevoked: false,
});

/** `keys.revoke`. */
export const KeyRefInputSchema = z.object({ id: z.string().min(1).max(64) });
