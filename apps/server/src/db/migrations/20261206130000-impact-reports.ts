// Impact reports: what a version under review would do to the decisions already made. A report
// keeps the document it analysed (so its cases can be re-evaluated exactly later), its summary, and
// the decisions whose outcome it changes. Once finished a report never changes: an approval records
// its hash. Reports and cases go only with the draft they belong to (a discarded draft).
import { sql, type Kysely } from 'kysely';

const UP = [
  `create table impact_reports (
    id text primary key,
    policy_key text not null,
    version integer not null,
    content_hash text not null,
    document jsonb not null,
    subject_version integer not null,
    baseline_version integer,
    baseline_hash text,
    window_from timestamptz not null,
    window_to timestamptz not null,
    status text not null check (status in ('running', 'done', 'cancelled', 'failed')),
    progress_done bigint not null default 0,
    progress_total bigint not null default 0,
    started_by text not null,
    started_at timestamptz not null,
    heartbeat_at timestamptz not null,
    finished_at timestamptz,
    error text,
    summary jsonb,
    report_hash text,
    cases_stored integer not null default 0,
    foreign key (policy_key, version) references policy_versions (policy_key, version) on delete cascade,
    check ((status = 'done') = (report_hash is not null and summary is not null))
  )`,
  `create index impact_reports_by_version on impact_reports (policy_key, version, started_at desc)`,
  `create table impact_cases (
    report_id text not null references impact_reports (id) on delete cascade,
    position integer not null,
    decision_id uuid not null,
    recorded_at timestamptz not null,
    as_of text not null,
    verdict_before text not null,
    verdict_after text not null,
    numbers_before jsonb not null,
    numbers_after jsonb not null,
    changes jsonb not null,
    primary key (report_id, position)
  )`,
  `create index impact_cases_by_verdicts on impact_cases (report_id, verdict_before, verdict_after, position)`,
  `create index impact_cases_by_decision on impact_cases (report_id, decision_id)`,
  // A finished report is evidence: it changes no more, and gains no cases.
  `create function impact_reports_guard() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE' and old.status <> 'running' then
      raise exception 'impact report % is %: it does not change any more', old.id, old.status
        using errcode = 'P0001', hint = 'precept:immutable';
    end if;
    if tg_op = 'UPDATE' and (new.id, new.policy_key, new.version, new.content_hash, new.document, new.baseline_version, new.window_from, new.window_to, new.started_by, new.started_at)
       is distinct from (old.id, old.policy_key, old.version, old.content_hash, old.document, old.baseline_version, old.window_from, old.window_to, old.started_by, old.started_at) then
      raise exception 'impact report %: what it analyses never changes', old.id
        using errcode = 'P0001', hint = 'precept:immutable';
    end if;
    return new;
  end $$`,
  `create trigger impact_reports_guard before update on impact_reports
    for each row execute function impact_reports_guard()`,
  `create function impact_cases_guard() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE' then
      raise exception 'impact cases never change' using errcode = 'P0001', hint = 'precept:immutable';
    end if;
    if not exists (select 1 from impact_reports where id = new.report_id and status = 'running') then
      raise exception 'impact report % is finished: it gains no cases', new.report_id
        using errcode = 'P0001', hint = 'precept:immutable';
    end if;
    return new;
  end $$`,
  `create trigger impact_cases_guard before insert or update on impact_cases
    for each row execute function impact_cases_guard()`,
];

const DOWN = [
  'drop table impact_cases',
  'drop table impact_reports',
  'drop function impact_cases_guard',
  'drop function impact_reports_guard',
];

/** Adds impact reports and their cases. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

/** Drops them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
