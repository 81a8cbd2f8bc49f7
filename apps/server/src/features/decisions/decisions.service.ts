import { hash } from 'node:crypto';
import {
  canonicalJson,
  canonicalJsonShared,
  canonicalJsonWith,
  expandOutcome,
  OutcomeShapeError,
} from '@precept/rules';
import {
  AppError,
  type CompactOutcome,
  EXPORT_MAX_ROWS,
  verdictOf,
  type Actor,
  type Decision,
  type DecisionExport,
  type DecisionExportInput,
  type JsonObject,
  type Outcome,
  type PolicyDocument,
  type ReplayOutput,
  type SubjectVersion,
} from '@precept/schema';
import type { Db, Trx } from '../../db/database.js';
import { exportTooLarge } from '../audit/audit.errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { canonicalRows, signEvidence, type EvidenceSigner } from '../evidence/evidence.signature.js';
import { decisionNotFound, outcomeNotRebuilt } from './decisions.errors.js';
import {
  Classification,
  maskFacts,
  maskOutcome,
  maskTrace,
  minimiseFacts,
  seesPersonalData,
  type MinimisedFacts,
  type Pseudonymiser,
} from './decisions.personal.js';
import {
  countByPolicy,
  countDecisions,
  dropPartition,
  ensurePartition,
  findDecision,
  findRecordedIds,
  insertDecisionsInMonths,
  listDecisionRange,
  listDecisions,
  listPartitions,
  monthPartitionOf,
  partitionKeepReason,
  purgePolicyRows,
  listUnminimised,
  scanDecisions,
  storeMinimised,
  type DecisionFilter,
  type DecisionPosition,
  type MonthPartition,
  type NewDecision,
  type PartitionState,
  type RecordedDecision,
  type ScannedDecision,
  type StoredDecision,
} from './decisions.store.js';
import { createDecisionWriter, type DecisionWriterObserver } from './decisions.writer.js';

/** Dependencies of {@link createDecisionsService}. */
export interface DecisionsServiceDeps {
  db: Db;
  /** Decision-log INSERTs in flight at once (default 1; keep it below the connection pool's size). */
  writesInFlight?: number | undefined;
  /** Records evidence exports. */
  audit: AuditService;
  /** The clock (tests may pin it). */
  now: () => Date;
  /** Pseudonyms of personal values. */
  pseudonymiser: Pseudonymiser;
  /** Signs evidence packages. */
  signer: EvidenceSigner;
  /** Roles that see personal values in clear. */
  personalDataRoles: readonly string[];
  /** Every version of a subject (its personal fields are those marked in any of them). */
  subjectVersions: (subjectKey: string) => Promise<SubjectVersion[]>;
  /** The subject a policy evaluates (it never changes). */
  subjectOfPolicy: (policyKey: string) => Promise<string>;
  /** Told about the decision log's queue and INSERTs (metrics). */
  writerObserver?: DecisionWriterObserver | undefined;
  /**
   * The document of a policy version as the evaluator uses it (validated, defaults applied): what a
   * compact outcome is joined with. Versions are immutable, so the service keeps a few.
   */
  versionDocument: (policyKey: string, version: number) => Promise<PolicyDocument>;
}

/** A decision to record: what is stored, and what the deciding version reads of its subject. */
export interface DecisionInput extends NewDecision {
  subjectKey: string;
  /** The top-level fields the version reads (`readFieldsOf`); the same array for every decision of a version. */
  reads: readonly string[];
  /**
   * The compact form of `outcome`, stored in its place with the full outcome's hash; null stores
   * the full outcome (a reported decision its version does not rebuild).
   */
  compact: CompactOutcome | null;
}

/** A decision as read back, its full outcome rebuilt (the stored outcome's hash checked). */
export type RebuiltDecision = Omit<Decision, 'masked'> & { seq: number };

/**
 * sha256 of an outcome's canonical JSON: what a compact outcome's rebuilt full outcome must hash to.
 * Written with `canonicalJsonShared` (the same text): an evaluator's outcome is built mostly from
 * entries frozen once per compiled policy, whose canonical text is then written once.
 */
export function outcomeHashOf(outcome: Outcome): string {
  return sha256Hex(canonicalJsonShared(outcome));
}

/** One-shot sha256 (hex): no Hash object per decision. */
function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/**
 * A decision read back, with its outcome's canonical JSON where reading it wrote that (a rebuilt
 * outcome is canonicalised for its hash check): an export splices that text into the row instead
 * of canonicalising the outcome a second time. Null where the outcome is not the one hashed (stored
 * in full, or masked).
 */
interface Written<D> {
  decision: D;
  outcomeJson: string | null;
}

/** Version documents kept for rebuilding outcomes, at most. */
const DOCUMENTS_KEPT = 256;

/** Filters of {@link DecisionsService.list}. */
export type DecisionListFilter = Omit<DecisionFilter, 'before' | 'pseudonym'> & {
  cursor?: string | undefined;
  /** A personal value: the decisions about that person. */
  person?: string | number | undefined;
};

/** The month partitions, for the retention job. */
export interface DecisionMonths {
  /** Creates the partitions of the month of `at`, the one before and the next two. */
  prepareAround(at: Date): Promise<void>;
  list(): Promise<PartitionState[]>;
  countByPolicy(partition: string): Promise<{ policyKey: string; rows: number }[]>;
  /** Why the database keeps a month now, or null. */
  keepReason(partition: string): Promise<string | null>;
  /** Deletes a policy's expired rows of one month (the database checks every row). */
  purge(trx: Trx, partition: string, policyKey: string): Promise<number>;
  /** Drops a month (the database checks holds and retention). */
  drop(trx: Trx, partition: string): Promise<void>;
}

/** The decision log: durable writes (group commit) of minimised facts, listing, lookup and evidence. */
export interface DecisionsService {
  /** Records decisions; resolves once committed (batched with concurrent writers). */
  record(decisions: readonly DecisionInput[]): Promise<void>;
  /** Records reported decisions, skipping ids already recorded; returns how many were new. */
  recordReported(decisions: readonly DecisionInput[]): Promise<number>;
  /** Newest first; personal values masked unless `actor` may see them. */
  list(actor: Actor, filter: DecisionListFilter): Promise<{ items: Decision[]; nextCursor: string | null }>;
  /** One decision, masked unless `actor` may see personal values. */
  get(actor: Actor, id: string): Promise<Decision>;
  /** One decision as stored, its full outcome rebuilt (for replay; never sent as it is). */
  getRecorded(id: string): Promise<RebuiltDecision>;
  /** A policy's decisions in a window, oldest first, a page at a time, as stored (for re-evaluation). */
  scan(filter: {
    policyKey: string;
    from: Date;
    to: Date;
    after?: DecisionPosition | undefined;
    limit: number;
  }): Promise<ScannedDecision[]>;
  /** How many decisions of a policy were recorded in a window. */
  count(filter: { policyKey: string; from: Date; to: Date }): Promise<number>;
  /** Facts as `actor` may see them (personal values masked unless allowed). */
  presentFacts(
    actor: Actor,
    policyKey: string,
    facts: JsonObject,
  ): Promise<{ facts: JsonObject; masked: boolean }>;
  /** A replay as `actor` may see it. */
  presentReplay(actor: Actor, replay: ReplayOutput): Promise<ReplayOutput>;
  /**
   * The signed evidence package of the decisions recorded in `[from, to)` that match the filters
   * (oldest first, `LIMIT` beyond {@link EXPORT_MAX_ROWS}); the export is itself audited
   * (`decisions.exported`, the filters as reason, the rows' hash as `afterHash`).
   */
  exportEvidence(actor: Actor, input: DecisionExportInput): Promise<DecisionExport>;
  /**
   * Minimises the decisions recorded before the log minimised personal data (their facts as sent):
   * each personal value the deciding version does not read becomes its pseudonym and every personal
   * value is indexed, as decisions are recorded now; outcomes and everything else stay as they were
   * (the database allows this one change, once per row). A page at a time, each page in one
   * transaction with its audit row (`decisions.minimised`); `shouldStop` is asked between pages.
   * Returns how many decisions it minimised.
   */
  minimiseRecorded(
    actor: Actor,
    readsOf: (policyKey: string, version: number) => Promise<readonly string[]>,
    options?: { pageSize?: number; shouldStop?: () => boolean },
  ): Promise<number>;
  /** Forgets a subject's personal fields (a new version of it was saved). */
  forgetClassification(subjectKey: string): void;
  /** Forgets every subject's personal fields (notifications may have been missed). */
  forgetAllClassifications(): void;
  readonly months: DecisionMonths;
  /** Waits for queued writes (shutdown). */
  drain(): Promise<void>;
}

/** Encodes a listing position as a page cursor: `<epoch ms>:<seq>`. */
function cursorOf(decision: RecordedDecision): string {
  return `${Date.parse(decision.createdAt)}:${decision.seq}`;
}

/** Reads a page cursor; `VALIDATION` on anything {@link cursorOf} did not write. */
function positionOf(cursor: string): DecisionPosition {
  const match = /^(\d{1,15}):(\d{1,18})$/.exec(cursor);
  const ms = match === null ? Number.NaN : Number(match[1]);
  const seq = match === null ? Number.NaN : Number(match[2]);
  if (!Number.isSafeInteger(ms) || !Number.isSafeInteger(seq)) {
    const message = 'not a cursor of this listing: pass nextCursor as it came';
    throw new AppError('VALIDATION', message, { issues: [{ path: '$.cursor', code: 'shape', message }] });
  }
  return { createdAt: new Date(ms), seq };
}

function checkFilters(
  actor: Actor,
  filter: { verdict?: string | undefined; policyKey?: string | undefined; person?: unknown },
  roles: readonly string[],
): void {
  if (filter.verdict !== undefined && filter.policyKey === undefined) {
    const message = 'a verdict belongs to one policy: give policyKey too';
    throw new AppError('VALIDATION', message, {
      issues: [{ path: '$.verdict', code: 'needs_policy', message }],
    });
  }
  if (filter.person !== undefined && !seesPersonalData(actor, roles)) {
    throw new AppError(
      'FORBIDDEN',
      `finding the decisions about a person takes a role that may see personal data (${roles.join(', ')})`,
      { issues: [{ path: '$.person', code: 'personal_data', message: 'not allowed for your roles' }] },
    );
  }
}

/** Creates the {@link DecisionsService}. */
export function createDecisionsService(deps: DecisionsServiceDeps): DecisionsService {
  const {
    db,
    audit,
    now,
    pseudonymiser,
    signer,
    personalDataRoles,
    subjectVersions,
    subjectOfPolicy,
    versionDocument,
  } = deps;
  const writer = createDecisionWriter({
    db,
    maxInFlight: deps.writesInFlight ?? 1,
    observer: deps.writerObserver,
  });
  const classifications = new Map<string, Promise<Classification>>();
  const policySubjects = new Map<string, Promise<string>>();

  const classificationOf = (subjectKey: string): Promise<Classification> => {
    let entry = classifications.get(subjectKey);
    if (entry === undefined) {
      const loading = subjectVersions(subjectKey).then((versions) =>
        Classification.of(versions.map((v) => v.subject)),
      );
      entry = loading;
      classifications.set(subjectKey, loading);
      loading.catch(() => {
        if (classifications.get(subjectKey) === loading) classifications.delete(subjectKey);
      });
    }
    return entry;
  };

  const classificationOfPolicy = (policyKey: string): Promise<Classification> => {
    let subject = policySubjects.get(policyKey);
    if (subject === undefined) {
      subject = subjectOfPolicy(policyKey);
      policySubjects.set(policyKey, subject);
      subject.catch(() => policySubjects.delete(policyKey));
    }
    return subject.then(classificationOf);
  };

  /** The rows to store: minimised facts, verdicts, pseudonyms, compact outcomes and their full outcomes' hashes. */
  const toStored = async (inputs: readonly DecisionInput[]): Promise<StoredDecision[]> => {
    const rows: StoredDecision[] = [];
    for (const { subjectKey, reads, compact, ...decision } of inputs) {
      const classification = await classificationOf(subjectKey);
      const minimised = minimiseFacts(decision.facts, classification, reads, pseudonymiser);
      const verdict = verdictOf(decision.outcome);
      rows.push(
        compact === null
          ? { ...decision, ...minimised, verdict, outcomeHash: null }
          : {
              ...decision,
              ...minimised,
              verdict,
              outcome: compact,
              outcomeHash: outcomeHashOf(decision.outcome),
            },
      );
    }
    return rows;
  };

  // Least recently used out first: a Map keeps insertion order, and a hit is moved to the end.
  const documents = new Map<string, Promise<PolicyDocument>>();
  const documentOf = (policyKey: string, version: number): Promise<PolicyDocument> => {
    const key = `${version}@${policyKey}`;
    let entry = documents.get(key);
    if (entry !== undefined) documents.delete(key);
    else {
      const loading = versionDocument(policyKey, version);
      entry = loading;
      loading.catch(() => {
        if (documents.get(key) === loading) documents.delete(key);
      });
    }
    documents.set(key, entry);
    if (documents.size > DOCUMENTS_KEPT) documents.delete(documents.keys().next().value!);
    return entry;
  };

  /**
   * The decision with its full outcome: a compact one joined with its version's document (given)
   * and checked against the stored hash; a full one (stored before compact outcomes) as it is.
   */
  const rebuildWith = (
    decision: RecordedDecision,
    document: PolicyDocument | null,
  ): Written<RebuiltDecision> => {
    const { outcomeHash, ...rest } = decision;
    if (outcomeHash === null) return { decision: { ...rest, outcome: decision.outcome }, outcomeJson: null };
    if (document === null)
      throw new Error(`decision ${decision.id}: a compact outcome is rebuilt with its version's document`);
    let outcome: Outcome;
    try {
      outcome = expandOutcome(decision.outcome, document);
    } catch (error) {
      if (!(error instanceof OutcomeShapeError)) throw error;
      throw outcomeNotRebuilt(decision.id, decision.policyKey, decision.version, error.message);
    }
    const outcomeJson = canonicalJson(outcome);
    if (sha256Hex(outcomeJson) !== outcomeHash) {
      throw outcomeNotRebuilt(
        decision.id,
        decision.policyKey,
        decision.version,
        'the rebuilt outcome does not match its stored hash',
      );
    }
    return { decision: { ...rest, outcome }, outcomeJson };
  };

  /** The document a stored decision's outcome is rebuilt with (null: stored in full). */
  const documentFor = (decision: RecordedDecision): Promise<PolicyDocument> | null =>
    decision.outcomeHash === null ? null : documentOf(decision.policyKey, decision.version);

  const rebuild = async (decision: RecordedDecision): Promise<RebuiltDecision> =>
    rebuildWith(decision, await documentFor(decision)).decision;

  /** A rebuilt decision as `actor` may see it (with its outcome's canonical JSON where unmasked and written). */
  const presentWith = (
    actor: Actor,
    { decision, outcomeJson }: Written<RebuiltDecision>,
    classification: Classification,
  ): Written<Decision> => {
    const { seq: _seq, ...rest } = decision;
    if (classification.isEmpty || seesPersonalData(actor, personalDataRoles))
      return { decision: { ...rest, masked: false }, outcomeJson };
    return {
      decision: {
        ...rest,
        facts: maskFacts(rest.facts, classification, pseudonymiser),
        outcome: maskOutcome(rest.outcome, classification, pseudonymiser),
        masked: true,
      },
      outcomeJson: null,
    };
  };

  /**
   * Stored decisions as `actor` may see them, in their order: the documents and classifications they
   * need are loaded once for all of them, then each is rebuilt and masked without waiting again.
   */
  const presentAll = async (
    actor: Actor,
    recorded: readonly RecordedDecision[],
  ): Promise<Written<Decision>[]> => {
    const documents = new Map<string, PolicyDocument | null>();
    const classifications = new Map<string, Classification>();
    for (const decision of recorded) {
      const key = `${decision.version}@${decision.policyKey}`;
      if (!documents.has(key) || (documents.get(key) === null && decision.outcomeHash !== null))
        documents.set(key, await documentFor(decision));
      if (!classifications.has(decision.policyKey))
        classifications.set(decision.policyKey, await classificationOfPolicy(decision.policyKey));
    }
    return recorded.map((decision) =>
      presentWith(
        actor,
        rebuildWith(decision, documents.get(`${decision.version}@${decision.policyKey}`) ?? null),
        classifications.get(decision.policyKey)!,
      ),
    );
  };

  /** A stored decision as `actor` may see it. */
  const present = async (actor: Actor, recorded: RecordedDecision): Promise<Decision> =>
    (await presentAll(actor, [recorded]))[0]!.decision;

  const filterOf = (
    actor: Actor,
    { person, ...filter }: Omit<DecisionListFilter, 'cursor' | 'limit'>,
  ): Omit<DecisionFilter, 'before' | 'limit'> => {
    checkFilters(actor, { ...filter, person }, personalDataRoles);
    return { ...filter, ...(person === undefined ? {} : { pseudonym: pseudonymiser.pseudonym(person) }) };
  };

  const months: DecisionMonths = {
    async prepareAround(at) {
      const start = monthPartitionOf(at).from;
      for (const offset of [-1, 0, 1, 2]) {
        const month: MonthPartition = monthPartitionOf(
          new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + offset, 1)),
        );
        await ensurePartition(db, month);
      }
    },
    list: () => listPartitions(db),
    countByPolicy: (partition) => countByPolicy(db, partition),
    keepReason: (partition) => partitionKeepReason(db, partition),
    purge: (trx, partition, policyKey) => purgePolicyRows(trx, partition, policyKey),
    drop: (trx, partition) => dropPartition(trx, partition),
  };

  return {
    async record(decisions) {
      await writer.write(await toStored(decisions));
    },

    async recordReported(decisions) {
      const known = await findRecordedIds(
        db,
        decisions.map((d) => d.id),
      );
      const fresh = decisions.filter((d) => !known.has(d.id));
      return insertDecisionsInMonths(db, await toStored(fresh), { ignoreDuplicates: true });
    },

    async list(actor, { cursor, limit, ...rest }) {
      const rows = await listDecisions(db, {
        ...filterOf(actor, rest),
        before: cursor === undefined ? undefined : positionOf(cursor),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: (await presentAll(actor, page)).map(({ decision }) => decision),
        nextCursor: rows.length > limit ? cursorOf(page.at(-1)!) : null,
      };
    },

    async get(actor, id) {
      const found = await findDecision(db, id);
      if (found === undefined) throw decisionNotFound(id);
      return present(actor, found);
    },

    async getRecorded(id) {
      const found = await findDecision(db, id);
      if (found === undefined) throw decisionNotFound(id);
      return rebuild(found);
    },

    scan: (filter) => scanDecisions(db, filter),
    count: (filter) => countDecisions(db, filter),

    async presentFacts(actor, policyKey, facts) {
      const classification = await classificationOfPolicy(policyKey);
      if (classification.isEmpty || seesPersonalData(actor, personalDataRoles))
        return { facts, masked: false };
      return { facts: maskFacts(facts, classification, pseudonymiser), masked: true };
    },

    async presentReplay(actor, replay) {
      const classification = await classificationOfPolicy(replay.policyKey);
      if (classification.isEmpty || seesPersonalData(actor, personalDataRoles)) return replay;
      return {
        ...replay,
        recorded: {
          ...replay.recorded,
          outcome: maskOutcome(replay.recorded.outcome, classification, pseudonymiser),
        },
        replayed: {
          ...replay.replayed,
          outcome: maskOutcome(replay.replayed.outcome, classification, pseudonymiser),
          trace: maskTrace(replay.replayed.trace, classification, pseudonymiser),
        },
      };
    },

    async exportEvidence(actor, input) {
      const { from, to, ...filters } = input;
      const stored = await listDecisionRange(db, {
        ...filterOf(actor, filters),
        from: new Date(from),
        to: new Date(to),
        limit: EXPORT_MAX_ROWS + 1,
      });
      if (stored.length > EXPORT_MAX_ROWS) throw exportTooLarge('decision log');
      const presented = await presentAll(actor, stored);
      const rows = canonicalRows(
        presented.map(({ decision }) => decision),
        presented.map(({ decision, outcomeJson }) =>
          outcomeJson === null
            ? canonicalJson(decision)
            : canonicalJsonWith(decision, { outcome: outcomeJson }),
        ),
      );
      const { sha256 } = rows;
      const generatedAt = now().toISOString();
      const personalData = rows.rows.some((row) => row.masked) ? 'masked' : 'clear';
      await audit.recordAlone(actor, {
        action: 'decisions.exported',
        entityType: 'decisions',
        entityId: `${from}/${to}`,
        reason: canonicalJson(input),
        afterHash: sha256,
        details: { count: rows.rows.length, personalData, signingKeyId: signer.signingKeyId },
      });
      return signEvidence(
        {
          generatedAt,
          generatedBy: { actor: actor.id, actorKind: actor.kind, credential: actor.credential },
          filters: input,
          personalData,
          count: rows.rows.length,
          sha256,
        },
        rows,
        signer,
      );
    },

    async minimiseRecorded(actor, readsOf, options = {}) {
      const pageSize = options.pageSize ?? 1_000;
      let total = 0;
      while (options.shouldStop?.() !== true) {
        const page = await listUnminimised(db, pageSize);
        if (page.length === 0) break;
        // Computed before the transaction: classifications read through `db` (PGlite has one connection).
        const minimised: { row: (typeof page)[number]; stored: MinimisedFacts }[] = [];
        for (const row of page) {
          const classification = await classificationOfPolicy(row.policyKey);
          minimised.push({
            row,
            stored: minimiseFacts(
              row.facts,
              classification,
              await readsOf(row.policyKey, row.version),
              pseudonymiser,
            ),
          });
        }
        const changed = await db.transaction().execute(async (trx) => {
          const byPolicy: Record<string, number> = {};
          for (const { row, stored } of minimised) {
            if (await storeMinimised(trx, row, stored))
              byPolicy[row.policyKey] = (byPolicy[row.policyKey] ?? 0) + 1;
          }
          const count = Object.values(byPolicy).reduce((sum, n) => sum + n, 0);
          if (count > 0) {
            const first = page[0]!.createdAt.toISOString();
            const last = page.at(-1)!.createdAt.toISOString();
            await audit.record(trx, actor, {
              action: 'decisions.minimised',
              entityType: 'decisions',
              entityId: `${first}/${last}`,
              reason:
                'decisions recorded before minimisation: personal values the deciding version does not read replaced by pseudonyms',
              details: { count, byPolicy, pseudonymKeyId: pseudonymiser.keyId },
            });
          }
          return count;
        });
        total += changed;
        // Another instance took this page meanwhile; the next one is read afresh.
        if (changed === 0 && page.length < pageSize) break;
      }
      return total;
    },

    forgetClassification: (subjectKey) => classifications.delete(subjectKey),
    forgetAllClassifications: () => classifications.clear(),
    months,
    drain: () => writer.drain(),
  };
}
