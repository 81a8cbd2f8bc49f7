// Test cases belong to a version, not to a policy: editing a test made the published v1 "fail".
// Every existing test case is copied to every version of its policy (nothing is lost, and each
// version keeps the tests it was published with as of now). A trigger keeps the tests of a version
// that is not a draft unchangeable, as `policy_versions_guard` does for its document; the one
// exception is filling a version created in the same transaction (seeding, a rollback's copy).
import { sql, type Kysely } from 'kysely';

const UP = [
  `create table test_cases_by_version (
    policy_key text not null,
    version integer not null,
    id text not null,
    position integer not null,
    name text not null,
    facts jsonb not null,
    as_of text,
    expect jsonb not null,
    created_by text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (policy_key, version, id),
    foreign key (policy_key, version) references policy_versions (policy_key, version) on delete cascade
  )`,
  `insert into test_cases_by_version
     (policy_key, version, id, position, name, facts, as_of, expect, created_by, created_at, updated_at)
   select t.policy_key, v.version, t.id, t.position, t.name, t.facts, t.as_of, t.expect,
          t.created_by, t.created_at, t.updated_at
     from test_cases t join policy_versions v on v.policy_key = t.policy_key`,
  `drop table test_cases`,
  `alter table test_cases_by_version rename to test_cases`,
  `alter index test_cases_by_version_pkey rename to test_cases_pkey`,
  `create function test_cases_guard() returns trigger language plpgsql as $$
  declare
    target_key text;
    target_version integer;
    target_status text;
    written_now boolean;
  begin
    if tg_op = 'INSERT' then
      target_key := new.policy_key; target_version := new.version;
    else
      target_key := old.policy_key; target_version := old.version;
    end if;
    select status, xmin::text = (txid_current() % 4294967296)::text
      into target_status, written_now
      from policy_versions where policy_key = target_key and version = target_version;
    -- No version row: it is being deleted (only a draft can be), and its tests go with it.
    if not found or target_status = 'draft' or (tg_op = 'INSERT' and written_now) then
      if tg_op = 'DELETE' then return old; end if;
      return new;
    end if;
    raise exception 'test cases of policy version %/% are frozen: it is %', target_key, target_version, target_status
      using errcode = 'P0001', hint = 'precept:immutable';
  end $$`,
  `create trigger test_cases_guard before insert or update or delete on test_cases
    for each row execute function test_cases_guard()`,
];

const DOWN = ['drop trigger test_cases_guard on test_cases', 'drop function test_cases_guard'];

/** Moves test cases into versions and freezes them with their version. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

/** Removes the guard (the per-version copies stay: folding them back would lose tests). */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
