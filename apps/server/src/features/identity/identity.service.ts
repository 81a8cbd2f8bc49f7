// People, sessions and API keys: sign-in with slowing and lockout, authentication of each request
// from its credential, user and key administration, and the first users of a new database. Every
// change is audited; failed and refused sign-ins too (in a transaction of their own, since the
// sign-in itself fails).
import { randomBytes } from 'node:crypto';
import {
  AppError,
  GRANT_REQUEST_KINDS,
  PERSON_ROLES,
  type Actor,
  type ApiKey,
  type GrantRequest,
  type KeyScope,
  type MeOutput,
  type SessionInfo,
  type User,
} from '@precept/schema';
import type { IdentityConfig } from '../../config.js';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import type { Logger } from '../../log/logger.js';
import type { AuditService } from '../audit/audit.service.js';
import {
  apiKeyIdOf,
  clearedSessionCookie,
  digestsEqual,
  hashSecret,
  isSessionToken,
  newApiKeySecret,
  newSessionSecret,
  sessionCookie,
  type PresentedCredential,
} from './identity.credentials.js';
import {
  accountDisabled,
  accountLocked,
  grantRequestClosed,
  grantRequestNotFound,
  grantRequestOutdated,
  keyNotFound,
  lastAdmin,
  ownAccountRequest,
  ownPasswordReset,
  secondAdministratorRequired,
  signInThrottled,
  userNotFound,
  usernameTaken,
  wrongCredentials,
  wrongCurrentPassword,
} from './identity.errors.js';
import { createAuthCache } from './identity.auth-cache.js';
import { createPasswordHasher, type PasswordHasher } from './identity.passwords.js';
import {
  claimSignInAttempt,
  closeGrantRequest,
  deleteEndedSessions,
  findApiKey,
  findGrantRequest,
  findSession,
  findSessionByTokenHash,
  findUser,
  hasNoUsers,
  insertApiKey,
  insertGrantRequest,
  insertSession,
  insertUser,
  listApiKeys,
  listGrantRequests,
  listUsers,
  lockEnabledAdmins,
  notifyCredentialsChanged,
  lockUserBootstrap,
  revokeApiKey,
  revokeSession,
  revokeSessionsOf,
  touchApiKey,
  touchSession,
  updateUser,
  type StoredApiKey,
  type StoredGrantRequest,
  type StoredSession,
  type StoredUser,
} from './identity.store.js';

/** What an API key allows beyond its role: scopes and an optional policy allow-list. */
export interface KeyGrant {
  keyId: string;
  scopes: readonly KeyScope[];
  /** The policies the key may use; null for all. */
  policyKeys: readonly string[] | null;
}

/** Who a request proved to be. */
export interface Authentication {
  /** Null when nothing valid was presented. */
  actor: Actor | null;
  /** An API key's limits; null for people and for server-side callers. */
  grant: KeyGrant | null;
  /** The session behind a signed-in person, if any. */
  sessionId: string | null;
  /** Why a credential that was presented did not count (expired, revoked …), else null. */
  problem: string | null;
  /** The person's password was set by someone else: only changing it is allowed. */
  mustChangePassword: boolean;
}

/** Where a request came from (recorded with sessions and failed sign-ins). */
export interface RequestClient {
  remoteAddress: string | null;
  userAgent: string | null;
}

/** A user created at first start, with the password to print once (null when it came from the environment). */
export interface FirstUser {
  username: string;
  roles: string[];
  password: string | null;
}

/** What the first start created. */
export interface FirstUsers {
  /** `demo`: the embedded demo's users; `admin`: the one administrator of a real database. */
  kind: 'demo' | 'admin';
  users: FirstUser[];
  /** Where the passwords came from. */
  passwordSource: 'generated' | 'PRECEPT_DEMO_PASSWORD' | 'PRECEPT_ADMIN_PASSWORD';
}

/** Dependencies of {@link createIdentityService}. */
export interface IdentityServiceDeps {
  db: Db;
  audit: AuditService;
  now: () => Date;
  log: Logger;
  config: IdentityConfig;
  /** The actor first-start users are attributed to. */
  systemActor: Actor;
  /** Default: scrypt with `config.scryptCost`. */
  hasher?: PasswordHasher | undefined;
  /**
   * How long (default 10 s) and how many (default 1,000) authenticated credentials are remembered
   * without asking the database; `ttlMs: 0` turns the cache off.
   */
  authCache?: { ttlMs: number; maxEntries: number } | undefined;
}

/**
 * The notification channel on which instances announce changed credentials (payload `key:<id>` or
 * `user:<username>`); each instance forgets what it cached of them.
 */
export const CREDENTIALS_CHANNEL = 'precept_credentials_changed';

/** The result of a successful sign-in. */
export interface SignInResult {
  user: User;
  session: SessionInfo;
  /** The session token: into the cookie, and into the response only when asked for. */
  token: string;
  /** The `Set-Cookie` value carrying the token. */
  cookie: string;
}

/** People, sessions and API keys. */
export interface IdentityService {
  /** The actor behind a presented credential (or why there is none). Never throws for a bad credential. */
  authenticate(credential: PresentedCredential | undefined): Promise<Authentication>;
  signIn(input: { username: string; password: string }, client: RequestClient): Promise<SignInResult>;
  /** Ends the session of `auth`, if it has one; returns the `Set-Cookie` value that clears the cookie. */
  signOut(auth: Authentication): Promise<string>;
  me(auth: Authentication): Promise<MeOutput>;
  changePassword(
    auth: Authentication,
    input: { currentPassword: string; newPassword: string },
    client: RequestClient,
  ): Promise<User>;
  listUsers(): Promise<User[]>;
  /**
   * Creates an account. Created by a person, it holds no role until a second administrator
   * approves the roles asked for, and its owner must replace the password first; created by the
   * server itself (first start, tests), it holds them at once.
   */
  createUser(
    actor: Actor,
    input: {
      username: string;
      displayName: string;
      roles: string[];
      password: string;
      reason?: string | undefined;
    },
  ): Promise<User>;
  /** Removed roles and disabling take effect at once; added roles become a grant request. */
  updateUser(
    actor: Actor,
    input: {
      username: string;
      displayName?: string | undefined;
      roles?: string[] | undefined;
      disabled?: boolean | undefined;
      reason?: string | undefined;
    },
  ): Promise<User>;
  /** A person without roles gets the password at once; a person with roles, once a second administrator approves. */
  setPassword(
    actor: Actor,
    input: { username: string; password: string; reason?: string | undefined },
  ): Promise<User>;
  listRequests(filter: { status?: GrantRequest['status'] | undefined }): Promise<GrantRequest[]>;
  /** A second administrator (not the requester, not the person concerned) puts a grant request into force. */
  approveRequest(actor: Actor, input: { id: string; comment?: string | undefined }): Promise<GrantRequest>;
  /** Another administrator rejects a grant request, or its requester withdraws it. */
  rejectRequest(actor: Actor, input: { id: string; comment?: string | undefined }): Promise<GrantRequest>;
  unlockUser(actor: Actor, username: string): Promise<User>;
  listKeys(includeRevoked: boolean): Promise<ApiKey[]>;
  createKey(
    actor: Actor,
    input: { name: string; scopes: KeyScope[]; policyKeys?: string[] | undefined },
  ): Promise<{ key: ApiKey; secret: string }>;
  revokeKey(actor: Actor, id: string): Promise<ApiKey>;
  /** Forgets cached authentications of `owner` (`key:<id>` or `user:<username>`): another instance changed them. */
  forgetCredentials(owner: string): void;
  /** Forgets every cached authentication (notifications may have been missed). */
  forgetAllCredentials(): void;
  /**
   * On a database without users: the embedded demo's users (`demo`), else one admin from the
   * environment or with a generated password. Undefined when users exist already.
   */
  createFirstUsers(options: { demo: boolean }): Promise<FirstUsers | undefined>;
}

/** Who is behind a failed or refused sign-in: nobody known yet. */
const ANONYMOUS: Actor = { id: 'anonymous', kind: 'user', credential: 'none', roles: [] };

/** How long a claimed attempt blocks parallel attempts while its password is checked. */
const CLAIM_MS = 10_000;
/** Sessions and keys record activity at most this often (one write per minute, not per request). */
const TOUCH_EVERY_MS = 60_000;
/** Default lifetime of a cached authentication. */
const AUTH_CACHE_TTL_MS = 10_000;
/** Default number of cached authentications. */
const AUTH_CACHE_ENTRIES = 1000;

/** A cached authentication with what is needed to re-check it without the database. */
interface RememberedAuth {
  auth: Authentication;
  /** When the stored `last_used_at` / `last_seen_at` was last written (or read). */
  touchedAtMs: number;
  /** A session's absolute expiry (Infinity for keys). */
  expiresAtMs: number;
}
/** Ended sessions are kept this long (they explain audit rows), then deleted at the person's next sign-in. */
const KEEP_ENDED_SESSIONS_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The demo's people: one per role of the review flow, a second reviewer for two-approver policies,
 * and a second administrator, since granting roles takes two.
 */
export const DEMO_USERS: readonly { username: string; displayName: string; roles: string[] }[] = [
  { username: 'admin', displayName: '陈静', roles: ['admin'] },
  { username: 'admin2', displayName: '周涛', roles: ['admin'] },
  { username: 'author', displayName: '张敏', roles: ['author'] },
  { username: 'reviewer', displayName: '李强', roles: ['reviewer'] },
  { username: 'reviewer2', displayName: '赵磊', roles: ['reviewer'] },
  { username: 'auditor', displayName: '王芳', roles: ['auditor'] },
];

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

type PersonRole = (typeof PERSON_ROLES)[number];

/** Roles a person may hold, de-duplicated in the canonical order. */
function personRoles(roles: readonly string[]): PersonRole[] {
  return PERSON_ROLES.filter((role) => roles.includes(role));
}

/** The roles a person acts with: an administrator acts as an administrator only, whatever is stored. */
function effectiveRoles(roles: readonly string[]): PersonRole[] {
  return roles.includes('admin') ? ['admin'] : personRoles(roles);
}

/** Requests are kept and listed; this many at most per list. */
const REQUEST_LIST_LIMIT = 1000;

function toGrantRequestOutput(stored: StoredGrantRequest): GrantRequest {
  return {
    id: stored.id,
    kind: stored.kind,
    username: stored.username,
    rolesBefore: stored.rolesBefore === null ? null : personRoles(stored.rolesBefore),
    rolesAfter: stored.rolesAfter === null ? null : personRoles(stored.rolesAfter),
    reason: stored.reason,
    requestedBy: stored.requestedBy,
    requestedAt: stored.requestedAt.toISOString(),
    status: stored.status,
    decidedBy: stored.decidedBy,
    decidedAt: iso(stored.decidedAt),
    comment: stored.comment,
  };
}

function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

function toUser(stored: StoredUser, at: Date, pending: readonly StoredGrantRequest[] = []): User {
  const mine = pending.filter(
    (request) => request.username === stored.username && request.status === 'pending',
  );
  const roles = mine.find((request) => request.kind === 'roles')?.rolesAfter ?? null;
  return {
    username: stored.username,
    displayName: stored.displayName,
    roles: effectiveRoles(stored.roles),
    disabled: stored.disabled,
    failedSignIns: stored.failedSignIns,
    lockedUntil:
      stored.lockedUntil !== null && stored.lockedUntil.getTime() > at.getTime()
        ? stored.lockedUntil.toISOString()
        : null,
    lastSignInAt: iso(stored.lastSignInAt),
    passwordChangedAt: stored.passwordChangedAt.toISOString(),
    mustChangePassword: stored.mustChangePassword,
    pendingRoles: roles === null ? null : personRoles(roles),
    pendingPasswordReset: mine.some((request) => request.kind === 'password'),
    createdBy: stored.createdBy,
    createdAt: stored.createdAt.toISOString(),
    updatedAt: stored.updatedAt.toISOString(),
  };
}

function toKey(stored: StoredApiKey): ApiKey {
  return {
    id: stored.id,
    name: stored.name,
    scopes: stored.scopes,
    policyKeys: stored.policyKeys,
    createdBy: stored.createdBy,
    createdAt: stored.createdAt.toISOString(),
    revokedAt: iso(stored.revokedAt),
    revokedBy: stored.revokedBy,
    lastUsedAt: iso(stored.lastUsedAt),
  };
}

/** The actor of a signed-in person. */
function personActor(user: StoredUser, sessionId: string): Actor {
  return {
    id: user.username,
    kind: 'user',
    credential: `session:${sessionId}`,
    roles: effectiveRoles(user.roles),
  };
}

/** The actor of an API key: named after the key (stable across rotations), the credential names the exact key. */
function keyActor(key: StoredApiKey): Actor {
  return { id: `key:${key.name}`, kind: 'key', credential: `key:${key.id}`, roles: ['service'] };
}

const nobody = (problem: string | null): Authentication => ({
  actor: null,
  grant: null,
  sessionId: null,
  problem,
  mustChangePassword: false,
});

/** Creates the {@link IdentityService}. */
export function createIdentityService(deps: IdentityServiceDeps): IdentityService {
  const { db, audit, now, log, config, systemActor } = deps;
  const hasher = deps.hasher ?? createPasswordHasher({ logN: config.scryptCost, r: 8, p: 1 });
  const cookieOptions = { secure: config.secureCookies };
  const cache = createAuthCache<RememberedAuth>({
    ttlMs: deps.authCache?.ttlMs ?? AUTH_CACHE_TTL_MS,
    maxEntries: deps.authCache?.maxEntries ?? AUTH_CACHE_ENTRIES,
  });

  /**
   * Runs `work` in a transaction that tells every instance `owners` changed (on commit), then
   * forgets them here at once, so this instance refuses a revoked credential from its next request.
   */
  const changingCredentials = async <T>(
    owners: (result: T) => readonly string[],
    work: (trx: Trx) => Promise<T>,
  ): Promise<T> => {
    const result = await db.transaction().execute(async (trx) => {
      const value = await work(trx);
      for (const owner of owners(value)) await notifyCredentialsChanged(trx, CREDENTIALS_CHANNEL, owner);
      return value;
    });
    for (const owner of owners(result)) cache.forgetOwner(owner);
    return result;
  };

  /** The delay after the `failures`-th consecutive failure: base, doubling, at most a minute. */
  const delayAfter = (failures: number): number =>
    Math.min(config.signInDelayMs * 2 ** Math.max(0, failures - 1), 60_000);

  const sessionInfo = (session: StoredSession): SessionInfo => ({
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    idleTimeoutMs: config.sessionIdleMs,
  });

  /** Audits without letting an audit failure hide the answer the caller is owed. */
  const auditAlone = async (
    actor: Actor,
    record: Parameters<AuditService['recordAlone']>[1],
  ): Promise<void> => {
    try {
      await audit.recordAlone(actor, record);
    } catch (error) {
      log.error('could not audit', { action: record.action, error });
    }
  };

  type PasswordCheck = { ok: true; user: StoredUser } | { ok: false; error: AppError };

  /**
   * Checks a password for `username` under the slowing and lockout rules, recording failures and
   * auditing them. `purpose` names the operation in audit rows.
   */
  const checkPassword = async (
    username: string,
    password: string,
    client: RequestClient,
    purpose: 'auth.signIn' | 'auth.changePassword',
  ): Promise<PasswordCheck> => {
    const at = now();
    const entity = { entityType: 'user', entityId: username.slice(0, 64) };
    const where = { remoteAddress: client.remoteAddress, userAgent: client.userAgent?.slice(0, 200) ?? null };
    const claimed = await claimSignInAttempt(db, username, at, new Date(at.getTime() + CLAIM_MS));
    if (claimed === undefined) {
      const existing = await findUser(db, username);
      if (existing === undefined) {
        await hasher.verifyNothing(password);
        await auditAlone(ANONYMOUS, {
          action: `${purpose}.failed`,
          ...entity,
          reason: 'unknown username',
          details: where,
        });
        return { ok: false, error: wrongCredentials() };
      }
      const locked = existing.lockedUntil !== null && existing.lockedUntil.getTime() > at.getTime();
      await auditAlone(ANONYMOUS, {
        action: `${purpose}.refused`,
        ...entity,
        reason: locked ? 'account locked' : 'too soon after a failed attempt',
        details: where,
      });
      return {
        ok: false,
        error: locked
          ? accountLocked(existing.lockedUntil!)
          : signInThrottled(existing.nextAttemptAt ?? at, at),
      };
    }

    if (await hasher.verify(password, claimed.passwordHash)) return { ok: true, user: claimed };

    const failedAt = now();
    const outcome = await db.transaction().execute(async (trx) => {
      const current = (await findUser(trx, username, { forUpdate: true }))!;
      const failures = current.failedSignIns + 1;
      const locks = failures >= config.maxFailedSignIns;
      const lockedUntil = new Date(failedAt.getTime() + config.lockoutMs);
      await updateUser(
        trx,
        username,
        locks
          ? { failedSignIns: 0, nextAttemptAt: null, lockedUntil }
          : { failedSignIns: failures, nextAttemptAt: new Date(failedAt.getTime() + delayAfter(failures)) },
        failedAt,
      );
      return { failures, locks, lockedUntil };
    });
    await auditAlone(ANONYMOUS, {
      action: `${purpose}.failed`,
      ...entity,
      reason: 'wrong password',
      details: { ...where, failures: outcome.failures },
    });
    if (outcome.locks) {
      await auditAlone(systemActor, {
        action: 'auth.lockout',
        ...entity,
        reason: `${outcome.failures} failed sign-ins in a row`,
        details: { lockedUntil: outcome.lockedUntil.toISOString() },
      });
    }
    return { ok: false, error: wrongCredentials() };
  };

  /** Gives back a claimed attempt that ended without a password failure. */
  const releaseClaim = (username: string): Promise<unknown> =>
    updateUser(db, username, { nextAttemptAt: null }, now());

  /** A fresh cached authentication for `hash`, touching its stored last use at most once a minute. */
  const remembered = async (hash: string, idleMs: number): Promise<Authentication | undefined> => {
    const at = now().getTime();
    const entry = cache.get(hash, at);
    if (entry === undefined) return undefined;
    const known = entry.value;
    if (known.expiresAtMs <= at || known.touchedAtMs + idleMs <= at) {
      cache.delete(hash);
      return undefined;
    }
    if (at - known.touchedAtMs >= TOUCH_EVERY_MS) {
      known.touchedAtMs = at;
      const { grant, sessionId } = known.auth;
      if (grant !== null) await touchApiKey(db, grant.keyId, new Date(at));
      else if (sessionId !== null) await touchSession(db, sessionId, new Date(at));
    }
    return known.auth;
  };

  const authenticateSession = async (token: string): Promise<Authentication> => {
    if (!isSessionToken(token)) return nobody('the session token is malformed; sign in again');
    const tokenHash = hashSecret(token);
    const cached = await remembered(tokenHash, config.sessionIdleMs);
    if (cached !== undefined) return cached;
    const generation = cache.generation();
    const found = await findSessionByTokenHash(db, tokenHash);
    if (found === undefined) return nobody('the session is unknown; sign in again');
    const { session, user } = found;
    const at = now();
    if (session.revokedAt !== null) return nobody('the session was signed out; sign in again');
    if (session.expiresAt.getTime() <= at.getTime()) return nobody('the session has expired; sign in again');
    if (session.lastSeenAt.getTime() + config.sessionIdleMs <= at.getTime()) {
      return nobody('the session ended after inactivity; sign in again');
    }
    if (user.disabled) return nobody('this account is disabled');
    let touchedAt = session.lastSeenAt;
    if (at.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      await touchSession(db, session.id, at);
      touchedAt = at;
    }
    const auth = {
      actor: personActor(user, session.id),
      grant: null,
      sessionId: session.id,
      problem: null,
      mustChangePassword: user.mustChangePassword,
    };
    const value = { auth, touchedAtMs: touchedAt.getTime(), expiresAtMs: session.expiresAt.getTime() };
    cache.set(tokenHash, value, `user:${user.username}`, at.getTime(), generation);
    return auth;
  };

  const authenticateKey = async (secret: string): Promise<Authentication> => {
    const id = apiKeyIdOf(secret);
    if (id === undefined) return nobody('the API key is malformed');
    const secretHash = hashSecret(secret);
    const cached = await remembered(secretHash, Number.POSITIVE_INFINITY);
    if (cached !== undefined) return cached;
    const generation = cache.generation();
    const key = await findApiKey(db, id);
    if (key === undefined || !digestsEqual(secretHash, key.secretHash)) {
      return nobody('the API key is unknown');
    }
    if (key.revokedAt !== null) return nobody('the API key has been revoked');
    const at = now();
    let touchedAt = key.lastUsedAt;
    if (touchedAt === null || at.getTime() - touchedAt.getTime() >= TOUCH_EVERY_MS) {
      await touchApiKey(db, key.id, at);
      touchedAt = at;
    }
    const auth = {
      actor: keyActor(key),
      grant: { keyId: key.id, scopes: key.scopes, policyKeys: key.policyKeys },
      sessionId: null,
      problem: null,
      mustChangePassword: false,
    };
    const value = { auth, touchedAtMs: touchedAt.getTime(), expiresAtMs: Number.POSITIVE_INFINITY };
    cache.set(secretHash, value, `key:${key.id}`, at.getTime(), generation);
    return auth;
  };

  const requireUser = async (username: string): Promise<StoredUser> => {
    const found = await findUser(db, username);
    if (found === undefined) throw userNotFound(username);
    return found;
  };

  /**
   * Runs `work`; a FORBIDDEN it throws (a separation-of-duties refusal) is audited on its own, since
   * the work's transaction rolled back.
   */
  const auditingRefusals = async <T>(actor: Actor, procedure: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError && error.code === 'FORBIDDEN') {
        await auditAlone(actor, {
          action: 'access.refused',
          entityType: 'procedure',
          entityId: procedure,
          reason: error.message,
        });
      }
      throw error;
    }
  };

  /** The pending grant requests about `username`. */
  const pendingOf = (username: string, on: DbOrTrx = db): Promise<StoredGrantRequest[]> =>
    listGrantRequests(on, { status: 'pending', username, limit: GRANT_REQUEST_KINDS.length });

  const newRequestId = (): string => `gr_${randomBytes(12).toString('base64url')}`;

  /** Withdraws the pending request of `kind` about `username`, if any: a newer one replaces it. */
  const supersede = async (
    trx: Trx,
    actor: Actor,
    username: string,
    kind: StoredGrantRequest['kind'],
    at: Date,
  ): Promise<void> => {
    const previous = (await pendingOf(username, trx)).find((request) => request.kind === kind);
    if (previous === undefined) return;
    await closeGrantRequest(trx, previous.id, {
      status: 'withdrawn',
      by: actor.id,
      at,
      comment: 'replaced by a newer request',
    });
    await audit.record(trx, actor, {
      action: 'user.request.withdraw',
      entityType: 'user',
      entityId: username,
      reason: 'replaced by a newer request',
      details: { request: previous.id, kind, requestedBy: previous.requestedBy },
    });
  };

  /** Stores (and audits) a request to give `username` the roles `rolesAfter`. */
  const requestRoles = async (
    trx: Trx,
    actor: Actor,
    input: {
      username: string;
      rolesBefore: string[];
      rolesAfter: string[];
      reason: string | undefined;
      at: Date;
    },
  ): Promise<StoredGrantRequest> => {
    await supersede(trx, actor, input.username, 'roles', input.at);
    const request: StoredGrantRequest = {
      id: newRequestId(),
      kind: 'roles',
      username: input.username,
      rolesBefore: input.rolesBefore,
      rolesAfter: input.rolesAfter,
      passwordHash: null,
      reason: input.reason ?? null,
      requestedBy: actor.id,
      requestedAt: input.at,
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      comment: null,
    };
    await insertGrantRequest(trx, request);
    await audit.record(trx, actor, {
      action: 'user.request.create',
      entityType: 'user',
      entityId: input.username,
      ...(input.reason === undefined ? {} : { reason: input.reason }),
      details: {
        request: request.id,
        kind: 'roles',
        rolesBefore: input.rolesBefore,
        rolesAfter: input.rolesAfter,
      },
    });
    return request;
  };

  /** The pending request `id`, locked, or NOT_FOUND / CONFLICT. */
  const openRequest = async (trx: Trx, id: string): Promise<StoredGrantRequest> => {
    const found = await findGrantRequest(trx, id, { forUpdate: true });
    if (found === undefined) throw grantRequestNotFound(id);
    if (found.status !== 'pending') throw grantRequestClosed(id, found.status, found.decidedBy);
    return found;
  };

  /** Sets a password someone else chose: sessions end, a lockout is lifted, and (for people) the owner must replace it. */
  const applyPassword = async (
    trx: Trx,
    username: string,
    hash: string,
    mustChangePassword: boolean,
    at: Date,
  ): Promise<{ user: StoredUser; sessionsEnded: number }> => {
    const user = await updateUser(
      trx,
      username,
      {
        passwordHash: hash,
        passwordChangedAt: at,
        mustChangePassword,
        failedSignIns: 0,
        nextAttemptAt: null,
        lockedUntil: null,
      },
      at,
    );
    if (user === undefined) throw userNotFound(username);
    return { user, sessionsEnded: await revokeSessionsOf(trx, username, at) };
  };

  const service: IdentityService = {
    authenticate(credential) {
      if (credential === undefined) return Promise.resolve(nobody(null));
      return credential.kind === 'key'
        ? authenticateKey(credential.secret)
        : authenticateSession(credential.token);
    },

    async signIn({ username, password }, client) {
      const checked = await checkPassword(username, password, client, 'auth.signIn');
      if (!checked.ok) throw checked.error;
      if (checked.user.disabled) {
        await releaseClaim(username);
        await auditAlone(ANONYMOUS, {
          action: 'auth.signIn.refused',
          entityType: 'user',
          entityId: username,
          reason: 'account disabled',
          details: { remoteAddress: client.remoteAddress },
        });
        throw accountDisabled();
      }
      const at = now();
      const secret = newSessionSecret();
      const stored: StoredSession = {
        id: secret.id,
        username,
        createdAt: at,
        expiresAt: new Date(at.getTime() + config.sessionTtlMs),
        lastSeenAt: at,
        revokedAt: null,
      };
      // A stronger hash than the stored one: upgrade it now that the password is known.
      const rehashed = hasher.needsRehash(checked.user.passwordHash)
        ? await hasher.hash(password)
        : undefined;
      const user = await db.transaction().execute(async (trx) => {
        const updated = await updateUser(
          trx,
          username,
          {
            failedSignIns: 0,
            nextAttemptAt: null,
            lockedUntil: null,
            lastSignInAt: at,
            ...(rehashed === undefined ? {} : { passwordHash: rehashed }),
          },
          at,
        );
        await deleteEndedSessions(trx, username, new Date(at.getTime() - KEEP_ENDED_SESSIONS_MS));
        await insertSession(trx, {
          ...stored,
          tokenHash: secret.tokenHash,
          userAgent: client.userAgent?.slice(0, 500) ?? null,
          remoteAddress: client.remoteAddress,
        });
        await audit.record(trx, personActor(updated!, secret.id), {
          action: 'auth.signIn',
          entityType: 'user',
          entityId: username,
          details: { session: secret.id, remoteAddress: client.remoteAddress },
        });
        return updated!;
      });
      return {
        user: toUser(user, at),
        session: sessionInfo(stored),
        token: secret.token,
        cookie: sessionCookie(secret.token, config.sessionTtlMs / 1000, cookieOptions),
      };
    },

    async signOut(auth) {
      if (auth.sessionId !== null && auth.actor !== null) {
        const sessionId = auth.sessionId;
        const actor = auth.actor;
        await changingCredentials(
          () => [`user:${actor.id}`],
          async (trx) => {
            if (await revokeSession(trx, sessionId, now())) {
              await audit.record(trx, actor, {
                action: 'auth.signOut',
                entityType: 'user',
                entityId: actor.id,
                details: { session: sessionId },
              });
            }
          },
        );
      }
      return clearedSessionCookie(cookieOptions);
    },

    async me(auth) {
      const at = now();
      const empty = { actor: auth.actor, user: null, session: null, key: null, problem: auth.problem };
      if (auth.actor === null) return empty;
      if (auth.grant !== null) {
        const key = await findApiKey(db, auth.grant.keyId);
        return { ...empty, key: key === undefined ? null : toKey(key) };
      }
      if (auth.sessionId === null || auth.actor.kind !== 'user') return empty;
      const user = await findUser(db, auth.actor.id);
      const session = await findSession(db, auth.sessionId);
      return {
        ...empty,
        user: user === undefined ? null : toUser(user, at, await pendingOf(user.username)),
        session: session === undefined ? null : sessionInfo(session),
      };
    },

    async changePassword(auth, { currentPassword, newPassword }, client) {
      const actor = auth.actor;
      if (actor === null || actor.kind !== 'user' || auth.sessionId === null) {
        throw new AppError('FORBIDDEN', 'only a signed-in person can change their password');
      }
      if (newPassword === currentPassword) {
        throw new AppError('VALIDATION', 'the new password must differ from the current one', {
          issues: [{ path: '$.newPassword', code: 'unchanged', message: 'is the current password' }],
        });
      }
      const checked = await checkPassword(actor.id, currentPassword, client, 'auth.changePassword');
      if (!checked.ok) {
        throw checked.error.code === 'UNAUTHORIZED' ? wrongCurrentPassword() : checked.error;
      }
      const hash = await hasher.hash(newPassword);
      const at = now();
      const sessionId = auth.sessionId;
      const updated = await changingCredentials(
        () => [`user:${actor.id}`],
        async (trx) => {
          const user = await updateUser(
            trx,
            actor.id,
            {
              passwordHash: hash,
              passwordChangedAt: at,
              mustChangePassword: false,
              failedSignIns: 0,
              nextAttemptAt: null,
            },
            at,
          );
          const ended = await revokeSessionsOf(trx, actor.id, at, sessionId);
          await audit.record(trx, actor, {
            action: 'user.password.change',
            entityType: 'user',
            entityId: actor.id,
            details: { otherSessionsEnded: ended },
          });
          return user!;
        },
      );
      return toUser(updated, at, await pendingOf(actor.id));
    },

    async listUsers() {
      const at = now();
      const pending = await listGrantRequests(db, { status: 'pending', limit: 100_000 });
      return (await listUsers(db)).map((user) => toUser(user, at, pending));
    },

    async createUser(actor, { username, displayName, roles, password, reason }) {
      const hash = await hasher.hash(password);
      const at = now();
      const asked = personRoles(roles);
      // The server itself (first start, seeding, tests) grants at once; a person asks a second administrator.
      const trusted = actor.kind === 'system';
      const user: Parameters<typeof insertUser>[1] = {
        username,
        displayName,
        passwordHash: hash,
        roles: trusted ? asked : [],
        disabled: false,
        passwordChangedAt: at,
        mustChangePassword: !trusted,
        createdBy: actor.id,
        createdAt: at,
        updatedAt: at,
      };
      const request = await db.transaction().execute(async (trx) => {
        if (!(await insertUser(trx, user))) throw usernameTaken(username);
        await audit.record(trx, actor, {
          action: 'user.create',
          entityType: 'user',
          entityId: username,
          ...(reason === undefined ? {} : { reason }),
          details: { displayName, roles: user.roles, ...(trusted ? {} : { rolesRequested: asked }) },
        });
        if (trusted || asked.length === 0) return undefined;
        return requestRoles(trx, actor, { username, rolesBefore: [], rolesAfter: asked, reason, at });
      });
      return toUser(
        { ...user, failedSignIns: 0, nextAttemptAt: null, lockedUntil: null, lastSignInAt: null },
        at,
        request === undefined ? [] : [request],
      );
    },

    updateUser(actor, { username, displayName, roles, disabled, reason }) {
      return auditingRefusals(actor, 'users.update', async () => {
        const at = now();
        const trusted = actor.kind === 'system';
        const updated = await changingCredentials(
          () => [`user:${username}`],
          async (trx) => {
            const admins = await lockEnabledAdmins(trx);
            const current = await findUser(trx, username, { forUpdate: true });
            if (current === undefined) throw userNotFound(username);
            const before = personRoles(current.roles);
            const asked = roles === undefined ? before : personRoles(roles);
            // Taking powers away needs nobody's approval; adding them does.
            const added = asked.filter((role) => !before.includes(role));
            const nextRoles = trusted ? asked : before.filter((role) => asked.includes(role));
            const nextDisabled = disabled ?? current.disabled;
            const staysAdmin = !nextDisabled && nextRoles.includes('admin');
            if (admins.includes(username) && !staysAdmin && admins.length === 1) throw lastAdmin(username);
            if (!trusted && added.length > 0 && actor.id === username) throw ownAccountRequest(username);
            const user = await updateUser(
              trx,
              username,
              {
                ...(displayName === undefined ? {} : { displayName }),
                roles: nextRoles,
                disabled: nextDisabled,
              },
              at,
            );
            const ended = nextDisabled && !current.disabled ? await revokeSessionsOf(trx, username, at) : 0;
            await audit.record(trx, actor, {
              action: 'user.update',
              entityType: 'user',
              entityId: username,
              ...(reason === undefined ? {} : { reason }),
              details: {
                before: { displayName: current.displayName, roles: before, disabled: current.disabled },
                after: { displayName: user!.displayName, roles: nextRoles, disabled: nextDisabled },
                ...(trusted || added.length === 0 ? {} : { rolesRequested: asked }),
                sessionsEnded: ended,
              },
            });
            if (!trusted && added.length > 0) {
              await requestRoles(trx, actor, {
                username,
                rolesBefore: nextRoles,
                rolesAfter: asked,
                reason,
                at,
              });
            }
            return user!;
          },
        );
        return toUser(updated, at, await pendingOf(username));
      });
    },

    setPassword(actor, { username, password, reason }) {
      return auditingRefusals(actor, 'users.setPassword', async () => {
        if (actor.kind !== 'system' && actor.id === username) throw ownPasswordReset();
        const target = await requireUser(username);
        const hash = await hasher.hash(password);
        const at = now();
        const trusted = actor.kind === 'system';
        // Whoever knows a password can act as its owner: for a person with powers, a second administrator decides.
        const guarded =
          !trusted &&
          (personRoles(target.roles).length > 0 ||
            (await pendingOf(username)).some((request) => request.kind === 'roles'));
        if (guarded) {
          await db.transaction().execute(async (trx) => {
            await supersede(trx, actor, username, 'password', at);
            const id = newRequestId();
            await insertGrantRequest(trx, {
              id,
              kind: 'password',
              username,
              rolesBefore: null,
              rolesAfter: null,
              passwordHash: hash,
              reason: reason ?? null,
              requestedBy: actor.id,
              requestedAt: at,
            });
            await audit.record(trx, actor, {
              action: 'user.request.create',
              entityType: 'user',
              entityId: username,
              ...(reason === undefined ? {} : { reason }),
              details: { request: id, kind: 'password' },
            });
          });
          return toUser(target, at, await pendingOf(username));
        }
        const updated = await changingCredentials(
          () => [`user:${username}`],
          async (trx) => {
            const user = await applyPassword(trx, username, hash, !trusted, at);
            await audit.record(trx, actor, {
              action: 'user.password.reset',
              entityType: 'user',
              entityId: username,
              ...(reason === undefined ? {} : { reason }),
              details: { sessionsEnded: user.sessionsEnded },
            });
            return user.user;
          },
        );
        return toUser(updated, at, await pendingOf(username));
      });
    },

    async unlockUser(actor, username) {
      const at = now();
      const updated = await db.transaction().execute(async (trx) => {
        const current = await findUser(trx, username, { forUpdate: true });
        if (current === undefined) throw userNotFound(username);
        const user = await updateUser(
          trx,
          username,
          { failedSignIns: 0, nextAttemptAt: null, lockedUntil: null },
          at,
        );
        await audit.record(trx, actor, {
          action: 'user.unlock',
          entityType: 'user',
          entityId: username,
          details: { wasLockedUntil: iso(current.lockedUntil), failedSignIns: current.failedSignIns },
        });
        return user!;
      });
      return toUser(updated, at, await pendingOf(username));
    },

    async listRequests({ status }) {
      return (await listGrantRequests(db, { status, limit: REQUEST_LIST_LIMIT })).map(toGrantRequestOutput);
    },

    approveRequest(actor, { id, comment }) {
      return auditingRefusals(actor, 'users.approveRequest', async () => {
        const at = now();
        const request = await db.transaction().execute(async (trx) => {
          const found = await openRequest(trx, id);
          if (found.requestedBy === actor.id) throw secondAdministratorRequired(found.requestedBy);
          if (found.username === actor.id) throw ownAccountRequest(actor.id);
          const current = await findUser(trx, found.username, { forUpdate: true });
          if (current === undefined) throw userNotFound(found.username);
          if (current.disabled) {
            throw new AppError(
              'CONFLICT',
              `${found.username} is disabled; enable the account before granting it anything`,
            );
          }
          const closed = await closeGrantRequest(trx, id, {
            status: 'approved',
            by: actor.id,
            at,
            comment: comment ?? null,
          });
          let sessionsEnded = 0;
          if (found.kind === 'roles') {
            const before = personRoles(found.rolesBefore ?? []);
            const held = personRoles(current.roles);
            if (before.join() !== held.join()) throw grantRequestOutdated(id, found.username);
            await updateUser(trx, found.username, { roles: personRoles(found.rolesAfter ?? []) }, at);
          } else {
            sessionsEnded = (await applyPassword(trx, found.username, found.passwordHash!, true, at))
              .sessionsEnded;
          }
          await audit.record(trx, actor, {
            action: 'user.request.approve',
            entityType: 'user',
            entityId: found.username,
            ...(comment === undefined ? {} : { reason: comment }),
            details: {
              request: id,
              kind: found.kind,
              requestedBy: found.requestedBy,
              ...(found.kind === 'roles'
                ? { rolesBefore: found.rolesBefore, rolesAfter: found.rolesAfter }
                : { sessionsEnded }),
            },
          });
          await notifyCredentialsChanged(trx, CREDENTIALS_CHANNEL, `user:${found.username}`);
          return closed!;
        });
        cache.forgetOwner(`user:${request.username}`);
        return toGrantRequestOutput(request);
      });
    },

    rejectRequest(actor, { id, comment }) {
      return auditingRefusals(actor, 'users.rejectRequest', async () => {
        const at = now();
        const request = await db.transaction().execute(async (trx) => {
          const found = await openRequest(trx, id);
          const withdrawn = found.requestedBy === actor.id;
          if (!withdrawn && found.username === actor.id) throw ownAccountRequest(actor.id);
          const closed = await closeGrantRequest(trx, id, {
            status: withdrawn ? 'withdrawn' : 'rejected',
            by: actor.id,
            at,
            comment: comment ?? null,
          });
          await audit.record(trx, actor, {
            action: withdrawn ? 'user.request.withdraw' : 'user.request.reject',
            entityType: 'user',
            entityId: found.username,
            ...(comment === undefined ? {} : { reason: comment }),
            details: { request: id, kind: found.kind, requestedBy: found.requestedBy },
          });
          return closed!;
        });
        return toGrantRequestOutput(request);
      });
    },

    async listKeys(includeRevoked) {
      return (await listApiKeys(db, includeRevoked)).map(toKey);
    },

    async createKey(actor, { name, scopes, policyKeys }) {
      const secret = newApiKeySecret();
      const at = now();
      const stored: StoredApiKey = {
        id: secret.id,
        name,
        secretHash: secret.secretHash,
        scopes: [...new Set(scopes)],
        policyKeys: policyKeys === undefined ? null : [...new Set(policyKeys)].sort(),
        createdBy: actor.id,
        createdAt: at,
        revokedAt: null,
        revokedBy: null,
        lastUsedAt: null,
      };
      await db.transaction().execute(async (trx) => {
        await insertApiKey(trx, stored);
        await audit.record(trx, actor, {
          action: 'key.create',
          entityType: 'apiKey',
          entityId: stored.id,
          details: { name, scopes: stored.scopes, policyKeys: stored.policyKeys },
        });
      });
      return { key: toKey(stored), secret: secret.secret };
    },

    async revokeKey(actor, id) {
      const at = now();
      const revoked = await changingCredentials(
        () => [`key:${id}`],
        async (trx) => {
          const current = await findApiKey(trx, id, { forUpdate: true });
          if (current === undefined) throw keyNotFound(id);
          if (current.revokedAt !== null) {
            throw new AppError(
              'CONFLICT',
              `API key "${id}" was revoked at ${current.revokedAt.toISOString()}`,
            );
          }
          const key = await revokeApiKey(trx, id, actor.id, at);
          await audit.record(trx, actor, {
            action: 'key.revoke',
            entityType: 'apiKey',
            entityId: id,
            details: { name: current.name },
          });
          return key!;
        },
      );
      return toKey(revoked);
    },

    forgetCredentials: (owner) => cache.forgetOwner(owner),
    forgetAllCredentials: () => cache.clear(),

    async createFirstUsers({ demo }) {
      if (!(await hasNoUsers(db))) return undefined;
      const fixed = demo ? config.demoPassword : config.adminPassword;
      const planned = demo
        ? DEMO_USERS.map((user) => ({ ...user, password: fixed ?? generatePassword() }))
        : config.adminUsernames.map((username) => ({
            username,
            displayName: 'Administrator',
            roles: ['admin'],
            password: fixed ?? generatePassword(),
          }));
      // Hash before the transaction: PGlite has one connection, and hashing takes a while.
      const hashed = await Promise.all(
        planned.map(async (user) => ({ ...user, passwordHash: await hasher.hash(user.password) })),
      );
      const at = now();
      const created = await db.transaction().execute(async (trx) => {
        await lockUserBootstrap(trx);
        if (!(await hasNoUsers(trx))) return false;
        for (const user of hashed) {
          await insertUser(trx, {
            username: user.username,
            displayName: user.displayName,
            passwordHash: user.passwordHash,
            roles: user.roles,
            disabled: false,
            passwordChangedAt: at,
            // Whoever started the server saw these passwords; the administrators replace them.
            mustChangePassword: !demo,
            createdBy: systemActor.id,
            createdAt: at,
            updatedAt: at,
          });
          await audit.record(trx, systemActor, {
            action: 'user.create',
            entityType: 'user',
            entityId: user.username,
            // Keys of SYSTEM_CHANGE_NOTES: the console shows the reason in the reader's language.
            reason: demo ? 'precept:demo-user' : 'precept:first-admin',
            details: { displayName: user.displayName, roles: user.roles },
          });
        }
        return true;
      });
      if (!created) return undefined;
      return {
        kind: demo ? 'demo' : 'admin',
        users: planned.map((user) => ({
          username: user.username,
          roles: user.roles,
          password: fixed === undefined ? user.password : null,
        })),
        passwordSource:
          fixed === undefined ? 'generated' : demo ? 'PRECEPT_DEMO_PASSWORD' : 'PRECEPT_ADMIN_PASSWORD',
      };
    },
  };
  return service;
}
