// People, their sessions and the API keys of business lines. Secrets are never stored: passwords
// as scrypt hashes, session tokens and key secrets as sha256 hashes (both are 256-bit random, so a
// fast hash is enough; a password is not).
import { sql, type Kysely } from 'kysely';

const UP = [
  `create table users (
    username text primary key check (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    display_name text not null,
    password_hash text not null,
    roles jsonb not null default '[]',
    disabled boolean not null default false,
    failed_sign_ins integer not null default 0 check (failed_sign_ins >= 0),
    next_attempt_at timestamptz,
    locked_until timestamptz,
    last_sign_in_at timestamptz,
    password_changed_at timestamptz not null,
    created_by text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`,
  `create table sessions (
    id text primary key,
    token_hash text not null unique,
    username text not null references users(username),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    last_seen_at timestamptz not null,
    revoked_at timestamptz,
    user_agent text,
    remote_address text
  )`,
  `create index sessions_by_user on sessions (username) where revoked_at is null`,
  `create table api_keys (
    id text primary key,
    name text not null,
    secret_hash text not null unique,
    scopes jsonb not null,
    policy_keys jsonb,
    created_by text not null,
    created_at timestamptz not null,
    revoked_at timestamptz,
    revoked_by text,
    last_used_at timestamptz
  )`,
];

const DOWN = ['drop table api_keys', 'drop table sessions', 'drop table users'];

/** Creates the identity tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

/** Drops everything {@link up} created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
