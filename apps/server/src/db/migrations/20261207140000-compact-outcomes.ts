// Compact outcomes in the decision log (docs/adr/2026-12-07-compact-outcomes.md): a decision keeps
// its facts, its compact outcome and the sha256 of its full outcome's canonical JSON
// (`outcome_hash`); reading rebuilds the full outcome from the immutable version and checks it
// against that hash. A decision recorded before keeps its full outcome and no hash (null), and
// reads as it did. The append-only guard's one allowed UPDATE (minimising an old decision's facts)
// now keeps `outcome_hash` unchanged too.
import { sql, type Kysely } from 'kysely';

/** `decisions_guard` of 20261206120000-decision-log-compliance, with `outcome_hash` among the columns the one UPDATE keeps. */
const GUARD_WITH_HASH = `create or replace function decisions_guard() returns trigger language plpgsql as $$
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
              new.outcome::text, new.outcome_hash, new.verdict, new.duration_ms, new.caller, new.source, new.created_at)
             is not distinct from
             (old.seq, old.id, old.policy_key, old.version, old.content_hash, old.engine_version, old.as_of,
              old.outcome::text, old.outcome_hash, old.verdict, old.duration_ms, old.caller, old.source, old.created_at)
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
  end $$`;

/** The guard as the compliance migration made it (no `outcome_hash`). */
const GUARD_WITHOUT_HASH = GUARD_WITH_HASH.replace(/, (new|old)\.outcome_hash/g, '');

/** Adds `decisions.outcome_hash` and has the guard keep it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`set local precept.migrating = 'on'`.execute(db);
  await sql`alter table decisions add column outcome_hash text check (outcome_hash ~ '^[0-9a-f]{64}$')`.execute(db);
  await sql.raw(GUARD_WITH_HASH).execute(db);
  await sql`set local precept.migrating = ''`.execute(db);
}

/**
 * Back to full outcomes only: refused while a compact outcome is stored (the older server would
 * show it as if it were full); otherwise the column goes and the guard is as it was.
 */
export async function down(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ n: string | number }>`select count(*) as n from decisions where outcome_hash is not null`.execute(db);
  if (Number(rows[0]?.n ?? 0) > 0) {
    throw new Error('decisions with compact outcomes are stored: the server before compact outcomes cannot read them');
  }
  await sql`set local precept.migrating = 'on'`.execute(db);
  await sql.raw(GUARD_WITHOUT_HASH).execute(db);
  await sql`alter table decisions drop column outcome_hash`.execute(db);
  await sql`set local precept.migrating = ''`.execute(db);
}
