// The first schema: subjects, policies and versions, test cases, the decision log and the audit
// chain, with the triggers that keep submitted versions and the audit log unchangeable.
import { sql, type Kysely } from 'kysely';

const STATUSES = `'draft','in_review','approved','published','superseded','retired'`;

const UP = [
  `create table subjects (
    key text not null,
    version integer not null check (version > 0),
    definition jsonb not null,
    content_hash text not null,
    change_note text,
    created_by text not null,
    created_at timestamptz not null default now(),
    primary key (key, version)
  )`,
  `create table policies (
    key text primary key,
    kind text not null,
    subject_key text not null,
    title jsonb not null,
    description jsonb,
    owner text not null,
    section text not null,
    required_approvals integer not null default 1 check (required_approvals between 1 and 10),
    last_version integer not null default 0,
    created_by text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create table policy_versions (
    policy_key text not null references policies(key),
    version integer not null check (version > 0),
    status text not null check (status in (${STATUSES})),
    document jsonb not null,
    content_hash text not null,
    subject_version integer not null,
    change_note text,
    author text not null,
    editors jsonb not null default '[]',
    reviews jsonb not null default '[]',
    effective_from timestamptz,
    effective_to timestamptz,
    based_on integer,
    lock_version integer not null default 0,
    submitted_at timestamptz,
    published_at timestamptz,
    published_by text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (policy_key, version),
    check (effective_to is null or (effective_from is not null and effective_to >= effective_from))
  )`,
  // At most one open-ended published window per policy: the structural half of "windows never overlap".
  `create unique index policy_versions_one_open on policy_versions (policy_key)
    where status = 'published' and effective_to is null`,
  `create index policy_versions_windows on policy_versions (policy_key, effective_from)
    where effective_from is not null`,
  `create function policy_versions_guard() returns trigger language plpgsql as $$
  begin
    if tg_op = 'DELETE' then
      if old.status <> 'draft' then
        raise exception 'policy version %/% is % and cannot be deleted', old.policy_key, old.version, old.status
          using errcode = 'P0001', hint = 'precept:immutable';
      end if;
      return old;
    end if;
    if (new.document is distinct from old.document or new.content_hash is distinct from old.content_hash
        or new.subject_version is distinct from old.subject_version)
       and not (old.status = 'draft' and new.status in ('draft', 'in_review')) then
      raise exception 'policy version %/% is % and its content is immutable', old.policy_key, old.version, old.status
        using errcode = 'P0001', hint = 'precept:immutable';
    end if;
    if new.policy_key <> old.policy_key or new.version <> old.version or new.author <> old.author then
      raise exception 'policy version %/%: identity and author never change', old.policy_key, old.version
        using errcode = 'P0001', hint = 'precept:immutable';
    end if;
    if new.status <> old.status and not (
         (old.status = 'draft' and new.status = 'in_review')
      or (old.status = 'in_review' and new.status in ('draft', 'approved'))
      or (old.status = 'approved' and new.status in ('draft', 'published'))
      or (old.status = 'published' and new.status in ('superseded', 'retired'))
      or (old.status = 'superseded' and new.status = 'retired')) then
      raise exception 'policy version %/%: % -> % is not a lifecycle step', old.policy_key, old.version, old.status, new.status
        using errcode = 'P0001', hint = 'precept:transition';
    end if;
    return new;
  end $$`,
  `create trigger policy_versions_guard before update or delete on policy_versions
    for each row execute function policy_versions_guard()`,
  `create table test_cases (
    policy_key text not null references policies(key),
    id text not null,
    position integer not null,
    name text not null,
    facts jsonb not null,
    as_of text,
    expect jsonb not null,
    created_by text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (policy_key, id)
  )`,
  `create table decisions (
    seq bigint generated always as identity primary key,
    id uuid not null unique,
    policy_key text not null,
    version integer not null,
    content_hash text not null,
    engine_version text not null,
    as_of text not null,
    facts jsonb not null,
    outcome jsonb not null,
    duration_ms double precision not null,
    caller text,
    source text not null check (source in ('server', 'local', 'simulation')),
    created_at timestamptz not null
  )`,
  `create index decisions_by_policy on decisions (policy_key, seq desc)`,
  `create table audit_log (
    seq bigint primary key,
    at timestamptz not null,
    actor text not null,
    actor_kind text not null,
    credential text,
    action text not null,
    entity_type text not null,
    entity_id text not null,
    reason text,
    before_hash text,
    after_hash text,
    details jsonb,
    prev_hash text not null,
    hash text not null unique
  )`,
  `create index audit_log_by_entity on audit_log (entity_type, entity_id, seq)`,
  `create function audit_log_refuse() returns trigger language plpgsql as $$
  begin
    raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'P0001', hint = 'precept:append-only';
  end $$`,
  `create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_refuse()`,
  `create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_refuse()`,
];

const DOWN = [
  'drop table audit_log',
  'drop function audit_log_refuse',
  'drop table decisions',
  'drop table test_cases',
  'drop table policy_versions',
  'drop function policy_versions_guard',
  'drop table policies',
  'drop table subjects',
];

/** Creates the first schema. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

/** Drops everything {@link up} created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
