// Impact analysis inside the review: what a version under review would do to the decisions already
// made. The stored decisions of the policy in a window are re-evaluated — each with its own facts and
// as-of — with the version in force and with the version under review, a page at a time (bounded
// memory, progress recorded, cancellable), and the report keeps the counts, the before → after
// matrix of verdicts, the elements that flip, the distributions of the outcome's numbers, and the
// decisions that change. A report is tied to the content it analysed and to the version in force it
// compared with; an edit or a publish makes it stale. Submitting for review needs a current report
// (run inline when the window is small), and an approval records the report it was given.
import { createHash, randomUUID } from 'node:crypto';
import {
  canonicalJson,
  compile,
  diffOutcomes,
  outcomeElements,
  outcomeNumbers,
  readFieldsOf,
  safeEvaluate,
  standInFacts,
  type CompiledPolicy,
} from '@precept/rules';
import {
  AppError,
  IMPACT_MAX_CASES,
  verdictOf,
  type Actor,
  type ImpactCase,
  type ImpactReport,
  type ImpactRunInput,
  type ImpactSummary,
  type JsonObject,
  type Outcome,
} from '@precept/schema';
import type { Db } from '../../db/database.js';
import type { Logger } from '../../log/logger.js';
import type { DecisionsService } from '../decisions/decisions.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import {
  findCase,
  findDoneReport,
  findLatestReport,
  findReport,
  findStatus,
  finishReport,
  insertCases,
  insertReport,
  listCases,
  updateProgress,
  type StoredReport,
} from './impact.store.js';

/** Dependencies of {@link createImpactService}. */
export interface ImpactServiceDeps {
  db: Db;
  decisions: DecisionsService;
  policies: PoliciesService;
  now: () => Date;
  log: Logger;
  timeZone: string;
  /** Largest window a submit analyses on the spot (beyond, it asks for `impact.run` first). */
  inlineLimit?: number | undefined;
  /** Decisions read and re-evaluated per page. */
  pageSize?: number | undefined;
}

/** Impact reports. */
export interface ImpactService {
  /** Starts a report (it runs in the background unless `wait`); answers with it as it stands. */
  run(actor: Actor, input: ImpactRunInput, options?: { wait?: boolean }): Promise<ImpactReport>;
  get(id: string): Promise<ImpactReport>;
  /** The newest report of a version, or null. */
  latest(policyKey: string, version: number): Promise<ImpactReport | null>;
  cases(input: {
    id: string;
    verdictBefore?: string | undefined;
    verdictAfter?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  }): Promise<{ items: ImpactCase[]; nextCursor: string | null }>;
  /** One changed decision in full: both outcomes, and the facts as `actor` may see them. */
  caseDetail(
    actor: Actor,
    id: string,
    decisionId: string,
  ): Promise<{ case: ImpactCase; facts: Record<string, unknown>; masked: boolean; before: Outcome; after: Outcome }>;
  cancel(actor: Actor, id: string): Promise<ImpactReport>;
  /**
   * The current report of a version for the review gate: an existing one, or one run now when the
   * default window holds at most the inline limit of decisions; else `CONFLICT` asking for `impact.run`.
   */
  ensureCurrent(actor: Actor, policyKey: string, version: number): Promise<{ id: string; reportHash: string }>;
  /** The current report of a version, if any (`CONFLICT` otherwise), optionally checking it is `expectedId`. */
  requireCurrent(policyKey: string, version: number, expectedId?: string): Promise<{ id: string; reportHash: string }>;
  /** Stops the reports this process is running (shutdown). */
  close(): Promise<void>;
}

/** Versions whose impact can be analysed. */
const ANALYSABLE = new Set(['draft', 'in_review', 'approved']);
/** A running report whose instance has not written for this long has stopped. */
const STALE_AFTER_MS = 120_000;
/** Most values kept per number and side for distributions (exact below, a uniform sample above). */
const MAX_SAMPLES = 1_000_000;
const BINS = 20;

function reportNotFound(id: string): AppError {
  return new AppError('NOT_FOUND', `impact report ${id} does not exist`);
}

/** A uniform sample of a stream of numbers, with the exact count, sum, min and max. */
class NumberSample {
  values = new Float64Array(1024);
  size = 0;
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  #seed = 0x9e3779b9;

  add(value: number): void {
    this.count += 1;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.size < MAX_SAMPLES) {
      if (this.size === this.values.length) {
        const grown = new Float64Array(Math.min(MAX_SAMPLES, this.values.length * 2));
        grown.set(this.values);
        this.values = grown;
      }
      this.values[this.size] = value;
      this.size += 1;
      return;
    }
    // Reservoir sampling (a deterministic xorshift: the same decisions give the same report).
    this.#seed ^= this.#seed << 13;
    this.#seed ^= this.#seed >>> 17;
    this.#seed ^= this.#seed << 5;
    const slot = (this.#seed >>> 0) % this.count;
    if (slot < MAX_SAMPLES) this.values[slot] = value;
  }

  sorted(): Float64Array {
    return this.values.slice(0, this.size).sort();
  }
}

const quantile = (sorted: Float64Array, q: number): number | null =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round2 = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100);

function statsOf(sample: NumberSample): ImpactSummary['distributions'][number]['before'] {
  const sorted = sample.sorted();
  return {
    count: sample.count,
    mean: sample.count === 0 ? null : round2(sample.sum / sample.count),
    median: round2(quantile(sorted, 0.5)),
    p10: round2(quantile(sorted, 0.1)),
    p90: round2(quantile(sorted, 0.9)),
    min: sample.count === 0 ? null : sample.min,
    max: sample.count === 0 ? null : sample.max,
  };
}

/** Histograms of both sides on shared bins (scaled to the exact counts when sampled). */
function distributionOf(field: string, before: NumberSample, after: NumberSample): ImpactSummary['distributions'][number] {
  const low = Math.min(before.min, after.min);
  const high = Math.max(before.max, after.max);
  const bins = low === high ? 1 : BINS;
  const width = bins === 1 ? 1 : (high - low) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => round2(low + i * width)!);
  const countsOf = (sample: NumberSample): number[] => {
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < sample.size; i += 1) {
      const bin = bins === 1 ? 0 : Math.min(bins - 1, Math.floor((sample.values[i]! - low) / width));
      counts[bin]! += 1;
    }
    const scale = sample.size === 0 ? 0 : sample.count / sample.size;
    return counts.map((c) => Math.round(c * scale));
  };
  return { field, before: statsOf(before), after: statsOf(after), edges, beforeCounts: countsOf(before), afterCounts: countsOf(after) };
}

/** What a report accumulates while it runs. */
class Tally {
  evaluated = 0;
  unchanged = 0;
  changed = 0;
  errors = new Map<string, { code: string; message: string; count: number }>();
  verdicts = new Map<string, number>();
  elements = new Map<string, { gained: number; lost: number }>();
  numbers = new Map<string, { before: NumberSample; after: NumberSample }>();

  error(code: string, message: string): void {
    const key = `${code}\u0000${message}`;
    const entry = this.errors.get(key) ?? { code, message, count: 0 };
    entry.count += 1;
    this.errors.set(key, entry);
  }

  add(before: Outcome, after: Outcome, changed: boolean): void {
    this.evaluated += 1;
    if (changed) this.changed += 1;
    else this.unchanged += 1;
    const pair = `${verdictOf(before)}\u0000${verdictOf(after)}`;
    this.verdicts.set(pair, (this.verdicts.get(pair) ?? 0) + 1);
    // An unchanged decision flips no element and moves no number: its elements are not compared.
    if (changed) {
      const was = outcomeElements(before);
      const is = outcomeElements(after);
      if (was.length === is.length && was.every((e, i) => e.id === is[i]!.id)) {
        for (let i = 0; i < was.length; i += 1) if (was[i]!.holds !== is[i]!.holds) this.flip(was[i]!.id, is[i]!.holds);
      } else {
        const held = new Map(was.map((e) => [e.id, e.holds]));
        const holds = new Map(is.map((e) => [e.id, e.holds]));
        for (const id of new Set([...held.keys(), ...holds.keys()])) {
          const now = holds.get(id) ?? false;
          if ((held.get(id) ?? false) !== now) this.flip(id, now);
        }
      }
    }
    const numbersBefore = outcomeNumbers(before);
    const numbersAfter = changed ? outcomeNumbers(after) : numbersBefore;
    for (const field in numbersBefore) this.sample(field, numbersBefore[field], numbersAfter[field]);
    if (changed) for (const field in numbersAfter) if (!Object.hasOwn(numbersBefore, field)) this.sample(field, undefined, numbersAfter[field]);
  }

  private flip(id: string, holds: boolean): void {
    const entry = this.elements.get(id) ?? { gained: 0, lost: 0 };
    if (holds) entry.gained += 1;
    else entry.lost += 1;
    this.elements.set(id, entry);
  }

  private sample(field: string, before: number | undefined, after: number | undefined): void {
    let samples = this.numbers.get(field);
    if (samples === undefined) {
      samples = { before: new NumberSample(), after: new NumberSample() };
      this.numbers.set(field, samples);
    }
    if (before !== undefined) samples.before.add(before);
    if (after !== undefined) samples.after.add(after);
  }

  summary(): ImpactSummary {
    return {
      evaluated: this.evaluated,
      unchanged: this.unchanged,
      changed: this.changed,
      errors: [...this.errors.values()].reduce((sum, e) => sum + e.count, 0),
      errorsByReason: [...this.errors.values()].sort((a, b) => b.count - a.count),
      verdicts: [...this.verdicts]
        .map(([pair, count]) => {
          const [before, after] = pair.split('\u0000') as [string, string];
          return { before, after, count };
        })
        .sort((a, b) => b.count - a.count || a.before.localeCompare(b.before) || a.after.localeCompare(b.after)),
      elements: [...this.elements]
        .map(([id, e]) => ({ id, ...e }))
        .sort((a, b) => b.gained + b.lost - (a.gained + a.lost) || a.id.localeCompare(b.id)),
      distributions: [...this.numbers].map(([field, s]) => distributionOf(field, s.before, s.after)),
    };
  }
}

/** A version ready to re-evaluate decisions: compiled, with the fields it reads. */
interface Evaluator {
  compiled: CompiledPolicy;
  reads: ReadonlySet<string>;
}

const evaluatorOf = (compiled: CompiledPolicy): Evaluator => ({ compiled, reads: new Set(readFieldsOf(compiled.document)) });

/** Creates the {@link ImpactService}. */
export function createImpactService(deps: ImpactServiceDeps): ImpactService {
  const { db, decisions, policies, now, log, timeZone } = deps;
  const inlineLimit = deps.inlineLimit ?? 20_000;
  const pageSize = deps.pageSize ?? 2_000;
  const running = new Map<string, { cancelled: boolean; done: Promise<void> }>();
  // Published versions never change: compiled once per process.
  const deciding = new Map<string, Promise<Evaluator>>();

  /** The version in force now, if any. */
  const baselineNow = async (policyKey: string): Promise<{ version: number; contentHash: string } | null> => {
    const at = now().getTime();
    const window = (await policies.listWindows(policyKey)).find(
      (w) => w.effectiveFrom.getTime() <= at && (w.effectiveTo === null || at < w.effectiveTo.getTime()),
    );
    return window === undefined ? null : { version: window.version, contentHash: window.contentHash };
  };

  /** The version's content as a report would analyse it now. */
  const candidateOf = async (policyKey: string, version: number) => {
    const source = await policies.getCompilable(policyKey, version);
    return { source, compiled: compile(source.document, source.subject) };
  };

  const evaluatorOfVersion = (policyKey: string, version: number): Promise<Evaluator> => {
    const key = `${policyKey}@${version}`;
    let entry = deciding.get(key);
    if (entry === undefined) {
      entry = policies.getCompilable(policyKey, version).then((source) => evaluatorOf(compile(source.document, source.subject)));
      deciding.set(key, entry);
      entry.catch(() => deciding.delete(key));
    }
    return entry;
  };

  const isCurrent = async (report: StoredReport): Promise<boolean> => {
    if (report.status !== 'done') return false;
    const [candidate, baseline] = await Promise.all([candidateOf(report.policyKey, report.version), baselineNow(report.policyKey)]);
    return candidate.compiled.contentHash === report.contentHash && (baseline?.version ?? null) === report.baselineVersion;
  };

  const present = async (report: StoredReport): Promise<ImpactReport> => {
    const stale = report.status === 'running' && !running.has(report.id) && now().getTime() - report.heartbeatAt.getTime() > STALE_AFTER_MS;
    return {
      id: report.id,
      policyKey: report.policyKey,
      version: report.version,
      contentHash: report.contentHash,
      baselineVersion: report.baselineVersion,
      baselineHash: report.baselineHash,
      from: report.from.toISOString(),
      to: report.to.toISOString(),
      status: stale ? 'failed' : report.status,
      progress: { done: report.progressDone, total: report.progressTotal },
      startedBy: report.startedBy,
      startedAt: report.startedAt.toISOString(),
      finishedAt: report.finishedAt?.toISOString() ?? null,
      error: stale ? 'the server running this report stopped; run it again' : report.error,
      summary: report.summary,
      reportHash: report.reportHash,
      current: await isCurrent(report),
      casesStored: report.casesStored,
    };
  };

  /**
   * Re-evaluates one decision with one version; an error code and message when it cannot be.
   * `standIn`: the decision's facts with stand-ins already made for the version's subject.
   */
  const reevaluate = (
    evaluator: Evaluator,
    decision: { facts: Record<string, unknown>; pseudonymised: string[]; asOf: string },
    standIn?: JsonObject,
  ): { ok: true; outcome: Outcome } | { ok: false; code: string; message: string } => {
    for (const path of decision.pseudonymised) {
      const field = /^\$\.([A-Za-z_][A-Za-z0-9_]*)/.exec(path)?.[1];
      if (field !== undefined && evaluator.reads.has(field)) {
        return {
          ok: false,
          code: 'personal_data',
          message: `the version reads "${field}", which this decision stored only as a pseudonym`,
        };
      }
    }
    const facts = standIn ?? standInFacts(decision.facts as JsonObject, decision.pseudonymised, evaluator.compiled.subject);
    const result = safeEvaluate(evaluator.compiled, facts, { asOf: decision.asOf, timeZone });
    return result.ok ? { ok: true, outcome: result.value.outcome } : { ok: false, code: result.error.code, message: result.error.message };
  };

  /** Runs a report to its end: pages of decisions, both versions, cases and progress stored. */
  const execute = async (report: StoredReport, candidate: Evaluator, baseline: Evaluator | null, control: { cancelled: boolean }): Promise<void> => {
    const tally = new Tally();
    const casesHash = createHash('sha256');
    let stored = 0;
    let done = 0;
    const total = report.progressTotal;
    const scanAfter = (after: { createdAt: Date; seq: number } | undefined): ReturnType<DecisionsService['scan']> => {
      const scanned = decisions.scan({ policyKey: report.policyKey, from: report.from, to: report.to, after, limit: pageSize });
      // Not awaited when the run stops first: its failure is then nobody's.
      scanned.catch(() => undefined);
      return scanned;
    };
    let next: ReturnType<typeof scanAfter> | undefined = scanAfter(undefined);
    // Both versions usually evaluate one subject: each decision's stand-in facts then serve both.
    const sharedSubject =
      baseline !== null && canonicalJson(baseline.compiled.subject) === canonicalJson(candidate.compiled.subject) ? candidate.compiled.subject : undefined;
    while (next !== undefined) {
      if (control.cancelled || (await findStatus(db, report.id)) !== 'running') {
        await finishReport(db, report.id, { status: 'cancelled', at: now(), error: 'cancelled' });
        return;
      }
      const page: Awaited<typeof next> = await next;
      // The next page is read while this one is evaluated: PostgreSQL and Node work at once.
      const last = page.at(-1);
      next = page.length < pageSize || last === undefined ? undefined : scanAfter({ createdAt: last.createdAt, seq: last.seq });
      const cases: ImpactCase[] = [];
      for (const decision of page) {
        const standIn = sharedSubject === undefined ? undefined : standInFacts(decision.facts, decision.pseudonymised, sharedSubject);
        const afterResult = reevaluate(candidate, decision, standIn);
        // Without a version in force, each decision is compared with the version that made it.
        const beforeEvaluator = baseline ?? (await evaluatorOfVersion(report.policyKey, decision.version));
        const beforeResult = reevaluate(beforeEvaluator, decision, standIn);
        if (!beforeResult.ok || !afterResult.ok) {
          const failed = !afterResult.ok ? afterResult : (beforeResult as { code: string; message: string });
          tally.error(failed.code, failed.message);
          continue;
        }
        const changes = diffOutcomes(beforeResult.outcome, afterResult.outcome, 50);
        tally.add(beforeResult.outcome, afterResult.outcome, changes.length > 0);
        if (changes.length > 0 && stored + cases.length < IMPACT_MAX_CASES) {
          const found: ImpactCase = {
            decisionId: decision.id,
            recordedAt: decision.createdAt.toISOString(),
            asOf: decision.asOf,
            verdictBefore: verdictOf(beforeResult.outcome),
            verdictAfter: verdictOf(afterResult.outcome),
            numbersBefore: outcomeNumbers(beforeResult.outcome),
            numbersAfter: outcomeNumbers(afterResult.outcome),
            changes: changes.map((c) => ({
              path: c.path,
              ...(c.before === undefined ? {} : { before: c.before }),
              ...(c.after === undefined ? {} : { after: c.after }),
            })),
          };
          cases.push(found);
          casesHash.update(canonicalJson(found));
        }
      }
      await insertCases(db, report.id, stored, cases);
      stored += cases.length;
      done += page.length;
      await updateProgress(db, report.id, done, Math.max(total, done), now());
      // Let requests through between pages.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const summary = tally.summary();
    const reportHash = createHash('sha256')
      .update(canonicalJson({ report: report.id, contentHash: report.contentHash, baselineVersion: report.baselineVersion, summary }))
      .update(casesHash.digest('hex'))
      .digest('hex');
    await finishReport(db, report.id, { status: 'done', at: now(), summary, reportHash, casesStored: stored, done });
  };

  const service: ImpactService = {
    async run(actor, input, options = {}) {
      const { source, compiled } = await candidateOf(input.policyKey, input.version);
      if (!ANALYSABLE.has(source.status)) {
        throw new AppError('CONFLICT', `${input.policyKey} v${input.version} is ${source.status}; impact is analysed for a draft or a version in review`, {
          issues: [{ path: '$.version', code: 'not_analysable', message: `the version is ${source.status}` }],
        });
      }
      const at = now();
      const to = input.to === undefined ? at : new Date(input.to);
      const from = input.from === undefined ? new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), to.getUTCDate(), to.getUTCHours(), to.getUTCMinutes(), to.getUTCSeconds(), to.getUTCMilliseconds())) : new Date(input.from);
      const baselineWindow = await baselineNow(input.policyKey);
      const baseline = baselineWindow === null ? null : await evaluatorOfVersion(input.policyKey, baselineWindow.version);
      const report: StoredReport = {
        id: `impact-${randomUUID()}`,
        policyKey: input.policyKey,
        version: input.version,
        contentHash: compiled.contentHash,
        document: compiled.document,
        subjectVersion: source.subjectVersion,
        baselineVersion: baselineWindow?.version ?? null,
        baselineHash: baselineWindow?.contentHash ?? null,
        from,
        to,
        status: 'running',
        progressDone: 0,
        progressTotal: await decisions.count({ policyKey: input.policyKey, from, to }),
        startedBy: actor.id,
        startedAt: at,
        heartbeatAt: at,
        finishedAt: null,
        error: null,
        summary: null,
        reportHash: null,
        casesStored: 0,
      };
      await insertReport(db, report);
      const control = { cancelled: false, done: Promise.resolve() };
      control.done = execute(report, evaluatorOf(compiled), baseline, control).catch(async (error: unknown) => {
        log.error('impact report failed', { report: report.id, error });
        await finishReport(db, report.id, { status: 'failed', at: now(), error: 'the analysis failed; see the server log' }).catch(() => false);
      });
      running.set(report.id, control);
      void control.done.finally(() => running.delete(report.id));
      if (options.wait === true) await control.done;
      return present((await findReport(db, report.id))!);
    },

    async get(id) {
      const found = await findReport(db, id);
      if (found === undefined) throw reportNotFound(id);
      return present(found);
    },

    async latest(policyKey, version) {
      const found = await findLatestReport(db, policyKey, version);
      return found === undefined ? null : present(found);
    },

    async cases({ id, verdictBefore, verdictAfter, limit, cursor }) {
      if ((await findReport(db, id)) === undefined) throw reportNotFound(id);
      const afterPosition = cursor === undefined ? undefined : Number(cursor);
      if (afterPosition !== undefined && !Number.isSafeInteger(afterPosition)) {
        const message = 'not a cursor of this listing: pass nextCursor as it came';
        throw new AppError('VALIDATION', message, { issues: [{ path: '$.cursor', code: 'shape', message }] });
      }
      const rows = await listCases(db, { reportId: id, verdictBefore, verdictAfter, afterPosition, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        items: page.map(({ position: _position, ...item }) => item),
        nextCursor: rows.length > limit ? String(page.at(-1)!.position) : null,
      };
    },

    async caseDetail(actor, id, decisionId) {
      const report = await findReport(db, id);
      if (report === undefined) throw reportNotFound(id);
      const found = await findCase(db, id, decisionId);
      if (found === undefined) throw new AppError('NOT_FOUND', `decision ${decisionId} is not a changed case of impact report ${id}`);
      const decision = await decisions.getRecorded(decisionId);
      // The document the report analysed, against the version's subject.
      const source = await policies.getCompilable(report.policyKey, report.version);
      const candidate = evaluatorOf(compile(report.document, source.subject));
      const baseline = await evaluatorOfVersion(report.policyKey, report.baselineVersion ?? decision.version);
      const before = reevaluate(baseline, decision);
      const after = reevaluate(candidate, decision);
      if (!before.ok || !after.ok) {
        throw new AppError('CONFLICT', `decision ${decisionId} can no longer be re-evaluated: ${(!before.ok ? before : (after as { message: string })).message}`);
      }
      const shown = await decisions.presentFacts(actor, report.policyKey, decision.facts);
      return { case: found, facts: shown.facts, masked: shown.masked, before: before.outcome, after: after.outcome };
    },

    async cancel(actor, id) {
      const found = await findReport(db, id);
      if (found === undefined) throw reportNotFound(id);
      if (found.status !== 'running') throw new AppError('CONFLICT', `impact report ${id} is ${found.status}; only a running report is cancelled`);
      const control = running.get(id);
      if (control !== undefined) {
        control.cancelled = true;
        await control.done;
      } else {
        await finishReport(db, id, { status: 'cancelled', at: now(), error: `cancelled by ${actor.id}` });
      }
      return service.get(id);
    },

    async requireCurrent(policyKey, version, expectedId) {
      const [candidate, baseline] = await Promise.all([candidateOf(policyKey, version), baselineNow(policyKey)]);
      const found = await findDoneReport(db, {
        policyKey,
        version,
        contentHash: candidate.compiled.contentHash,
        baselineVersion: baseline?.version ?? null,
      });
      if (found === undefined || found.reportHash === null) {
        throw new AppError('CONFLICT', `${policyKey} v${version} has no current impact report: run the impact analysis (impact.run) and try again`, {
          issues: [{ path: '$.impact', code: 'impact_required', message: 'no current impact report' }],
        });
      }
      if (expectedId !== undefined && expectedId !== found.id) {
        throw new AppError('CONFLICT', `impact report ${expectedId} is not the current one of ${policyKey} v${version} (${found.id}): read the current report`, {
          issues: [{ path: '$.impactReportId', code: 'stale_report', message: 'not the current report' }],
        });
      }
      return { id: found.id, reportHash: found.reportHash };
    },

    async ensureCurrent(actor, policyKey, version) {
      try {
        return await service.requireCurrent(policyKey, version);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
      }
      const to = now();
      const from = new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), to.getUTCDate(), to.getUTCHours(), to.getUTCMinutes()));
      const count = await decisions.count({ policyKey, from, to });
      if (count > inlineLimit) {
        throw new AppError(
          'CONFLICT',
          `${policyKey} v${version} needs a current impact report: ${count} decisions of the last 12 months are re-evaluated in the background (impact.run); submit when it is done`,
          { issues: [{ path: '$.impact', code: 'impact_required', message: `${count} decisions to re-evaluate` }] },
        );
      }
      const report = await service.run(actor, { policyKey, version }, { wait: true });
      if (report.status !== 'done' || report.reportHash === null) {
        throw new AppError('CONFLICT', `the impact analysis of ${policyKey} v${version} did not finish (${report.status}): ${report.error ?? ''}`);
      }
      return { id: report.id, reportHash: report.reportHash };
    },

    async close() {
      for (const control of running.values()) control.cancelled = true;
      await Promise.all([...running.values()].map((control) => control.done));
    },
  };
  return service;
}
