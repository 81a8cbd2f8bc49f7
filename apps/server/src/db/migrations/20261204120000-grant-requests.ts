// Separation of duties across identity administration: an administrator holds no policy role, a
// password someone else set must be replaced by its owner before anything else, and granting roles
// (or resetting the password of a person who holds any) waits in `grant_requests` for a second
// administrator. The hash of a requested password lives only while the request is pending.
import { sql, type Kysely } from 'kysely';

const UP = [
  `alter table users add column must_change_password boolean not null default false`,
  // Administrators who also held policy roles keep only `admin` (the policy roles, if still
  // needed, go to a separate account through a grant request).
  `update users set roles = '["admin"]'::jsonb
     where roles @> '["admin"]'::jsonb and jsonb_array_length(roles) > 1`,
  `create table grant_requests (
    id text primary key,
    kind text not null check (kind in ('roles', 'password')),
    username text not null references users(username),
    roles_before jsonb,
    roles_after jsonb,
    password_hash text,
    reason text,
    requested_by text not null,
    requested_at timestamptz not null,
    status text not null default 'pending'
      check (status in ('pending', 'approved', 'rejected', 'withdrawn')),
    decided_by text,
    decided_at timestamptz,
    comment text,
    check ((kind = 'roles') = (roles_after is not null)),
    check (status = 'pending' or password_hash is null),
    check (status <> 'approved' or decided_by <> requested_by)
  )`,
  `create unique index grant_requests_one_pending
     on grant_requests (username, kind) where status = 'pending'`,
  `create index grant_requests_by_time on grant_requests (requested_at desc)`,
];

const DOWN = ['drop table grant_requests', 'alter table users drop column must_change_password'];

/** Adds grant requests and the must-change-password flag. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

/** Drops what {@link up} added (the stripped policy roles of administrators are not restored). */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
