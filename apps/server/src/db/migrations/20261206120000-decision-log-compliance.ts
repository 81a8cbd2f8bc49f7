// The decision log becomes a compliance record.
//
// - Partitioned by month (UTC) of `created_at`, so retention drops whole months; a registry of the
//   months (`decision_partitions`, insert-only) records each partition's bounds, checked against the
//   real ones when a partition is created.
// - Append-only in the database: UPDATE and TRUNCATE are refused; DELETE only inside the retention
//   procedure, and even there only for rows whose retention period has passed and that no legal
//   hold covers (the trigger checks both for every row). Dropping a month is allowed only when every
//   retention period has passed for the whole month and no hold overlaps it (an event trigger
//   checks, where the migrating role may create one: a superuser; elsewhere `system` reports the
//   guard as `rows`, and the operations guide says how roles close the gap).
// - Retention periods (a default, and per policy through dual control) and legal holds live in
//   tables whose rows are never deleted and change only by the steps of their lifecycle.
// - Each decision also stores its verdict (the outcome in a word, the log's outcome filter), the
//   paths of the personal values it keeps only as pseudonyms, and the pseudonyms of every personal
//   value (the index that finds the decisions about a person).
//
// Existing rows move into the partitioned table with their verdict computed here; their facts stay
// as they were recorded (no key is at hand in a migration) and they carry no pseudonyms.
import { sql, type Kysely } from 'kysely';

const UP = [
  // The guarded tables' refusal, shared.
  `create function precept_refuse_change() returns trigger language plpgsql as $$
  begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op
      using errcode = 'P0001', hint = 'precept:append-only';
  end $$`,

  `create sequence decisions_seq as bigint`,
  `select setval('decisions_seq', coalesce((select max(seq) from decisions), 0) + 1, false)`,
  `alter table decisions rename to decisions_unpartitioned`,
  `alter table decisions_unpartitioned rename constraint decisions_pkey to decisions_unpartitioned_pkey`,
  `alter table decisions_unpartitioned rename constraint decisions_id_key to decisions_unpartitioned_id_key`,
  `alter index decisions_by_policy rename to decisions_unpartitioned_by_policy`,
  `create table decisions (
    seq bigint not null default nextval('decisions_seq'),
    id uuid not null,
    policy_key text not null,
    version integer not null,
    content_hash text not null,
    engine_version text not null,
    as_of text not null,
    facts json not null,
    outcome json not null,
    verdict text not null,
    pseudonymised json, -- null: recorded before minimisation; the server minimises it once (below)
    pseudonyms text[] not null default '{}',
    duration_ms double precision not null,
    caller text,
    source text not null check (source in ('server', 'local', 'simulation')),
    created_at timestamptz not null,
    primary key (created_at, seq),
    unique (id, created_at)
  ) partition by range (created_at)`,
  `alter sequence decisions_seq owned by decisions.seq`,
  `create index decisions_by_policy on decisions (policy_key, created_at, seq)`,
  `create index decisions_by_version on decisions (policy_key, version, created_at, seq)`,
  `create index decisions_by_verdict on decisions (policy_key, verdict, created_at, seq)`,
  `create index decisions_by_person on decisions using gin (pseudonyms) where cardinality(pseudonyms) > 0`,
  `create index decisions_not_minimised on decisions (created_at, seq) where pseudonymised is null`,

  // True when b is a with some values replaced by pseudonyms (same shape, same keys, every
  // other value equal): the one change minimising an old decision's facts may make.
  `create function precept_only_pseudonyms_changed(a jsonb, b jsonb) returns boolean
    language plpgsql immutable as $$
  declare
    k text;
    i integer;
  begin
    if a = b then return true; end if;
    if jsonb_typeof(b) = 'string' and (b #>> '{}') ~ '^hmac-sha256:[0-9a-f]{8}:[0-9a-f]{64}$' then return true; end if;
    if jsonb_typeof(a) = 'object' and jsonb_typeof(b) = 'object' then
      if (select coalesce(array_agg(x order by x), '{}') from jsonb_object_keys(a) x)
         <> (select coalesce(array_agg(x order by x), '{}') from jsonb_object_keys(b) x) then
        return false;
      end if;
      for k in select jsonb_object_keys(a) loop
        if not precept_only_pseudonyms_changed(a -> k, b -> k) then return false; end if;
      end loop;
      return true;
    end if;
    if jsonb_typeof(a) = 'array' and jsonb_typeof(b) = 'array' and jsonb_array_length(a) = jsonb_array_length(b) then
      for i in 0 .. jsonb_array_length(a) - 1 loop
        if not precept_only_pseudonyms_changed(a -> i, b -> i) then return false; end if;
      end loop;
      return true;
    end if;
    return false;
  end $$`,

  `create table decision_partitions (
    name text primary key check (name ~ '^decisions_p[0-9]{6}$'),
    from_at timestamptz not null,
    to_at timestamptz not null check (to_at > from_at),
    created_at timestamptz not null default now()
  )`,
  `create trigger decision_partitions_append_only before update or delete on decision_partitions
    for each row execute function precept_refuse_change()`,
  `create trigger decision_partitions_no_truncate before truncate on decision_partitions
    for each statement execute function precept_refuse_change()`,

  // Retention: the configured default (one row), and per-policy periods through dual control.
  `create table decision_retention_default (
    singleton boolean primary key default true check (singleton),
    months integer not null check (months between 1 and 1200),
    set_at timestamptz not null
  )`,
  `insert into decision_retention_default (months, set_at) values (120, now())`,
  `create table retention_changes (
    id text primary key,
    policy_key text not null,
    months integer check (months between 1 and 1200),
    reason text not null,
    status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
    requested_by text not null,
    requested_as text not null check (requested_as in ('auditor', 'admin')),
    requested_at timestamptz not null,
    decided_by text,
    decided_at timestamptz,
    decision_comment text,
    check ((status = 'pending') = (decided_by is null)),
    check (decided_by is null or decided_by <> requested_by)
  )`,
  `create index retention_changes_by_policy on retention_changes (policy_key, decided_at desc) where status = 'approved'`,
  `create unique index retention_changes_one_pending on retention_changes (policy_key) where status = 'pending'`,
  `create function retention_changes_guard() returns trigger language plpgsql as $$
  begin
    if tg_op = 'DELETE' then
      raise exception 'retention_changes keeps every request: DELETE refused' using errcode = 'P0001', hint = 'precept:append-only';
    end if;
    if old.status <> 'pending' or new.status not in ('approved', 'rejected')
       or (new.id, new.policy_key, new.months, new.reason, new.requested_by, new.requested_as, new.requested_at)
          is distinct from (old.id, old.policy_key, old.months, old.reason, old.requested_by, old.requested_as, old.requested_at) then
      raise exception 'retention change %: only a pending request is decided, once', old.id
        using errcode = 'P0001', hint = 'precept:transition';
    end if;
    return new;
  end $$`,
  `create trigger retention_changes_guard before update or delete on retention_changes
    for each row execute function retention_changes_guard()`,
  `create trigger retention_changes_no_truncate before truncate on retention_changes
    for each statement execute function precept_refuse_change()`,

  `create table legal_holds (
    id text primary key,
    policy_key text,
    from_at timestamptz,
    to_at timestamptz,
    reason text not null,
    status text not null default 'requested' check (status in ('requested', 'active', 'rejected', 'lifted')),
    requested_by text not null,
    requested_as text not null check (requested_as in ('auditor', 'admin')),
    requested_at timestamptz not null,
    decided_by text,
    decided_at timestamptz,
    decision_comment text,
    lift_requested_by text,
    lift_requested_as text check (lift_requested_as in ('auditor', 'admin')),
    lift_requested_at timestamptz,
    lift_reason text,
    lifted_by text,
    lifted_at timestamptz,
    check (from_at is null or to_at is null or to_at > from_at),
    check ((status = 'requested') = (decided_by is null)),
    check (decided_by is null or decided_by <> requested_by),
    check ((status = 'lifted') = (lifted_by is not null)),
    check (lifted_by is null or (lift_requested_by is not null and lifted_by <> lift_requested_by))
  )`,
  `create function legal_holds_guard() returns trigger language plpgsql as $$
  begin
    if tg_op = 'DELETE' then
      raise exception 'legal_holds keeps every hold: DELETE refused' using errcode = 'P0001', hint = 'precept:append-only';
    end if;
    if (new.id, new.policy_key, new.from_at, new.to_at, new.reason, new.requested_by, new.requested_as, new.requested_at)
       is distinct from (old.id, old.policy_key, old.from_at, old.to_at, old.reason, old.requested_by, old.requested_as, old.requested_at)
    or not (
         (old.status = 'requested' and new.status in ('active', 'rejected'))
      or (old.status = 'active' and new.status = 'active' and new.lifted_by is null
          and (new.decided_by, new.decided_at) is not distinct from (old.decided_by, old.decided_at))
      or (old.status = 'active' and new.status = 'lifted' and old.lift_requested_by is not null
          and new.lift_requested_by = old.lift_requested_by)) then
      raise exception 'legal hold %: % -> % is not a step of its lifecycle', old.id, old.status, new.status
        using errcode = 'P0001', hint = 'precept:transition';
    end if;
    return new;
  end $$`,
  `create trigger legal_holds_guard before update or delete on legal_holds
    for each row execute function legal_holds_guard()`,
  `create trigger legal_holds_no_truncate before truncate on legal_holds
    for each statement execute function precept_refuse_change()`,

  // The retention period of a policy's decisions: its latest approved change (null months: back to
  // the default), else the default.
  `create function decision_retention_months(p_policy text) returns integer language sql stable as $$
    select coalesce(
      (select months from retention_changes
        where policy_key = p_policy and status = 'approved' order by decided_at desc, id desc limit 1),
      (select months from decision_retention_default))
  $$`,
  // The longest period in force for any policy: when a whole month may go.
  `create function decision_retention_max_months() returns integer language sql stable as $$
    select greatest(
      (select months from decision_retention_default),
      (select max(months) from (
        select distinct on (policy_key) months from retention_changes
         where status = 'approved' order by policy_key, decided_at desc, id desc) latest))
  $$`,
  // The first hold that stops deleting decisions of a policy (null: any) recorded in [p_from, p_to).
  `create function decision_hold_for(p_policy text, p_from timestamptz, p_to timestamptz)
    returns text language sql stable as $$
    select id from legal_holds
     where status in ('requested', 'active')
       and (policy_key is null or p_policy is null or policy_key = p_policy)
       and (from_at is null or from_at < p_to)
       and (to_at is null or to_at > p_from)
     order by requested_at, id limit 1
  $$`,

  `create function decisions_guard() returns trigger language plpgsql as $$
  declare
    hold text;
    months integer;
  begin
    if tg_op = 'UPDATE' then
      -- The one update: a decision recorded before minimisation gets its facts minimised, once
      -- (personal values replaced by pseudonyms and nothing else; every other column unchanged).
      if current_setting('precept.minimise', true) = 'legacy'
         and old.pseudonymised is null and new.pseudonymised is not null
         and (new.seq, new.id, new.policy_key, new.version, new.content_hash, new.engine_version, new.as_of,
              new.outcome::text, new.verdict, new.duration_ms, new.caller, new.source, new.created_at)
             is not distinct from
             (old.seq, old.id, old.policy_key, old.version, old.content_hash, old.engine_version, old.as_of,
              old.outcome::text, old.verdict, old.duration_ms, old.caller, old.source, old.created_at)
         and precept_only_pseudonyms_changed(old.facts::jsonb, new.facts::jsonb) then
        return new;
      end if;
      raise exception 'the decision log is append-only: UPDATE refused'
        using errcode = 'P0001', hint = 'precept:append-only';
    end if;
    if current_setting('precept.retention', true) is distinct from 'purge' then
      raise exception 'the decision log is append-only: DELETE refused; decisions leave only through the retention procedure'
        using errcode = 'P0001', hint = 'precept:append-only';
    end if;
    hold := decision_hold_for(old.policy_key, old.created_at, old.created_at + interval '1 microsecond');
    if hold is not null then
      raise exception 'decision % of % is under legal hold %', old.id, old.policy_key, hold
        using errcode = 'P0001', hint = 'precept:held';
    end if;
    months := decision_retention_months(old.policy_key);
    if old.created_at + make_interval(months => months) > now() then
      raise exception 'decision % of % is within its retention period (% months, until %)',
        old.id, old.policy_key, months, old.created_at + make_interval(months => months)
        using errcode = 'P0001', hint = 'precept:retention';
    end if;
    return old;
  end $$`,
  `create trigger decisions_guard before update or delete on decisions
    for each row execute function decisions_guard()`,
  `create trigger decisions_no_truncate before truncate on decisions
    for each statement execute function precept_refuse_change()`,

  // A month partition: registered (bounds), created, and given its own TRUNCATE refusal
  // (statement triggers are not inherited). Idempotent; a month whose partition retention dropped
  // is not created again. SECURITY DEFINER, so that a server role without ownership can call it.
  `create function decisions_ensure_partition(p_name text, p_from timestamptz, p_to timestamptz)
    returns boolean language plpgsql security definer set search_path = public, pg_temp as $$
  declare
    registered decision_partitions%rowtype;
  begin
    select * into registered from decision_partitions where name = p_name;
    if found then
      if registered.from_at <> p_from or registered.to_at <> p_to then
        raise exception 'partition % is registered for [%, %)', p_name, registered.from_at, registered.to_at
          using errcode = 'P0001', hint = 'precept:partition';
      end if;
      if to_regclass(p_name) is not null then return false; end if;
      raise exception 'the decisions of % were dropped by retention; none can be recorded there again', p_name
        using errcode = 'P0001', hint = 'precept:retention';
    end if;
    insert into decision_partitions (name, from_at, to_at) values (p_name, p_from, p_to);
    execute format('create table %I partition of decisions for values from (%L) to (%L)', p_name, p_from, p_to);
    perform set_config('precept.retention', 'partition', true);
    execute format('create trigger decisions_no_truncate before truncate on %I
      for each statement execute function precept_refuse_change()', p_name);
    perform set_config('precept.retention', '', true);
    return true;
  end $$`,

  // Deletes a policy's expired rows from one month (each row is checked by decisions_guard).
  `create function decisions_purge(p_name text, p_policy text) returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
  declare
    deleted bigint;
  begin
    if not exists (select 1 from decision_partitions where name = p_name) then
      raise exception 'no decision partition %', p_name using errcode = 'P0001', hint = 'precept:partition';
    end if;
    perform set_config('precept.retention', 'purge', true);
    execute format('delete from %I where policy_key = $1', p_name) using p_policy;
    get diagnostics deleted = row_count;
    perform set_config('precept.retention', '', true);
    return deleted;
  end $$`,

  // Why a month cannot go yet (null: it can): a hold overlapping it, or a period still running.
  `create function decision_partition_keep_reason(p_name text) returns text language plpgsql stable as $$
  declare
    registered decision_partitions%rowtype;
    hold text;
    months integer;
  begin
    select * into registered from decision_partitions where name = p_name;
    if not found then return format('%s is not a registered decision partition', p_name); end if;
    hold := decision_hold_for(null, registered.from_at, registered.to_at);
    if hold is not null then return format('legal hold %s covers %s', hold, p_name); end if;
    months := decision_retention_max_months();
    if registered.to_at + make_interval(months => months) > now() then
      return format('%s is within the retention period (%s months, until %s)',
        p_name, months, registered.to_at + make_interval(months => months));
    end if;
    return null;
  end $$`,

  `create function decisions_drop_partition(p_name text) returns void
    language plpgsql security definer set search_path = public, pg_temp as $$
  declare
    reason text := decision_partition_keep_reason(p_name);
  begin
    if reason is not null then
      raise exception 'decisions of % cannot be dropped: %', p_name, reason
        using errcode = 'P0001', hint = case when reason like 'legal hold%' then 'precept:held' else 'precept:retention' end;
    end if;
    execute format('drop table %I', p_name);
  end $$`,
];

// The DDL guard (event triggers need a superuser to create). Every drop of a decision partition is
// checked against holds and retention whoever runs it; the guarded tables, their triggers and their
// guard functions cannot be dropped, altered or replaced outside a migration that says so
// (`set local precept.migrating = 'on'`); a new partition of `decisions` must match its registry row.
const GUARDED_TABLES = `'decisions', 'decision_partitions', 'decision_retention_default', 'retention_changes', 'legal_holds', 'audit_log'`;
const GUARDED_FUNCTIONS = `'precept_refuse_change', 'decisions_guard', 'retention_changes_guard', 'legal_holds_guard',
  'audit_log_refuse', 'decision_retention_months', 'decision_retention_max_months', 'decision_hold_for',
  'decisions_ensure_partition', 'decisions_purge', 'decision_partition_keep_reason', 'decisions_drop_partition',
  'precept_guard_drops', 'precept_guard_ddl', 'precept_only_pseudonyms_changed'`;

const GUARD = [
  `create function precept_guard_drops() returns event_trigger language plpgsql as $$
  declare
    dropped record;
    table_name text;
    reason text;
  begin
    if current_setting('precept.migrating', true) = 'on' then return; end if;
    for dropped in select * from pg_event_trigger_dropped_objects() loop
      if dropped.schema_name is distinct from 'public' and dropped.object_type <> 'trigger' then continue; end if;
      if dropped.object_type = 'table' then
        table_name := dropped.object_name;
        if table_name in (${GUARDED_TABLES}) then
          raise exception '% is part of the compliance record: DROP refused', table_name
            using errcode = 'P0001', hint = 'precept:append-only';
        end if;
        if table_name ~ '^decisions_p[0-9]{6}$' then
          reason := decision_partition_keep_reason(table_name);
          if reason is not null then
            raise exception 'decisions of % cannot be dropped: %', table_name, reason
              using errcode = 'P0001', hint = case when reason like 'legal hold%' then 'precept:held' else 'precept:retention' end;
          end if;
        end if;
      elsif dropped.object_type = 'trigger'
        and dropped.object_identity ~ ' on public\\.(decisions(_p[0-9]{6})?|decision_partitions|retention_changes|legal_holds|audit_log)$'
        -- A month's own triggers go with it (its drop is checked above).
        and not exists (select 1 from pg_event_trigger_dropped_objects() d
                         where d.object_type = 'table'
                           and dropped.object_identity like '% on public.' || d.object_name) then
        raise exception 'trigger % guards the compliance record: DROP refused', dropped.object_identity
          using errcode = 'P0001', hint = 'precept:append-only';
      elsif dropped.object_type = 'function' and dropped.object_name in (${GUARDED_FUNCTIONS}) then
        raise exception 'function % guards the compliance record: DROP refused', dropped.object_identity
          using errcode = 'P0001', hint = 'precept:append-only';
      end if;
    end loop;
  end $$`,
  `create event trigger precept_guard_drops on sql_drop execute function precept_guard_drops()`,
  `create function precept_guard_ddl() returns event_trigger language plpgsql as $$
  declare
    command record;
    target oid;
    relation record;
    registered decision_partitions%rowtype;
  begin
    if current_setting('precept.migrating', true) = 'on' then return; end if;
    for command in select * from pg_event_trigger_ddl_commands() loop
      if command.command_tag in ('CREATE FUNCTION', 'ALTER FUNCTION')
         and (select proname from pg_proc where oid = command.objid and pronamespace = 'public'::regnamespace)
             in (${GUARDED_FUNCTIONS}) then
        raise exception 'function % guards the compliance record: % refused', command.object_identity, command.command_tag
          using errcode = 'P0001', hint = 'precept:append-only';
      end if;
      -- The table a command touches: itself, or the table of a trigger or a rule.
      target := case command.classid
        when 'pg_class'::regclass then command.objid
        when 'pg_trigger'::regclass then (select tgrelid from pg_trigger where oid = command.objid)
        when 'pg_rewrite'::regclass then (select ev_class from pg_rewrite where oid = command.objid)
      end;
      if target is null then continue; end if;
      select c.relname, p.relname as parent, pg_get_expr(c.relpartbound, c.oid) as bound
        into relation
        from pg_class c
        left join pg_inherits i on i.inhrelid = c.oid
        left join pg_class p on p.oid = i.inhparent
       where c.oid = target and c.relnamespace = 'public'::regnamespace;
      if not found then continue; end if;
      if (relation.relname in (${GUARDED_TABLES}) or relation.parent = 'decisions')
         and command.command_tag in ('ALTER TABLE', 'ALTER TRIGGER', 'CREATE TRIGGER', 'CREATE RULE')
         -- decisions_ensure_partition gives each new month its TRUNCATE refusal.
         and not (command.command_tag = 'CREATE TRIGGER' and current_setting('precept.retention', true) = 'partition') then
        raise exception '% is part of the compliance record: % refused', relation.relname, command.command_tag
          using errcode = 'P0001', hint = 'precept:append-only';
      end if;
      if command.command_tag = 'CREATE TABLE' and relation.parent = 'decisions' then
        select * into registered from decision_partitions where name = relation.relname;
        if not found or relation.bound is distinct from
             format('FOR VALUES FROM (%L) TO (%L)', registered.from_at, registered.to_at) then
          raise exception 'partition % of decisions does not match its registered bounds; create months with decisions_ensure_partition', relation.relname
            using errcode = 'P0001', hint = 'precept:partition';
        end if;
      end if;
    end loop;
  end $$`,
  `create event trigger precept_guard_ddl on ddl_command_end
    when tag in ('ALTER TABLE', 'CREATE TABLE', 'ALTER TRIGGER', 'CREATE TRIGGER', 'CREATE RULE', 'CREATE FUNCTION', 'ALTER FUNCTION')
    execute function precept_guard_ddl()`,
];

/** Months of the existing rows (UTC), as partition names and bounds. */
const EXISTING_MONTHS = sql<{ name: string; from_at: Date; to_at: Date }>`
  select 'decisions_p' || to_char(month, 'YYYYMM') as name,
         (month at time zone 'UTC') as from_at,
         ((month + interval '1 month') at time zone 'UTC') as to_at
    from (select distinct date_trunc('month', created_at at time zone 'UTC') as month
            from decisions_unpartitioned) months
   order by month`;

/** True when the role running the migration may create event triggers. */
async function isSuperuser(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{
    is_superuser: string;
  }>`select current_setting('is_superuser') as is_superuser`.execute(db);
  return rows[0]?.is_superuser === 'on';
}

/** Whether this database can compress with lz4. */
async function hasLz4(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ available: boolean }>`
    select coalesce('lz4' = any(enumvals), false) as available
    from pg_settings where name = 'default_toast_compression'`.execute(db);
  return rows[0]?.available === true;
}

/** Partitions, guards, retention and holds; moves the existing decisions in. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
  if (await hasLz4(db)) {
    await sql`alter table decisions alter column facts set compression lz4, alter column outcome set compression lz4`.execute(
      db,
    );
  }
  const { rows: months } = await EXISTING_MONTHS.execute(db);
  for (const month of months) {
    await sql`select decisions_ensure_partition(${month.name}, ${month.from_at}, ${month.to_at})`.execute(db);
  }
  await sql`
    insert into decisions (seq, id, policy_key, version, content_hash, engine_version, as_of, facts, outcome,
                           verdict, pseudonymised, duration_ms, caller, source, created_at)
    select seq, id, policy_key, version, content_hash, engine_version, as_of, facts, outcome,
           case outcome->>'kind'
             when 'standard' then case when (outcome->>'met')::boolean then 'met' else 'not-met' end
             when 'checklist' then case when (outcome->>'passed')::boolean then 'passed' else 'failed' end
             when 'scorecard' then coalesce(outcome->>'grade', 'no-grade')
             when 'qualification' then case when (outcome->>'qualified')::boolean then 'qualified' else 'not-qualified' end
             when 'escalation' then coalesce(outcome->>'level', 'none')
             else coalesce(left(outcome->'events'->0->>'type', 100), 'none')
           end,
           null, duration_ms, caller, source, created_at
      from decisions_unpartitioned order by seq`.execute(db);
  await sql`drop table decisions_unpartitioned`.execute(db);
  if (await isSuperuser(db)) for (const statement of GUARD) await sql.raw(statement).execute(db);
}

/** Back to one unpartitioned, unguarded table (holds and retention settings are dropped). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`set local precept.migrating = 'on'`.execute(db);
  const statements = [
    'drop event trigger if exists precept_guard_ddl',
    'drop event trigger if exists precept_guard_drops',
    'drop function if exists precept_guard_ddl',
    'drop function if exists precept_guard_drops',
    `create table decisions_unpartitioned (
      seq bigint generated by default as identity primary key,
      id uuid not null unique,
      policy_key text not null,
      version integer not null,
      content_hash text not null,
      engine_version text not null,
      as_of text not null,
      facts json not null,
      outcome json not null,
      duration_ms double precision not null,
      caller text,
      source text not null check (source in ('server', 'local', 'simulation')),
      created_at timestamptz not null
    )`,
    `insert into decisions_unpartitioned (seq, id, policy_key, version, content_hash, engine_version, as_of,
       facts, outcome, duration_ms, caller, source, created_at)
     select seq, id, policy_key, version, content_hash, engine_version, as_of, facts, outcome, duration_ms,
       caller, source, created_at from decisions order by seq`,
    'drop table decisions',
    'drop table decision_partitions',
    'drop table legal_holds',
    'drop table retention_changes',
    'drop table decision_retention_default',
    'drop function decisions_drop_partition',
    'drop function decision_partition_keep_reason',
    'drop function decisions_purge',
    'drop function decisions_ensure_partition',
    'drop function decisions_guard',
    'drop function precept_only_pseudonyms_changed',
    'drop function decision_hold_for',
    'drop function decision_retention_max_months',
    'drop function decision_retention_months',
    'drop function legal_holds_guard',
    'drop function retention_changes_guard',
    'drop function precept_refuse_change',
    'alter table decisions_unpartitioned rename to decisions',
    `select setval(pg_get_serial_sequence('decisions', 'seq'), coalesce((select max(seq) from decisions), 0) + 1, false)`,
    'create index decisions_by_policy on decisions (policy_key, seq desc)',
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
