// The policy lifecycle: draft → in_review → approved → published → superseded | retired, with
// in_review → draft on reject. Every step is one transaction with its audit row; steps that touch
// effective windows lock the policy row (SELECT … FOR UPDATE), so concurrent publishes of one policy
// run one after the other and the loser finds the version no longer `approved` (CONFLICT).
//
// Windows and "superseded": a publish closes the open window of the policy at the new version's
// `effectiveFrom` (windows never overlap; a new start must lie after every existing start). When
// that moment is now, the previous version becomes `superseded` in the same transaction. When it
// is in the future (a scheduled publish), the previous version stays `published` — it is still the
// one in force — with `effectiveTo` set; it becomes `superseded` once its window has ended: readers
// see `superseded` from that moment on (the status is derived when read), and the periodic sweep
// (`settleSuperseded`, audited as the system actor) writes it down. Retiring a scheduled version
// cancels it (its window becomes empty) and gives its predecessor its window back.
import {
  contentHash,
  diffDocuments,
  runTestCase,
  compile,
  validate,
  type TestCaseResult,
} from '@precept/rules';
import {
  AppError,
  isAppError,
  isIsoDate,
  startOfDateIn,
  textIn,
  type Actor,
  type DiffOutput,
  type Issue,
  type Policy,
  type PolicyDetail,
  type PolicyDocument,
  type PolicySummary,
  type PolicyVersionDetail,
  type PolicyVersionSummary,
  type Review,
  type Subject,
  type TestCase,
  type TestRunOutput,
  type VersionStatus,
  type VersionWindow,
} from '@precept/schema';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SubjectsService } from '../subjects/subjects.service.js';
import { testsHashOf, type OpenedForEdit, type TestCasesService } from '../test-cases/test-cases.service.js';
import {
  policyNotFound,
  SeparationOfDutiesError,
  staleVersion,
  versionNotFound,
  wrongStatus,
} from './policies.errors.js';
import {
  deleteDraft,
  findEndedPublished,
  findPolicy,
  findVersion,
  insertPolicy,
  insertVersion,
  newestVersion,
  listPolicies,
  listVersionHeads,
  listBundleRows,
  listWindows,
  lockPolicy,
  nextVersionNumber,
  notifyPolicyChanged,
  updateVersion,
  type BundleRow,
  type PolicyFilter,
  type StoredPolicy,
  type StoredVersion,
  type StoredVersionHead,
  type StoredWindow,
  type VersionPatch,
} from './policies.store.js';

/** The channel instances LISTEN on; the payload is the policy key whose published windows changed. */
export const POLICY_CHANNEL = 'precept_policy_changed';

/** How far in the past a requested `effectiveFrom` may lie (client clock skew); it is then clamped to now. */
const PAST_TOLERANCE_MS = 5 * 60 * 1000;

/** Dependencies of {@link createPoliciesService}. */
export interface PoliciesServiceDeps {
  db: Db;
  audit: AuditService;
  subjects: SubjectsService;
  testCases: TestCasesService;
  now: () => Date;
  /** Called after a transaction that changed published windows committed (same-process invalidation). */
  onWindowsChanged: (policyKey: string) => void;
  /** The business time zone: an effective date, and a test's as-of date, are days there. */
  timeZone: string;
  /**
   * The review gate of impact analysis (bound late: the impact service needs this one): a version
   * is submitted with a current impact report, and approved only while it is still current.
   */
  impact: () => ImpactGate;
}

/** What the lifecycle asks of impact analysis. */
export interface ImpactGate {
  /** The current report of a version, run now when the window is small; `CONFLICT` when it must be run first. */
  ensureCurrent(
    actor: Actor,
    policyKey: string,
    version: number,
  ): Promise<{ id: string; reportHash: string }>;
  /** The current report (`CONFLICT` without one), checked to be `expectedId` when given. */
  requireCurrent(
    policyKey: string,
    version: number,
    expectedId?: string,
  ): Promise<{ id: string; reportHash: string }>;
}

/** A version ready to compile: its document, the subject it is pinned to and its hash. */
export interface CompilableVersion {
  policy: Policy;
  version: number;
  status: VersionStatus;
  document: PolicyDocument;
  contentHash: string;
  subject: Subject;
  subjectVersion: number;
}

/** Filters of `list`. */
export type PolicyListFilter = PolicyFilter & { status?: VersionStatus | undefined };

/** Lifecycle, history and diff of policies and their versions. Every state change is one transaction with its audit row. */
export interface PoliciesService {
  list(filter: PolicyListFilter): Promise<PolicySummary[]>;
  get(policyKey: string): Promise<PolicyDetail>;
  getVersion(policyKey: string, version: number): Promise<PolicyVersionDetail>;
  /** The version `version` names, or the policy's newest; `NOT_FOUND` for an unknown policy or version. */
  resolveVersion(db: DbOrTrx, policyKey: string, version: number | undefined): Promise<number>;
  /**
   * Opens a version for an edit of its test cases by `actor`, inside `trx`: a draft as it is, a
   * version in review or approved back to draft with its approvals revoked (tests are content too);
   * `actor` joins its editors. Any other status is `CONFLICT`: its tests are frozen.
   */
  openForTestEdit(trx: Trx, actor: Actor, policyKey: string, version: number): Promise<OpenedForEdit>;
  create(
    actor: Actor,
    input: { policy: Policy; document: PolicyDocument; changeNote?: string | undefined },
  ): Promise<{ policy: Policy; version: PolicyVersionDetail }>;
  createDraft(actor: Actor, input: { policyKey: string; fromVersion: number }): Promise<PolicyVersionDetail>;
  updateDraft(
    actor: Actor,
    input: {
      policyKey: string;
      version: number;
      lockVersion: number;
      document: PolicyDocument;
      changeNote?: string | null | undefined;
    },
  ): Promise<PolicyVersionDetail>;
  discardDraft(
    actor: Actor,
    input: { policyKey: string; version: number; lockVersion: number; reason?: string | undefined },
  ): Promise<{ policyKey: string; version: number }>;
  submit(
    actor: Actor,
    input: { policyKey: string; version: number; lockVersion: number; changeNote: string },
  ): Promise<PolicyVersionDetail>;
  /** Approves with the current impact report (`impactReportId`: the one the reviewer read). */
  approve(
    actor: Actor,
    input: {
      policyKey: string;
      version: number;
      lockVersion: number;
      comment: string;
      impactReportId?: string | undefined;
    },
  ): Promise<PolicyVersionDetail>;
  reject(
    actor: Actor,
    input: { policyKey: string; version: number; lockVersion: number; comment: string },
  ): Promise<PolicyVersionDetail>;
  publish(
    actor: Actor,
    input: {
      policyKey: string;
      version: number;
      lockVersion: number;
      effectiveFrom?: string | undefined;
      reason?: string | undefined;
    },
  ): Promise<PolicyVersionDetail>;
  retire(
    actor: Actor,
    input: { policyKey: string; version: number; reason: string },
  ): Promise<PolicyVersionDetail>;
  rollback(
    actor: Actor,
    input: { policyKey: string; toVersion: number; changeNote: string; effectiveFrom?: string | undefined },
  ): Promise<PolicyVersionDetail>;
  diff(policyKey: string, from: number, to: number): Promise<DiffOutput>;
  /** Runs every test case of the policy against one version. */
  runTests(policyKey: string, version: number): Promise<TestRunOutput>;
  /** A version with its pinned subject, for compiling (any status). */
  getCompilable(policyKey: string, version: number): Promise<CompilableVersion>;
  /** The policy and its current subject (for simulating an unsaved document). */
  getWithSubject(policyKey: string): Promise<{ policy: Policy; subject: Subject; subjectVersion: number }>;
  /** The non-empty published windows of a policy, oldest first (`NOT_FOUND` for an unknown policy). */
  listWindows(policyKey: string): Promise<StoredWindow[]>;
  /** Published versions in force at `asOf` or scheduled after it, with documents (bundles). */
  listBundleRows(keys: readonly string[] | undefined, asOf: Date): Promise<BundleRow[]>;
  /**
   * Marks published versions whose window has ended as `superseded` (audited as `actor`); returns
   * the keys of the policies touched.
   */
  settleSuperseded(actor: Actor): Promise<string[]>;
  /**
   * Loads a default policy as published v1 with its test cases, inside `trx` (seeding an empty
   * database); `effectiveFrom` is taken as given.
   */
  seedPublished(
    trx: Trx,
    actor: Actor,
    input: {
      policy: Policy;
      document: PolicyDocument;
      testCases: TestCase[];
      effectiveFrom: Date;
      changeNote: string;
    },
  ): Promise<void>;
}

const PENDING: readonly VersionStatus[] = ['draft', 'in_review', 'approved'];

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

/** The status a reader sees: a published version whose window has ended is superseded, even before the sweep writes it. */
function effectiveStatus(head: StoredVersionHead, now: Date): VersionStatus {
  if (
    head.status === 'published' &&
    head.effectiveTo !== null &&
    head.effectiveTo.getTime() <= now.getTime()
  ) {
    return 'superseded';
  }
  return head.status;
}

function isInForce(
  head: Pick<StoredVersionHead, 'effectiveFrom' | 'effectiveTo' | 'status'>,
  now: Date,
): boolean {
  if (head.effectiveFrom === null) return false;
  if (head.status !== 'published' && head.status !== 'superseded' && head.status !== 'retired') return false;
  const t = now.getTime();
  return head.effectiveFrom.getTime() <= t && (head.effectiveTo === null || t < head.effectiveTo.getTime());
}

function isScheduled(head: StoredVersionHead, now: Date): boolean {
  return (
    head.status === 'published' && head.effectiveFrom !== null && head.effectiveFrom.getTime() > now.getTime()
  );
}

function toSummary(head: StoredVersionHead, now: Date): PolicyVersionSummary {
  return {
    policyKey: head.policyKey,
    version: head.version,
    status: effectiveStatus(head, now),
    contentHash: head.contentHash,
    changeNote: head.changeNote,
    author: head.author,
    editors: head.editors,
    reviews: head.reviews,
    effectiveFrom: iso(head.effectiveFrom),
    effectiveTo: iso(head.effectiveTo),
    basedOn: head.basedOn,
    lockVersion: head.lockVersion,
    createdAt: head.createdAt.toISOString(),
    updatedAt: head.updatedAt.toISOString(),
    subjectVersion: head.subjectVersion,
    isScheduled: isScheduled(head, now),
    isInForce: isInForce(head, now),
  };
}

function toWindow(head: StoredVersionHead): VersionWindow {
  return {
    version: head.version,
    contentHash: head.contentHash,
    effectiveFrom: head.effectiveFrom!.toISOString(),
    effectiveTo: iso(head.effectiveTo),
  };
}

function summarize(stored: StoredPolicy, heads: readonly StoredVersionHead[], now: Date): PolicySummary {
  const inForce = heads.find((head) => isInForce(head, now));
  const scheduled = heads
    .filter((head) => isScheduled(head, now))
    .sort((a, b) => a.effectiveFrom!.getTime() - b.effectiveFrom!.getTime())[0];
  const latest = heads.reduce<StoredVersionHead | undefined>(
    (best, head) => (best === undefined || head.version > best.version ? head : best),
    undefined,
  );
  const lastPublished = heads
    .filter((head) => head.effectiveFrom !== null)
    .sort((a, b) => b.effectiveFrom!.getTime() - a.effectiveFrom!.getTime() || b.version - a.version)[0];
  return {
    policy: stored.policy,
    inForce: inForce === undefined ? null : toWindow(inForce),
    scheduled: scheduled === undefined ? null : toWindow(scheduled),
    latest: latest === undefined ? null : { version: latest.version, status: effectiveStatus(latest, now) },
    pending: heads
      .filter((head) => PENDING.includes(head.status))
      .sort((a, b) => b.version - a.version)
      .map((head) => ({ version: head.version, status: head.status })),
    isRetired: inForce === undefined && scheduled === undefined && lastPublished?.status === 'retired',
  };
}

/**
 * Distinct people whose approval still counts: approvals are revoked (marked, never deleted) when
 * the version goes back to draft, so an approval of earlier content never counts for later content.
 * Marks rather than timestamps decide this, so clock skew between instances cannot revive one.
 */
function activeApprovers(version: Pick<StoredVersion, 'reviews'>): Set<string> {
  return new Set(
    version.reviews
      .filter((review) => review.decision === 'approved' && review.revokedAt === undefined)
      .map((review) => review.by),
  );
}

/** The reviews with every standing approval marked revoked at `at`. */
function revokeApprovals(reviews: readonly Review[], at: Date): Review[] {
  return reviews.map((review) =>
    review.decision === 'approved' && review.revokedAt === undefined
      ? { ...review, revokedAt: at.toISOString() }
      : review,
  );
}

/** One test-case failure as an issue on `$.testCases[i]`. */
function testFailureIssue(result: TestCaseResult, index: number): Issue {
  const detail =
    result.error !== undefined
      ? `${result.error.code}: ${result.error.message}`
      : result.mismatches
          .slice(0, 3)
          .map((m) => `${m.path} expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`)
          .join('; ');
  return {
    path: `$.testCases[${index}]`,
    code: 'test_failed',
    message: `test case "${textIn(result.name, 'en')}" fails: ${detail}`,
  };
}

/** Creates the {@link PoliciesService}. */
export function createPoliciesService(deps: PoliciesServiceDeps): PoliciesService {
  const { db, audit, subjects, testCases, now, onWindowsChanged, timeZone, impact } = deps;

  const requirePolicy = async (handle: DbOrTrx, key: string): Promise<StoredPolicy> => {
    const found = await findPolicy(handle, key);
    if (found === undefined) throw policyNotFound(key);
    return found;
  };

  const requireLockedPolicy = async (trx: Trx, key: string): Promise<StoredPolicy> => {
    const found = await lockPolicy(trx, key);
    if (found === undefined) throw policyNotFound(key);
    return found;
  };

  const requireVersion = async (
    handle: DbOrTrx,
    key: string,
    version: number,
    forUpdate = false,
  ): Promise<StoredVersion> => {
    const found = await findVersion(handle, key, version, { forUpdate });
    if (found === undefined) throw versionNotFound(key, version);
    return found;
  };

  /** Loads a version for a step that needs `statuses` and the caller's `lockVersion`. */
  const requireStep = async (
    trx: Trx,
    key: string,
    version: number,
    lockVersion: number,
    statuses: readonly VersionStatus[],
  ): Promise<StoredVersion> => {
    const found = await requireVersion(trx, key, version, true);
    if (found.lockVersion !== lockVersion) throw staleVersion(key, version, lockVersion, found.lockVersion);
    if (!statuses.includes(found.status))
      throw wrongStatus(key, version, found.status, statuses.join(' or '));
    return found;
  };

  const applyPatch = async (
    trx: Trx,
    current: StoredVersion,
    patch: VersionPatch,
  ): Promise<StoredVersion> => {
    const updated = await updateVersion(
      trx,
      current.policyKey,
      current.version,
      current.lockVersion,
      patch,
      now(),
    );
    // The row is locked FOR UPDATE by requireStep, so this only happens if something bypassed it.
    if (updated === undefined)
      throw staleVersion(current.policyKey, current.version, current.lockVersion, -1);
    return updated;
  };

  /**
   * Editing a version in review or approved (its document or its tests) sends it back to draft and
   * revokes its approvals: approval is of content, and this is new content. A separate step,
   * because the database lets content change only on a draft.
   */
  const reopenForEdit = async (
    trx: Trx,
    found: StoredVersion,
  ): Promise<{ current: StoredVersion; revoked: string[] }> => {
    const revoked = [...activeApprovers(found)];
    if (found.status === 'draft') return { current: found, revoked };
    const current = await applyPatch(trx, found, {
      status: 'draft',
      reviews: revokeApprovals(found.reviews, now()),
      submittedAt: null,
    });
    return { current, revoked };
  };

  const detailOf = async (version: StoredVersion, handle: DbOrTrx = db): Promise<PolicyVersionDetail> => {
    let issues: Issue[] = [];
    if (version.status === 'draft') {
      const subject = await subjects.get(
        (await requirePolicy(handle, version.policyKey)).policy.subjectKey,
        version.subjectVersion,
        handle,
      );
      const validation = validate(version.document, subject.subject);
      issues = validation.ok ? [] : validation.issues;
    }
    return { ...toSummary(version, now()), document: version.document, issues };
  };

  const checkKind = (policy: Policy, document: PolicyDocument): void => {
    if (document.kind !== policy.kind) {
      throw new AppError(
        'VALIDATION',
        `policy "${policy.key}" is a ${policy.kind}, the document a ${document.kind}`,
        {
          issues: [{ path: '$.document.kind', code: 'kind_mismatch', message: `must be "${policy.kind}"` }],
        },
      );
    }
  };

  /**
   * Opens `version`'s window at `from` inside `trx`: closes the open window of the policy at `from`
   * (superseding it now if `from` has come), after checking `from` lies after every window start.
   */
  const openWindow = async (trx: Trx, key: string, from: Date, at: Date): Promise<number | null> => {
    const windows = await listWindows(trx, key);
    const latestStart = windows.reduce((max, w) => Math.max(max, w.effectiveFrom.getTime()), -Infinity);
    if (from.getTime() <= latestStart) {
      const message = `a version of ${key} is already in force or scheduled from ${new Date(latestStart).toISOString()}; publish from a later moment`;
      throw new AppError('CONFLICT', message, {
        issues: [{ path: '$.effectiveFrom', code: 'overlap', message }],
      });
    }
    const open = windows.find((w) => w.status === 'published' && w.effectiveTo === null);
    if (open === undefined) return null;
    const current = await requireVersion(trx, key, open.version, true);
    await applyPatch(trx, current, {
      effectiveTo: from,
      ...(from.getTime() <= at.getTime() ? { status: 'superseded' as const } : {}),
    });
    return open.version;
  };

  const resolveEffectiveFrom = (requested: string | undefined, at: Date): Date => {
    if (requested === undefined) return at;
    // A date is that day's start in the business time zone, never midnight UTC.
    const from = new Date(isIsoDate(requested) ? startOfDateIn(requested, timeZone) : requested);
    if (from.getTime() < at.getTime() - PAST_TOLERANCE_MS) {
      const message = 'effectiveFrom lies in the past; a publish cannot change which version was in force';
      throw new AppError('VALIDATION', message, {
        issues: [{ path: '$.effectiveFrom', code: 'past', message }],
      });
    }
    return from.getTime() < at.getTime() ? at : from;
  };

  const commitThenNotify = async <T>(key: string, work: (trx: Trx) => Promise<T>): Promise<T> => {
    const result = await db.transaction().execute(async (trx) => {
      const value = await work(trx);
      await notifyPolicyChanged(trx, POLICY_CHANNEL, key);
      return value;
    });
    onWindowsChanged(key);
    return result;
  };

  const runTestsOn = async (
    version: StoredVersion,
    subject: Subject,
    handle: DbOrTrx,
  ): Promise<TestRunOutput> => {
    const compiled = compile(version.document, subject);
    const cases = await testCases.list(version.policyKey, version.version, handle);
    const defaultAsOf = (version.effectiveFrom ?? now()).toISOString();
    const results = cases.map((testCase) => runTestCase(compiled, testCase, defaultAsOf, timeZone));
    const passed = results.filter((result) => result.pass).length;
    return {
      policyKey: version.policyKey,
      version: version.version,
      testsHash: testsHashOf(cases),
      passed,
      failed: results.length - passed,
      results: results.map((result) => ({
        ...result,
        mismatches: result.mismatches.map((m) => ({ path: m.path, expected: m.expected, actual: m.actual })),
      })),
    };
  };

  /**
   * Runs a step in one transaction (committed then notified on `notifyKey`, when given) whose
   * refusal by separation of duties is evidence: after the transaction rolled back, the refusal is
   * recorded in a transaction of its own, then thrown.
   */
  const dutyStep = async <T>(
    actor: Actor,
    action: string,
    entityId: string,
    notifyKey: string | null,
    work: (trx: Trx) => Promise<T>,
  ): Promise<T> => {
    try {
      return notifyKey === null
        ? await db.transaction().execute(work)
        : await commitThenNotify(notifyKey, work);
    } catch (error) {
      if (error instanceof SeparationOfDutiesError) {
        await audit.recordAlone(actor, {
          action: `${action}.refused`,
          entityType: 'policyVersion',
          entityId,
          reason: error.message,
        });
      }
      throw error;
    }
  };

  const service: PoliciesService = {
    async list(filter) {
      const policies = await listPolicies(db, filter);
      const heads = await listVersionHeads(
        db,
        policies.map((p) => p.policy.key),
      );
      const at = now();
      const byKey = new Map<string, StoredVersionHead[]>();
      for (const head of heads) byKey.set(head.policyKey, [...(byKey.get(head.policyKey) ?? []), head]);
      return policies
        .filter(
          (p) =>
            filter.status === undefined ||
            (byKey.get(p.policy.key) ?? []).some((h) => effectiveStatus(h, at) === filter.status),
        )
        .map((p) => summarize(p, byKey.get(p.policy.key) ?? [], at));
    },

    async get(policyKey) {
      const stored = await requirePolicy(db, policyKey);
      const heads = await listVersionHeads(db, [policyKey]);
      const at = now();
      return { ...summarize(stored, heads, at), versions: heads.map((head) => toSummary(head, at)) };
    },

    async getVersion(policyKey, version) {
      return detailOf(await requireVersion(db, policyKey, version));
    },

    async resolveVersion(handle, policyKey, version) {
      await requirePolicy(handle, policyKey);
      if (version !== undefined) return (await requireVersion(handle, policyKey, version)).version;
      const newest = await newestVersion(handle, policyKey);
      if (newest === undefined) throw new AppError('NOT_FOUND', `policy "${policyKey}" has no version`);
      return newest;
    },

    async openForTestEdit(trx, actor, policyKey, version) {
      await requirePolicy(trx, policyKey);
      const found = await requireVersion(trx, policyKey, version, true);
      if (!(['draft', 'in_review', 'approved'] as const).some((status) => status === found.status)) {
        throw new AppError(
          'CONFLICT',
          `${policyKey} v${version} is ${found.status}: its test cases are frozen with it; change them in a draft`,
          { issues: [{ path: '$.version', code: 'frozen', message: `v${version} is ${found.status}` }] },
        );
      }
      const { current, revoked } = await reopenForEdit(trx, found);
      if (!current.editors.includes(actor.id)) {
        await applyPatch(trx, current, { editors: [...current.editors, actor.id] });
      }
      return { reopenedFrom: found.status === 'draft' ? null : found.status, revokedApprovals: revoked };
    },

    async create(actor, { policy, document, changeNote }) {
      checkKind(policy, document);
      return db.transaction().execute(async (trx) => {
        const subject = await subjects.get(policy.subjectKey, undefined, trx).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'NOT_FOUND') {
            throw new AppError('VALIDATION', error.message, {
              issues: [{ path: '$.policy.subjectKey', code: 'unknown_subject', message: error.message }],
            });
          }
          throw error;
        });
        const at = now();
        try {
          await insertPolicy(trx, policy, actor.id, at);
        } catch (error) {
          if (isUniqueViolation(error)) {
            throw new AppError('CONFLICT', `policy "${policy.key}" already exists`, {
              issues: [{ path: '$.policy.key', code: 'duplicate', message: `"${policy.key}" is taken` }],
            });
          }
          throw error;
        }
        const number = await nextVersionNumber(trx, policy.key, at);
        const version: StoredVersion = {
          policyKey: policy.key,
          version: number,
          status: 'draft',
          document,
          contentHash: contentHash(document),
          subjectVersion: subject.version,
          changeNote: changeNote ?? null,
          author: actor.id,
          editors: [actor.id],
          reviews: [],
          effectiveFrom: null,
          effectiveTo: null,
          basedOn: null,
          lockVersion: 0,
          submittedAt: null,
          publishedAt: null,
          publishedBy: null,
          createdAt: at,
          updatedAt: at,
        };
        await insertVersion(trx, version);
        await audit.record(trx, actor, {
          action: 'policy.create',
          entityType: 'policy',
          entityId: policy.key,
          afterHash: contentHash(policy),
          details: { version: number, contentHash: version.contentHash },
        });
        return { policy, version: await detailOf(version, trx) };
      });
    },

    async createDraft(actor, { policyKey, fromVersion }) {
      return db.transaction().execute(async (trx) => {
        const stored = await requireLockedPolicy(trx, policyKey);
        const source = await requireVersion(trx, policyKey, fromVersion);
        const subject = await subjects.get(stored.policy.subjectKey, undefined, trx);
        const at = now();
        const number = await nextVersionNumber(trx, policyKey, at);
        const version: StoredVersion = {
          policyKey,
          version: number,
          status: 'draft',
          document: source.document,
          contentHash: source.contentHash,
          subjectVersion: subject.version,
          changeNote: null,
          author: actor.id,
          editors: [actor.id],
          reviews: [],
          effectiveFrom: null,
          effectiveTo: null,
          basedOn: fromVersion,
          lockVersion: 0,
          submittedAt: null,
          publishedAt: null,
          publishedBy: null,
          createdAt: at,
          updatedAt: at,
        };
        await insertVersion(trx, version);
        // A draft starts with the tests of the version it is based on; they change with it, in review.
        const copied = await testCases.copyIn(trx, policyKey, fromVersion, number);
        await audit.record(trx, actor, {
          action: 'policy.draft.create',
          entityType: 'policyVersion',
          entityId: `${policyKey}@${number}`,
          afterHash: version.contentHash,
          details: { basedOn: fromVersion, testCases: copied },
        });
        return detailOf(version, trx);
      });
    },

    async updateDraft(actor, { policyKey, version, lockVersion, document, changeNote }) {
      return db.transaction().execute(async (trx) => {
        const stored = await requirePolicy(trx, policyKey);
        checkKind(stored.policy, document);
        const found = await requireStep(trx, policyKey, version, lockVersion, [
          'draft',
          'in_review',
          'approved',
        ]);
        const { current, revoked } = await reopenForEdit(trx, found);
        const subject = await subjects.get(stored.policy.subjectKey, undefined, trx);
        const updated = await applyPatch(trx, current, {
          document,
          contentHash: contentHash(document),
          subjectVersion: subject.version,
          editors: current.editors.includes(actor.id) ? current.editors : [...current.editors, actor.id],
          ...(changeNote === undefined ? {} : { changeNote }),
        });
        await audit.record(trx, actor, {
          action: 'policy.draft.update',
          entityType: 'policyVersion',
          entityId: `${policyKey}@${version}`,
          beforeHash: current.contentHash,
          afterHash: updated.contentHash,
          ...(found.status === 'draft'
            ? {}
            : { details: { reopenedFrom: found.status, revokedApprovals: revoked } }),
        });
        return detailOf(updated, trx);
      });
    },

    async discardDraft(actor, { policyKey, version, lockVersion, reason }) {
      return db.transaction().execute(async (trx) => {
        const current = await requireStep(trx, policyKey, version, lockVersion, ['draft']);
        if (!(await deleteDraft(trx, policyKey, version, lockVersion))) {
          throw staleVersion(policyKey, version, lockVersion, current.lockVersion);
        }
        await audit.record(trx, actor, {
          action: 'policy.draft.discard',
          entityType: 'policyVersion',
          entityId: `${policyKey}@${version}`,
          reason: reason ?? null,
          beforeHash: current.contentHash,
        });
        return { policyKey, version };
      });
    },

    async submit(actor, { policyKey, version, lockVersion, changeNote }) {
      if (changeNote.trim() === '') {
        throw new AppError('VALIDATION', 'a change note is required: say why this version changes', {
          issues: [{ path: '$.changeNote', code: 'required', message: 'must not be empty' }],
        });
      }
      // Outside the transaction (PGlite has one connection): what the version does to past
      // decisions. A document that does not compile is left to the checks below to report.
      let report: { id: string; reportHash: string } | null = null;
      try {
        report = await impact().ensureCurrent(actor, policyKey, version);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'VALIDATION') throw error;
      }
      return db.transaction().execute(async (trx) => {
        const stored = await requirePolicy(trx, policyKey);
        const current = await requireStep(trx, policyKey, version, lockVersion, ['draft']);
        const subject = await subjects.get(stored.policy.subjectKey, current.subjectVersion, trx);
        const validation = validate(current.document, subject.subject);
        if (!validation.ok) {
          throw new AppError(
            'VALIDATION',
            `${policyKey} v${version} does not validate; fix it before submitting`,
            {
              issues: validation.issues.map((issue) => ({
                ...issue,
                path: `$.document${issue.path.slice(1)}`,
              })),
            },
          );
        }
        const run = await runTestsOn(current, subject.subject, trx);
        if (run.results.length === 0) {
          throw new AppError(
            'VALIDATION',
            `${policyKey} has no test cases; add at least one before submitting`,
            {
              issues: [
                { path: '$.testCases', code: 'no_tests', message: 'at least one test case is required' },
              ],
            },
          );
        }
        if (run.failed > 0) {
          throw new AppError(
            'VALIDATION',
            `${run.failed} of ${run.results.length} test cases fail on ${policyKey} v${version}`,
            {
              issues: run.results.flatMap((result, index) =>
                result.pass ? [] : [testFailureIssue(result, index)],
              ),
            },
          );
        }
        if (report === null) throw new AppError('CONFLICT', `${policyKey} v${version} has no impact report`);
        // Store the document as validated (defaults applied) so its hash is the one compile() reports.
        const updated = await applyPatch(trx, current, {
          status: 'in_review',
          changeNote,
          submittedAt: now(),
          document: validation.document,
          contentHash: contentHash(validation.document),
        });
        await audit.record(trx, actor, {
          action: 'policy.submit',
          entityType: 'policyVersion',
          entityId: `${policyKey}@${version}`,
          reason: changeNote,
          afterHash: updated.contentHash,
          details: {
            testCases: run.results.length,
            testsHash: run.testsHash,
            impactReport: report.id,
            impactReportHash: report.reportHash,
          },
        });
        return detailOf(updated, trx);
      });
    },

    async approve(actor, { policyKey, version, lockVersion, comment, impactReportId }) {
      const report = await impact().requireCurrent(policyKey, version, impactReportId);
      return dutyStep(actor, 'policy.approve', `${policyKey}@${version}`, null, async (trx) => {
        const stored = await requirePolicy(trx, policyKey);
        const current = await requireStep(trx, policyKey, version, lockVersion, ['in_review']);
        if (current.editors.includes(actor.id)) {
          throw new SeparationOfDutiesError(
            `${actor.id} edited ${policyKey} v${version} and so cannot approve it; another reviewer must`,
          );
        }
        if (activeApprovers(current).has(actor.id)) {
          throw new SeparationOfDutiesError(
            `${actor.id} has approved ${policyKey} v${version} already; it needs ${stored.policy.requiredApprovals} distinct approvers`,
          );
        }
        const reviews = [
          ...current.reviews,
          { by: actor.id, decision: 'approved' as const, comment, at: now().toISOString() },
        ];
        const approvers = activeApprovers({ reviews });
        const isApproved = approvers.size >= stored.policy.requiredApprovals;
        const updated = await applyPatch(trx, current, {
          reviews,
          ...(isApproved ? { status: 'approved' as const } : {}),
        });
        await audit.record(trx, actor, {
          action: 'policy.approve',
          entityType: 'policyVersion',
          entityId: `${policyKey}@${version}`,
          reason: comment === '' ? null : comment,
          afterHash: current.contentHash,
          details: {
            approvals: approvers.size,
            required: stored.policy.requiredApprovals,
            impactReport: report.id,
            impactReportHash: report.reportHash,
          },
        });
        return detailOf(updated, trx);
      });
    },

    async reject(actor, { policyKey, version, lockVersion, comment }) {
      return db.transaction().execute(async (trx) => {
        const current = await requireStep(trx, policyKey, version, lockVersion, ['in_review']);
        const at = now();
        const reviews = [
          ...revokeApprovals(current.reviews, at),
          { by: actor.id, decision: 'rejected' as const, comment, at: at.toISOString() },
        ];
        const updated = await applyPatch(trx, current, { reviews, status: 'draft', submittedAt: null });
        await audit.record(trx, actor, {
          action: 'policy.reject',
          entityType: 'policyVersion',
          entityId: `${policyKey}@${version}`,
          reason: comment,
          afterHash: current.contentHash,
        });
        return detailOf(updated, trx);
      });
    },

    async publish(actor, { policyKey, version, lockVersion, effectiveFrom, reason }) {
      return dutyStep(actor, 'policy.publish', `${policyKey}@${version}`, policyKey, async (trx) => {
        await requireLockedPolicy(trx, policyKey);
        const current = await requireStep(trx, policyKey, version, lockVersion, ['approved']);
        if (current.editors.includes(actor.id)) {
          throw new SeparationOfDutiesError(
            `${actor.id} edited ${policyKey} v${version} and so cannot publish it; a reviewer who did not edit it must`,
          );
        }
        const at = now();
        const from = resolveEffectiveFrom(effectiveFrom, at);
        const superseded = await openWindow(trx, policyKey, from, at);
        const updated = await applyPatch(trx, current, {
          status: 'published',
          effectiveFrom: from,
          effectiveTo: null,
          publishedAt: at,
          publishedBy: actor.id,
        });
        await audit.record(trx, actor, {
          action: 'policy.publish',
          entityType: 'policyVersion',
          entityId: `${policyKey}@${version}`,
          reason: reason ?? null,
          afterHash: current.contentHash,
          details: {
            effectiveFrom: from.toISOString(),
            supersedes: superseded,
            scheduled: from.getTime() > at.getTime(),
          },
        });
        return detailOf(updated, trx);
      });
    },

    async retire(actor, { policyKey, version, reason }) {
      return commitThenNotify(policyKey, async (trx) => {
        await requireLockedPolicy(trx, policyKey);
        const current = await requireVersion(trx, policyKey, version, true);
        const at = now();
        if (current.status !== 'published' || current.effectiveFrom === null) {
          throw wrongStatus(policyKey, version, current.status, 'published');
        }
        if (current.effectiveTo !== null && current.effectiveTo.getTime() <= at.getTime()) {
          throw new AppError('CONFLICT', `${policyKey} v${version} is no longer in force`);
        }
        const isFuture = current.effectiveFrom.getTime() > at.getTime();
        // Retiring a scheduled version cancels it: its window becomes empty and its predecessor's
        // window stretches back over the time it would have covered.
        const end = isFuture ? current.effectiveFrom : at;
        const predecessor = isFuture
          ? (await listWindows(trx, policyKey)).find(
              (w) =>
                w.status === 'published' && w.effectiveTo?.getTime() === current.effectiveFrom!.getTime(),
            )
          : undefined;
        // Close this window first: at most one open window per policy, at every statement.
        const updated = await applyPatch(trx, current, { status: 'retired', effectiveTo: end });
        if (predecessor !== undefined) {
          const previous = await requireVersion(trx, policyKey, predecessor.version, true);
          await applyPatch(trx, previous, { effectiveTo: current.effectiveTo });
        }
        await audit.record(trx, actor, {
          action: 'policy.retire',
          entityType: 'policyVersion',
          entityId: `${policyKey}@${version}`,
          reason,
          beforeHash: current.contentHash,
          details: { effectiveTo: end.toISOString(), cancelledSchedule: isFuture },
        });
        return detailOf(updated, trx);
      });
    },

    async rollback(actor, { policyKey, toVersion, changeNote, effectiveFrom }) {
      return dutyStep(actor, 'policy.rollback', `${policyKey}@${toVersion}`, policyKey, async (trx) => {
        await requireLockedPolicy(trx, policyKey);
        const source = await requireVersion(trx, policyKey, toVersion);
        if (source.publishedAt === null) {
          throw new AppError(
            'CONFLICT',
            `${policyKey} v${toVersion} was never published; only published content can be rolled back to`,
          );
        }
        // Rolling back publishes content directly: the content's editors may not do it alone.
        if (source.editors.includes(actor.id)) {
          throw new SeparationOfDutiesError(
            `${actor.id} edited ${policyKey} v${toVersion} and so cannot publish its content again; another reviewer must`,
          );
        }
        const at = now();
        const from = resolveEffectiveFrom(effectiveFrom, at);
        const superseded = await openWindow(trx, policyKey, from, at);
        const number = await nextVersionNumber(trx, policyKey, at);
        // Published directly: the content was reviewed and published before. It keeps the source's
        // subject version so it decides exactly as the source did.
        const version: StoredVersion = {
          ...source,
          version: number,
          status: 'published',
          changeNote,
          author: actor.id,
          // The content's editors, not the reviewer who restored it: they wrote what comes into force.
          editors: source.editors,
          reviews: [],
          effectiveFrom: from,
          effectiveTo: null,
          basedOn: toVersion,
          lockVersion: 0,
          submittedAt: at,
          publishedAt: at,
          publishedBy: actor.id,
          createdAt: at,
          updatedAt: at,
        };
        await insertVersion(trx, version);
        await testCases.copyIn(trx, policyKey, toVersion, number);
        await audit.record(trx, actor, {
          action: 'policy.rollback',
          entityType: 'policyVersion',
          entityId: `${policyKey}@${number}`,
          reason: changeNote,
          afterHash: version.contentHash,
          details: { toVersion, effectiveFrom: from.toISOString(), supersedes: superseded },
        });
        return detailOf(version, trx);
      });
    },

    async diff(policyKey, from, to) {
      const [before, after] = await Promise.all([
        requireVersion(db, policyKey, from),
        requireVersion(db, policyKey, to),
      ]);
      return {
        policyKey,
        from: { version: from, contentHash: before.contentHash },
        to: { version: to, contentHash: after.contentHash },
        changes: diffDocuments(before.document, after.document),
      };
    },

    async runTests(policyKey, version) {
      const stored = await requirePolicy(db, policyKey);
      const current = await requireVersion(db, policyKey, version);
      const subject = await subjects.get(stored.policy.subjectKey, current.subjectVersion);
      return runTestsOn(current, subject.subject, db);
    },

    async getCompilable(policyKey, version) {
      const stored = await requirePolicy(db, policyKey);
      const current = await requireVersion(db, policyKey, version);
      const subject = await subjects.get(stored.policy.subjectKey, current.subjectVersion);
      return {
        policy: stored.policy,
        version: current.version,
        status: current.status,
        document: current.document,
        contentHash: current.contentHash,
        subject: subject.subject,
        subjectVersion: subject.version,
      };
    },

    async getWithSubject(policyKey) {
      const stored = await requirePolicy(db, policyKey);
      const subject = await subjects.get(stored.policy.subjectKey);
      return { policy: stored.policy, subject: subject.subject, subjectVersion: subject.version };
    },

    async listWindows(policyKey) {
      await requirePolicy(db, policyKey);
      return listWindows(db, policyKey);
    },

    listBundleRows: (keys, asOf) => listBundleRows(db, keys, asOf),

    async settleSuperseded(actor) {
      const touched = await db.transaction().execute(async (trx) => {
        const ended = await findEndedPublished(trx, now());
        for (const head of ended) {
          const current = await requireVersion(trx, head.policyKey, head.version, true);
          await applyPatch(trx, current, { status: 'superseded' });
          await audit.record(trx, actor, {
            action: 'policy.supersede',
            entityType: 'policyVersion',
            entityId: `${head.policyKey}@${head.version}`,
            reason: 'its successor came into force',
            beforeHash: head.contentHash,
            details: { effectiveTo: head.effectiveTo!.toISOString() },
          });
        }
        const keys = [...new Set(ended.map((head) => head.policyKey))];
        for (const key of keys) await notifyPolicyChanged(trx, POLICY_CHANNEL, key);
        return keys;
      });
      for (const key of touched) onWindowsChanged(key);
      return touched;
    },

    async seedPublished(trx, actor, { policy, document, testCases: cases, effectiveFrom, changeNote }) {
      checkKind(policy, document);
      const subject = await subjects.get(policy.subjectKey, undefined, trx);
      const compiled = compile(document, subject.subject);
      const at = now();
      await insertPolicy(trx, policy, actor.id, at);
      const number = await nextVersionNumber(trx, policy.key, at);
      await insertVersion(trx, {
        policyKey: policy.key,
        version: number,
        status: 'published',
        document: compiled.document,
        contentHash: compiled.contentHash,
        subjectVersion: subject.version,
        changeNote,
        author: actor.id,
        editors: [actor.id],
        reviews: [],
        effectiveFrom,
        effectiveTo: null,
        basedOn: null,
        lockVersion: 0,
        submittedAt: at,
        publishedAt: at,
        publishedBy: actor.id,
        createdAt: at,
        updatedAt: at,
      });
      await audit.record(trx, actor, {
        action: 'policy.seed',
        entityType: 'policyVersion',
        entityId: `${policy.key}@${number}`,
        reason: changeNote,
        afterHash: compiled.contentHash,
        details: { effectiveFrom: effectiveFrom.toISOString() },
      });
      await testCases.seedIn(trx, actor, policy.key, number, cases);
      await notifyPolicyChanged(trx, POLICY_CHANNEL, policy.key);
    },
  };
  return service;
}
