import type { ColumnType } from 'kysely';
import type { KeyScope } from '@precept/schema';

/**
 * `users`: people who sign in with a password. `password_hash` is an scrypt hash in the format of
 * `identity.passwords.ts`; it never leaves the store. `next_attempt_at` and `locked_until` slow and
 * then stop repeated failed sign-ins.
 */
export interface UsersTable {
  username: string;
  display_name: string;
  password_hash: string;
  roles: ColumnType<string[], string, string>;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  failed_sign_ins: ColumnType<number, number | undefined, number>;
  next_attempt_at: Date | null;
  locked_until: Date | null;
  last_sign_in_at: Date | null;
  password_changed_at: Date;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: ColumnType<string, string, never>;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}

/** `sessions`: one row per sign-in; `token_hash` is the sha256 of the cookie's token. */
export interface SessionsTable {
  id: ColumnType<string, string, never>;
  token_hash: ColumnType<string, string, never>;
  username: ColumnType<string, string, never>;
  created_at: ColumnType<Date, Date, never>;
  expires_at: ColumnType<Date, Date, never>;
  last_seen_at: Date;
  revoked_at: Date | null;
  user_agent: ColumnType<string | null, string | null, never>;
  remote_address: ColumnType<string | null, string | null, never>;
}

/** `api_keys`: business-line credentials; `secret_hash` is the sha256 of the secret part. */
export interface ApiKeysTable {
  id: ColumnType<string, string, never>;
  name: ColumnType<string, string, never>;
  secret_hash: ColumnType<string, string, never>;
  scopes: ColumnType<KeyScope[], string, never>;
  policy_keys: ColumnType<string[] | null, string | null, never>;
  created_by: ColumnType<string, string, never>;
  created_at: ColumnType<Date, Date, never>;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_used_at: Date | null;
}

/**
 * `grant_requests`: roles to grant, or a password to set for a person with roles, asked by one
 * administrator and decided by another. `password_hash` is cleared once the request is decided.
 */
export interface GrantRequestsTable {
  id: ColumnType<string, string, never>;
  kind: ColumnType<'roles' | 'password', 'roles' | 'password', never>;
  username: ColumnType<string, string, never>;
  roles_before: ColumnType<string[] | null, string | null, never>;
  roles_after: ColumnType<string[] | null, string | null, never>;
  password_hash: ColumnType<string | null, string | null, null>;
  reason: ColumnType<string | null, string | null, never>;
  requested_by: ColumnType<string, string, never>;
  requested_at: ColumnType<Date, Date, never>;
  status: ColumnType<
    'pending' | 'approved' | 'rejected' | 'withdrawn',
    'pending' | undefined,
    'approved' | 'rejected' | 'withdrawn'
  >;
  decided_by: ColumnType<string | null, never, string>;
  decided_at: ColumnType<Date | null, never, Date>;
  comment: ColumnType<string | null, never, string | null>;
}
