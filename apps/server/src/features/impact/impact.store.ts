import type { ImpactCase, ImpactSummary, PolicyDocument } from '@precept/schema';
import type { Db, DbOrTrx } from '../../db/database.js';

/** A report as stored (what `current` is computed from is added by the service). */
export interface StoredReport {
  id: string;
  policyKey: string;
  version: number;
  contentHash: string;
  document: PolicyDocument;
  subjectVersion: number;
  baselineVersion: number | null;
  baselineHash: string | null;
  from: Date;
  to: Date;
  status: 'running' | 'done' | 'cancelled' | 'failed';
  progressDone: number;
  progressTotal: number;
  startedBy: string;
  startedAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
  error: string | null;
  summary: ImpactSummary | null;
  reportHash: string | null;
  casesStored: number;
}

type ReportRow = {
  id: string;
  policy_key: string;
  version: number;
  content_hash: string;
  document: PolicyDocument;
  subject_version: number;
  baseline_version: number | null;
  baseline_hash: string | null;
  window_from: Date;
  window_to: Date;
  status: StoredReport['status'];
  progress_done: number | string;
  progress_total: number | string;
  started_by: string;
  started_at: Date;
  heartbeat_at: Date;
  finished_at: Date | null;
  error: string | null;
  summary: ImpactSummary | null;
  report_hash: string | null;
  cases_stored: number;
};

function toReport(row: ReportRow): StoredReport {
  return {
    id: row.id,
    policyKey: row.policy_key,
    version: row.version,
    contentHash: row.content_hash,
    document: row.document,
    subjectVersion: row.subject_version,
    baselineVersion: row.baseline_version,
    baselineHash: row.baseline_hash,
    from: row.window_from,
    to: row.window_to,
    status: row.status,
    progressDone: Number(row.progress_done),
    progressTotal: Number(row.progress_total),
    startedBy: row.started_by,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    finishedAt: row.finished_at,
    error: row.error,
    summary: row.summary,
    reportHash: row.report_hash,
    casesStored: row.cases_stored,
  };
}

/** Inserts a running report. */
export async function insertReport(db: DbOrTrx, report: StoredReport): Promise<void> {
  await db
    .insertInto('impact_reports')
    .values({
      id: report.id,
      policy_key: report.policyKey,
      version: report.version,
      content_hash: report.contentHash,
      document: JSON.stringify(report.document),
      subject_version: report.subjectVersion,
      baseline_version: report.baselineVersion,
      baseline_hash: report.baselineHash,
      window_from: report.from,
      window_to: report.to,
      status: 'running',
      progress_done: 0,
      progress_total: report.progressTotal,
      started_by: report.startedBy,
      started_at: report.startedAt,
      heartbeat_at: report.heartbeatAt,
      finished_at: null,
      error: null,
      summary: null,
      report_hash: null,
      cases_stored: 0,
    })
    .execute();
}

/** One report, or undefined. */
export async function findReport(db: DbOrTrx, id: string): Promise<StoredReport | undefined> {
  const row = await db.selectFrom('impact_reports').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toReport(row);
}

/** The newest report of a version, or undefined. */
export async function findLatestReport(db: DbOrTrx, policyKey: string, version: number): Promise<StoredReport | undefined> {
  const row = await db
    .selectFrom('impact_reports')
    .selectAll()
    .where('policy_key', '=', policyKey)
    .where('version', '=', version)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : toReport(row);
}

/** The newest finished report of a version with this content hash and baseline, or undefined. */
export async function findDoneReport(
  db: DbOrTrx,
  filter: { policyKey: string; version: number; contentHash: string; baselineVersion: number | null },
): Promise<StoredReport | undefined> {
  let query = db
    .selectFrom('impact_reports')
    .selectAll()
    .where('policy_key', '=', filter.policyKey)
    .where('version', '=', filter.version)
    .where('content_hash', '=', filter.contentHash)
    .where('status', '=', 'done');
  query =
    filter.baselineVersion === null
      ? query.where('baseline_version', 'is', null)
      : query.where('baseline_version', '=', filter.baselineVersion);
  const row = await query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row === undefined ? undefined : toReport(row);
}

/** Records progress of a running report (and that its instance is alive). */
export async function updateProgress(db: Db, id: string, done: number, total: number, at: Date): Promise<void> {
  await db
    .updateTable('impact_reports')
    .set({ progress_done: done, progress_total: total, heartbeat_at: at })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** Ends a running report; false when it was no longer running (cancelled elsewhere). */
export async function finishReport(
  db: DbOrTrx,
  id: string,
  end:
    | { status: 'done'; at: Date; summary: ImpactSummary; reportHash: string; casesStored: number; done: number }
    | { status: 'cancelled' | 'failed'; at: Date; error: string },
): Promise<boolean> {
  const updated = await db
    .updateTable('impact_reports')
    .set(
      end.status === 'done'
        ? {
            status: 'done',
            finished_at: end.at,
            heartbeat_at: end.at,
            summary: JSON.stringify(end.summary),
            report_hash: end.reportHash,
            cases_stored: end.casesStored,
            progress_done: end.done,
          }
        : { status: end.status, finished_at: end.at, heartbeat_at: end.at, error: end.error },
    )
    .where('id', '=', id)
    .where('status', '=', 'running')
    .returning('id')
    .execute();
  return updated.length === 1;
}

/** The status of a report (to see a cancellation made by another instance). */
export async function findStatus(db: DbOrTrx, id: string): Promise<StoredReport['status'] | undefined> {
  const row = await db.selectFrom('impact_reports').select('status').where('id', '=', id).executeTakeFirst();
  return row?.status;
}

/** Appends changed cases, numbered from `first`. */
export async function insertCases(db: DbOrTrx, reportId: string, first: number, cases: readonly ImpactCase[]): Promise<void> {
  if (cases.length === 0) return;
  await db
    .insertInto('impact_cases')
    .values(
      cases.map((c, i) => ({
        report_id: reportId,
        position: first + i,
        decision_id: c.decisionId,
        recorded_at: new Date(c.recordedAt),
        as_of: c.asOf,
        verdict_before: c.verdictBefore,
        verdict_after: c.verdictAfter,
        numbers_before: JSON.stringify(c.numbersBefore),
        numbers_after: JSON.stringify(c.numbersAfter),
        changes: JSON.stringify(c.changes),
      })),
    )
    .execute();
}

type CaseRow = {
  position: number;
  decision_id: string;
  recorded_at: Date;
  as_of: string;
  verdict_before: string;
  verdict_after: string;
  numbers_before: Record<string, number>;
  numbers_after: Record<string, number>;
  changes: ImpactCase['changes'];
};

function toCase(row: CaseRow): ImpactCase & { position: number } {
  return {
    position: row.position,
    decisionId: row.decision_id,
    recordedAt: row.recorded_at.toISOString(),
    asOf: row.as_of,
    verdictBefore: row.verdict_before,
    verdictAfter: row.verdict_after,
    numbersBefore: row.numbers_before,
    numbersAfter: row.numbers_after,
    changes: row.changes,
  };
}

/** A page of a report's cases in order, optionally of one verdict pair. */
export async function listCases(
  db: DbOrTrx,
  filter: { reportId: string; verdictBefore?: string | undefined; verdictAfter?: string | undefined; afterPosition?: number | undefined; limit: number },
): Promise<(ImpactCase & { position: number })[]> {
  let query = db.selectFrom('impact_cases').selectAll().where('report_id', '=', filter.reportId);
  if (filter.verdictBefore !== undefined) query = query.where('verdict_before', '=', filter.verdictBefore);
  if (filter.verdictAfter !== undefined) query = query.where('verdict_after', '=', filter.verdictAfter);
  if (filter.afterPosition !== undefined) query = query.where('position', '>', filter.afterPosition);
  const rows = await query.orderBy('position').limit(filter.limit).execute();
  return rows.map(toCase);
}

/** One case of a report, by decision, or undefined. */
export async function findCase(db: DbOrTrx, reportId: string, decisionId: string): Promise<ImpactCase | undefined> {
  const row = await db
    .selectFrom('impact_cases')
    .selectAll()
    .where('report_id', '=', reportId)
    .where('decision_id', '=', decisionId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { position: _position, ...found } = toCase(row);
  return found;
}
