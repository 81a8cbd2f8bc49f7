import { sql } from 'kysely';
import type { KeyScope } from '@precept/schema';
import type { DbOrTrx, Trx } from '../../db/database.js';

/** A person as stored (the password hash stays inside the identity feature). */
export interface StoredUser {
  username: string;
  displayName: string;
  passwordHash: string;
  roles: string[];
  disabled: boolean;
  failedSignIns: number;
  nextAttemptAt: Date | null;
  lockedUntil: Date | null;
  lastSignInAt: Date | null;
  passwordChangedAt: Date;
  mustChangePassword: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A session as stored, with its person. */
export interface StoredSession {
  id: string;
  username: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

/** An API key as stored. */
export interface StoredApiKey {
  id: string;
  name: string;
  secretHash: string;
  scopes: KeyScope[];
  policyKeys: string[] | null;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  lastUsedAt: Date | null;
}

type UserRow = {
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  disabled: boolean;
  failed_sign_ins: number;
  next_attempt_at: Date | null;
  locked_until: Date | null;
  last_sign_in_at: Date | null;
  password_changed_at: Date;
  must_change_password: boolean;
  created_by: string;
  created_at: Date;
  updated_at: Date;
};

function toUser(row: UserRow): StoredUser {
  return {
    username: row.username,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    roles: row.roles,
    disabled: row.disabled,
    failedSignIns: row.failed_sign_ins,
    nextAttemptAt: row.next_attempt_at,
    lockedUntil: row.locked_until,
    lastSignInAt: row.last_sign_in_at,
    passwordChangedAt: row.password_changed_at,
    mustChangePassword: row.must_change_password,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A person by username. */
export async function findUser(
  db: DbOrTrx,
  username: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredUser | undefined> {
  let query = db.selectFrom('users').selectAll().where('username', '=', username);
  if (options.forUpdate === true) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

/** Every person, by username. */
export async function listUsers(db: DbOrTrx): Promise<StoredUser[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(toUser);
}

/** True when no person exists yet (first start). */
export async function hasNoUsers(db: DbOrTrx): Promise<boolean> {
  return (await db.selectFrom('users').select('username').limit(1).execute()).length === 0;
}

/** Serialises creating the first users across instances starting together. */
export async function lockUserBootstrap(trx: Trx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('precept.users.bootstrap'))`.execute(trx);
}

/** Inserts a person; false when the username is taken. */
export async function insertUser(
  trx: Trx,
  user: Omit<StoredUser, 'failedSignIns' | 'nextAttemptAt' | 'lockedUntil' | 'lastSignInAt'>,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      roles: JSON.stringify(user.roles),
      disabled: user.disabled,
      next_attempt_at: null,
      locked_until: null,
      last_sign_in_at: null,
      password_changed_at: user.passwordChangedAt,
      must_change_password: user.mustChangePassword,
      created_by: user.createdBy,
      created_at: user.createdAt,
      updated_at: user.updatedAt,
    })
    .onConflict((conflict) => conflict.column('username').doNothing())
    .returning('username')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** What {@link updateUser} may change. */
export interface UserPatch {
  displayName?: string;
  passwordHash?: string;
  roles?: string[];
  disabled?: boolean;
  failedSignIns?: number;
  nextAttemptAt?: Date | null;
  lockedUntil?: Date | null;
  lastSignInAt?: Date;
  passwordChangedAt?: Date;
  mustChangePassword?: boolean;
}

/** Applies `patch` to a person; returns the new row (undefined when there is none). */
export async function updateUser(
  db: DbOrTrx,
  username: string,
  patch: UserPatch,
  at: Date,
): Promise<StoredUser | undefined> {
  const row = await db
    .updateTable('users')
    .set({
      updated_at: at,
      ...(patch.displayName === undefined ? {} : { display_name: patch.displayName }),
      ...(patch.passwordHash === undefined ? {} : { password_hash: patch.passwordHash }),
      ...(patch.roles === undefined ? {} : { roles: JSON.stringify(patch.roles) }),
      ...(patch.disabled === undefined ? {} : { disabled: patch.disabled }),
      ...(patch.failedSignIns === undefined ? {} : { failed_sign_ins: patch.failedSignIns }),
      ...(patch.nextAttemptAt === undefined ? {} : { next_attempt_at: patch.nextAttemptAt }),
      ...(patch.lockedUntil === undefined ? {} : { locked_until: patch.lockedUntil }),
      ...(patch.lastSignInAt === undefined ? {} : { last_sign_in_at: patch.lastSignInAt }),
      ...(patch.passwordChangedAt === undefined ? {} : { password_changed_at: patch.passwordChangedAt }),
      ...(patch.mustChangePassword === undefined ? {} : { must_change_password: patch.mustChangePassword }),
    })
    .where('username', '=', username)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

/**
 * Claims the right to check one password for `username`: succeeds (returns the person) only when
 * no lockout and no progressive delay is running, and then blocks other attempts until
 * `blockUntil`, so parallel guesses are serialised. Undefined when refused or unknown.
 */
export async function claimSignInAttempt(
  db: DbOrTrx,
  username: string,
  at: Date,
  blockUntil: Date,
): Promise<StoredUser | undefined> {
  const row = await db
    .updateTable('users')
    .set({ next_attempt_at: blockUntil })
    .where('username', '=', username)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', at)]))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

/** Locks every enabled admin row and returns their usernames (the last-admin guard). */
export async function lockEnabledAdmins(trx: Trx): Promise<string[]> {
  const rows = await trx
    .selectFrom('users')
    .select('username')
    .where('disabled', '=', false)
    .where(sql<boolean>`roles @> '["admin"]'::jsonb`)
    .forUpdate()
    .execute();
  return rows.map((row) => row.username);
}

/** Stores a new session. */
export async function insertSession(
  db: DbOrTrx,
  session: StoredSession & {
    tokenHash: string;
    userAgent: string | null;
    remoteAddress: string | null;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      token_hash: session.tokenHash,
      username: session.username,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      last_seen_at: session.lastSeenAt,
      revoked_at: session.revokedAt,
      user_agent: session.userAgent,
      remote_address: session.remoteAddress,
    })
    .execute();
}

/** The session whose token hashes to `tokenHash`, with its person. */
export async function findSessionByTokenHash(
  db: DbOrTrx,
  tokenHash: string,
): Promise<{ session: StoredSession; user: StoredUser } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.username', 'sessions.username')
    .selectAll('users')
    .select([
      'sessions.id as session_id',
      'sessions.created_at as session_created_at',
      'sessions.expires_at as session_expires_at',
      'sessions.last_seen_at as session_last_seen_at',
      'sessions.revoked_at as session_revoked_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    session: {
      id: row.session_id,
      username: row.username,
      createdAt: row.session_created_at,
      expiresAt: row.session_expires_at,
      lastSeenAt: row.session_last_seen_at,
      revokedAt: row.session_revoked_at,
    },
    user: toUser(row),
  };
}

/** A session by id. */
export async function findSession(db: DbOrTrx, id: string): Promise<StoredSession | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select(['id', 'username', 'created_at', 'expires_at', 'last_seen_at', 'revoked_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        id: row.id,
        username: row.username,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        lastSeenAt: row.last_seen_at,
        revokedAt: row.revoked_at,
      };
}

/** Records activity on a session. */
export async function touchSession(db: DbOrTrx, id: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/** Ends one session; true when it was still open. */
export async function revokeSession(db: DbOrTrx, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends every open session of a person except `keep`; returns how many ended. */
export async function revokeSessionsOf(
  db: DbOrTrx,
  username: string,
  at: Date,
  keep?: string,
): Promise<number> {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('username', '=', username)
    .where('revoked_at', 'is', null);
  if (keep !== undefined) query = query.where('id', '<>', keep);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes a person's sessions that ended before `before` (bounded housekeeping at sign-in). */
export async function deleteEndedSessions(db: DbOrTrx, username: string, before: Date): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('username', '=', username)
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .execute();
}

type KeyRow = {
  id: string;
  name: string;
  secret_hash: string;
  scopes: KeyScope[];
  policy_keys: string[] | null;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_used_at: Date | null;
};

function toKey(row: KeyRow): StoredApiKey {
  return {
    id: row.id,
    name: row.name,
    secretHash: row.secret_hash,
    scopes: row.scopes,
    policyKeys: row.policy_keys,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    lastUsedAt: row.last_used_at,
  };
}

/** Stores a new API key. */
export async function insertApiKey(trx: Trx, key: StoredApiKey): Promise<void> {
  await trx
    .insertInto('api_keys')
    .values({
      id: key.id,
      name: key.name,
      secret_hash: key.secretHash,
      scopes: JSON.stringify(key.scopes),
      policy_keys: key.policyKeys === null ? null : JSON.stringify(key.policyKeys),
      created_by: key.createdBy,
      created_at: key.createdAt,
      revoked_at: null,
      revoked_by: null,
      last_used_at: null,
    })
    .execute();
}

/** An API key by id. */
export async function findApiKey(
  db: DbOrTrx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredApiKey | undefined> {
  let query = db.selectFrom('api_keys').selectAll().where('id', '=', id);
  if (options.forUpdate === true) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : toKey(row);
}

/** API keys, newest first. */
export async function listApiKeys(db: DbOrTrx, includeRevoked: boolean): Promise<StoredApiKey[]> {
  let query = db.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc').orderBy('id');
  if (!includeRevoked) query = query.where('revoked_at', 'is', null);
  return (await query.execute()).map(toKey);
}

/** Revokes a key; returns it (undefined when unknown). */
export async function revokeApiKey(
  trx: Trx,
  id: string,
  by: string,
  at: Date,
): Promise<StoredApiKey | undefined> {
  const row = await trx
    .updateTable('api_keys')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toKey(row);
}

/** Records a key's use. */
export async function touchApiKey(db: DbOrTrx, id: string, at: Date): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
}

/**
 * Tells every instance (on commit) that the credentials of `owner` (`key:<id>` or
 * `user:<username>`) changed, so they forget what they cached of them.
 */
export async function notifyCredentialsChanged(trx: Trx, channel: string, owner: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${owner})`.execute(trx);
}

/** A grant request as stored. */
export interface StoredGrantRequest {
  id: string;
  kind: 'roles' | 'password';
  username: string;
  rolesBefore: string[] | null;
  rolesAfter: string[] | null;
  passwordHash: string | null;
  reason: string | null;
  requestedBy: string;
  requestedAt: Date;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  decidedBy: string | null;
  decidedAt: Date | null;
  comment: string | null;
}

type GrantRequestRow = {
  id: string;
  kind: 'roles' | 'password';
  username: string;
  roles_before: string[] | null;
  roles_after: string[] | null;
  password_hash: string | null;
  reason: string | null;
  requested_by: string;
  requested_at: Date;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  decided_by: string | null;
  decided_at: Date | null;
  comment: string | null;
};

function toGrantRequest(row: GrantRequestRow): StoredGrantRequest {
  return {
    id: row.id,
    kind: row.kind,
    username: row.username,
    rolesBefore: row.roles_before,
    rolesAfter: row.roles_after,
    passwordHash: row.password_hash,
    reason: row.reason,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    comment: row.comment,
  };
}

/** Stores a pending grant request. */
export async function insertGrantRequest(
  trx: Trx,
  request: Pick<
    StoredGrantRequest,
    | 'id'
    | 'kind'
    | 'username'
    | 'rolesBefore'
    | 'rolesAfter'
    | 'passwordHash'
    | 'reason'
    | 'requestedBy'
    | 'requestedAt'
  >,
): Promise<void> {
  await trx
    .insertInto('grant_requests')
    .values({
      id: request.id,
      kind: request.kind,
      username: request.username,
      roles_before: request.rolesBefore === null ? null : JSON.stringify(request.rolesBefore),
      roles_after: request.rolesAfter === null ? null : JSON.stringify(request.rolesAfter),
      password_hash: request.passwordHash,
      reason: request.reason,
      requested_by: request.requestedBy,
      requested_at: request.requestedAt,
    })
    .execute();
}

/** A grant request by id. */
export async function findGrantRequest(
  db: DbOrTrx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredGrantRequest | undefined> {
  let query = db.selectFrom('grant_requests').selectAll().where('id', '=', id);
  if (options.forUpdate === true) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : toGrantRequest(row);
}

/** Grant requests, newest first, optionally of one status or one person, at most `limit`. */
export async function listGrantRequests(
  db: DbOrTrx,
  filter: { status?: StoredGrantRequest['status'] | undefined; username?: string | undefined; limit: number },
): Promise<StoredGrantRequest[]> {
  let query = db.selectFrom('grant_requests').selectAll();
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.username !== undefined) query = query.where('username', '=', filter.username);
  const rows = await query
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map(toGrantRequest);
}

/** Closes a pending request (the stored password hash, if any, is forgotten); undefined when it was not pending. */
export async function closeGrantRequest(
  db: DbOrTrx,
  id: string,
  decision: { status: 'approved' | 'rejected' | 'withdrawn'; by: string; at: Date; comment: string | null },
): Promise<StoredGrantRequest | undefined> {
  const row = await db
    .updateTable('grant_requests')
    .set({
      status: decision.status,
      decided_by: decision.by,
      decided_at: decision.at,
      comment: decision.comment,
      password_hash: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toGrantRequest(row);
}
