import { sql } from 'kysely';
import type { Policy, PolicyDocument, PolicyKind, Review, VersionStatus } from '@precept/schema';
import type { DbOrTrx, Trx } from '../../db/database.js';

/** A policy version as stored, mapped to domain names (dates stay `Date` until the service formats them). */
export interface StoredVersion {
  policyKey: string;
  version: number;
  status: VersionStatus;
  document: PolicyDocument;
  contentHash: string;
  subjectVersion: number;
  changeNote: string | null;
  author: string;
  editors: string[];
  reviews: Review[];
  effectiveFrom: Date | null;
  effectiveTo: Date | null;
  basedOn: number | null;
  lockVersion: number;
  submittedAt: Date | null;
  publishedAt: Date | null;
  publishedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A version without its document. */
export type StoredVersionHead = Omit<StoredVersion, 'document'>;

/** A policy row: the contract's policy plus its version counter. */
export interface StoredPolicy {
  policy: Policy;
  lastVersion: number;
}

/** Filters of {@link listPolicies}; `text` matches key, titles and description, case-insensitively. */
export interface PolicyFilter {
  kind?: PolicyKind | undefined;
  subjectKey?: string | undefined;
  owner?: string | undefined;
  text?: string | undefined;
}

type PolicyRow = {
  key: string;
  kind: string;
  subject_key: string;
  title: Policy['title'];
  description: Policy['title'] | null;
  owner: Policy['owner'];
  section: string;
  required_approvals: number;
  last_version: number;
};

function toStoredPolicy(row: PolicyRow): StoredPolicy {
  return {
    policy: {
      key: row.key,
      kind: row.kind as PolicyKind,
      subjectKey: row.subject_key,
      title: row.title,
      ...(row.description === null ? {} : { description: row.description }),
      owner: row.owner,
      section: row.section,
      requiredApprovals: row.required_approvals,
    },
    lastVersion: row.last_version,
  };
}

const HEAD_COLUMNS = [
  'policy_key',
  'version',
  'status',
  'content_hash',
  'subject_version',
  'change_note',
  'author',
  'editors',
  'reviews',
  'effective_from',
  'effective_to',
  'based_on',
  'lock_version',
  'submitted_at',
  'published_at',
  'published_by',
  'created_at',
  'updated_at',
] as const;

type HeadRow = {
  policy_key: string;
  version: number;
  status: VersionStatus;
  content_hash: string;
  subject_version: number;
  change_note: string | null;
  author: string;
  editors: string[];
  reviews: Review[];
  effective_from: Date | null;
  effective_to: Date | null;
  based_on: number | null;
  lock_version: number;
  submitted_at: Date | null;
  published_at: Date | null;
  published_by: string | null;
  created_at: Date;
  updated_at: Date;
};

function toHead(row: HeadRow): StoredVersionHead {
  return {
    policyKey: row.policy_key,
    version: row.version,
    status: row.status,
    contentHash: row.content_hash,
    subjectVersion: row.subject_version,
    changeNote: row.change_note,
    author: row.author,
    editors: row.editors,
    reviews: row.reviews,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    basedOn: row.based_on,
    lockVersion: row.lock_version,
    submittedAt: row.submitted_at,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toVersion(row: HeadRow & { document: PolicyDocument }): StoredVersion {
  return { ...toHead(row), document: row.document };
}

/** Policies matching `filter`, by key. */
export async function listPolicies(db: DbOrTrx, filter: PolicyFilter): Promise<StoredPolicy[]> {
  let query = db.selectFrom('policies').selectAll();
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.subjectKey !== undefined) query = query.where('subject_key', '=', filter.subjectKey);
  // An owner matches by its name in either language, or as written.
  if (filter.owner !== undefined) {
    const owner = filter.owner;
    query = query.where((eb) =>
      eb.or([
        eb(sql`owner->>'zh'`, '=', owner),
        eb(sql`owner->>'en'`, '=', owner),
        eb(sql`owner #>> '{}'`, '=', owner),
      ]),
    );
  }
  if (filter.text !== undefined && filter.text.trim() !== '') {
    const pattern = `%${filter.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('key', 'ilike', pattern),
        eb(sql`title->>'zh'`, 'ilike', pattern),
        eb(sql`title->>'en'`, 'ilike', pattern),
        eb(sql`coalesce(description->>'zh', '')`, 'ilike', pattern),
        eb(sql`coalesce(description->>'en', '')`, 'ilike', pattern),
        eb(sql`coalesce(owner->>'zh', owner->>'en', owner #>> '{}')`, 'ilike', pattern),
        eb(sql`coalesce(owner->>'en', '')`, 'ilike', pattern),
      ]),
    );
  }
  const rows = await query.orderBy('key').execute();
  return rows.map(toStoredPolicy);
}

/** One policy, or undefined. */
export async function findPolicy(db: DbOrTrx, key: string): Promise<StoredPolicy | undefined> {
  const row = await db.selectFrom('policies').selectAll().where('key', '=', key).executeTakeFirst();
  return row === undefined ? undefined : toStoredPolicy(row);
}

/**
 * Locks the policy's row for the rest of `trx` (`SELECT … FOR UPDATE`): every lifecycle step that
 * touches windows or numbers versions takes it, so two of them on one policy run one after the other.
 */
export async function lockPolicy(trx: Trx, key: string): Promise<StoredPolicy | undefined> {
  const row = await trx
    .selectFrom('policies')
    .selectAll()
    .where('key', '=', key)
    .forUpdate()
    .executeTakeFirst();
  return row === undefined ? undefined : toStoredPolicy(row);
}

/** Inserts a policy (a duplicate key violates the primary key). */
export async function insertPolicy(trx: Trx, policy: Policy, createdBy: string, now: Date): Promise<void> {
  await trx
    .insertInto('policies')
    .values({
      key: policy.key,
      kind: policy.kind,
      subject_key: policy.subjectKey,
      title: JSON.stringify(policy.title),
      description: policy.description === undefined ? null : JSON.stringify(policy.description),
      owner: JSON.stringify(policy.owner),
      section: policy.section,
      required_approvals: policy.requiredApprovals,
      last_version: 0,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** Takes the next version number of a locked policy. */
export async function nextVersionNumber(trx: Trx, key: string, now: Date): Promise<number> {
  const row = await trx
    .updateTable('policies')
    .set((eb) => ({ last_version: eb('last_version', '+', 1), updated_at: now }))
    .where('key', '=', key)
    .returning('last_version')
    .executeTakeFirstOrThrow();
  return row.last_version;
}

/** Every version of the policies named (all when undefined), without documents, newest first. */
export async function listVersionHeads(db: DbOrTrx, keys?: readonly string[]): Promise<StoredVersionHead[]> {
  if (keys !== undefined && keys.length === 0) return [];
  let query = db.selectFrom('policy_versions').select(HEAD_COLUMNS);
  if (keys !== undefined) query = query.where('policy_key', 'in', keys);
  const rows = await query.orderBy('policy_key').orderBy('version', 'desc').execute();
  return rows.map(toHead);
}

/** One version with its document, or undefined; `forUpdate` locks the row for the rest of `db`'s transaction. */
export async function findVersion(
  db: DbOrTrx,
  key: string,
  version: number,
  options: { forUpdate?: boolean } = {},
): Promise<StoredVersion | undefined> {
  let query = db
    .selectFrom('policy_versions')
    .select([...HEAD_COLUMNS, 'document'])
    .where('policy_key', '=', key)
    .where('version', '=', version);
  if (options.forUpdate === true) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : toVersion(row);
}

/** The highest version number of a policy, or undefined when it has none. */
export async function newestVersion(db: DbOrTrx, key: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('policy_versions')
    .select(({ fn }) => fn.max('version').as('version'))
    .where('policy_key', '=', key)
    .executeTakeFirst();
  return row?.version ?? undefined;
}

/** Inserts a version. */
export async function insertVersion(trx: Trx, version: StoredVersion): Promise<void> {
  await trx
    .insertInto('policy_versions')
    .values({
      policy_key: version.policyKey,
      version: version.version,
      status: version.status,
      document: JSON.stringify(version.document),
      content_hash: version.contentHash,
      subject_version: version.subjectVersion,
      change_note: version.changeNote,
      author: version.author,
      editors: JSON.stringify(version.editors),
      reviews: JSON.stringify(version.reviews),
      effective_from: version.effectiveFrom,
      effective_to: version.effectiveTo,
      based_on: version.basedOn,
      lock_version: version.lockVersion,
      submitted_at: version.submittedAt,
      published_at: version.publishedAt,
      published_by: version.publishedBy,
      created_at: version.createdAt,
      updated_at: version.updatedAt,
    })
    .execute();
}

/** The fields a lifecycle step may change. */
export type VersionPatch = Partial<
  Pick<
    StoredVersion,
    | 'status'
    | 'document'
    | 'contentHash'
    | 'subjectVersion'
    | 'changeNote'
    | 'editors'
    | 'reviews'
    | 'effectiveFrom'
    | 'effectiveTo'
    | 'submittedAt'
    | 'publishedAt'
    | 'publishedBy'
  >
>;

/**
 * Applies `patch` if the row still has `expectedLockVersion` (and bumps it): the optimistic lock.
 * A patch that changes content applies only to a draft. Returns the updated version, or undefined
 * when the row is gone, was changed in between, or is not a draft for a content change.
 */
export async function updateVersion(
  trx: Trx,
  key: string,
  version: number,
  expectedLockVersion: number,
  patch: VersionPatch,
  now: Date,
): Promise<StoredVersion | undefined> {
  const changesContent =
    patch.document !== undefined || patch.contentHash !== undefined || patch.subjectVersion !== undefined;
  const row = await trx
    .updateTable('policy_versions')
    .set((eb) => ({
      ...(patch.status === undefined ? {} : { status: patch.status }),
      ...(patch.document === undefined ? {} : { document: JSON.stringify(patch.document) }),
      ...(patch.contentHash === undefined ? {} : { content_hash: patch.contentHash }),
      ...(patch.subjectVersion === undefined ? {} : { subject_version: patch.subjectVersion }),
      ...(patch.changeNote === undefined ? {} : { change_note: patch.changeNote }),
      ...(patch.editors === undefined ? {} : { editors: JSON.stringify(patch.editors) }),
      ...(patch.reviews === undefined ? {} : { reviews: JSON.stringify(patch.reviews) }),
      ...(patch.effectiveFrom === undefined ? {} : { effective_from: patch.effectiveFrom }),
      ...(patch.effectiveTo === undefined ? {} : { effective_to: patch.effectiveTo }),
      ...(patch.submittedAt === undefined ? {} : { submitted_at: patch.submittedAt }),
      ...(patch.publishedAt === undefined ? {} : { published_at: patch.publishedAt }),
      ...(patch.publishedBy === undefined ? {} : { published_by: patch.publishedBy }),
      lock_version: eb('lock_version', '+', 1),
      updated_at: now,
    }))
    .where('policy_key', '=', key)
    .where('version', '=', version)
    .where('lock_version', '=', expectedLockVersion)
    // Content changes only on a draft (the trigger says so too, this keeps the store honest alone).
    .$if(changesContent, (query) => query.where('status', '=', 'draft'))
    .returning([...HEAD_COLUMNS, 'document'])
    .executeTakeFirst();
  return row === undefined ? undefined : toVersion(row);
}

/** Deletes a draft if it still has `expectedLockVersion`; true when a row was deleted. */
export async function deleteDraft(
  trx: Trx,
  key: string,
  version: number,
  expectedLockVersion: number,
): Promise<boolean> {
  const result = await trx
    .deleteFrom('policy_versions')
    .where('policy_key', '=', key)
    .where('version', '=', version)
    .where('lock_version', '=', expectedLockVersion)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** A published window of a version (empty windows — cancelled schedules — excluded). */
export interface StoredWindow {
  policyKey: string;
  version: number;
  status: VersionStatus;
  contentHash: string;
  subjectVersion: number;
  effectiveFrom: Date;
  effectiveTo: Date | null;
}

/** Every non-empty published window of a policy (in force, past or scheduled), oldest first. */
export async function listWindows(db: DbOrTrx, key: string): Promise<StoredWindow[]> {
  const rows = await db
    .selectFrom('policy_versions')
    .select([
      'policy_key',
      'version',
      'status',
      'content_hash',
      'subject_version',
      'effective_from',
      'effective_to',
    ])
    .where('policy_key', '=', key)
    .where('effective_from', 'is not', null)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', eb.ref('effective_from'))]))
    .orderBy('effective_from')
    .execute();
  return rows.map((row) => ({
    policyKey: row.policy_key,
    version: row.version,
    status: row.status,
    contentHash: row.content_hash,
    subjectVersion: row.subject_version,
    effectiveFrom: row.effective_from!,
    effectiveTo: row.effective_to,
  }));
}

/** A published version with its document, policy kind and pinned subject version, for bundles. */
export interface BundleRow {
  policyKey: string;
  kind: PolicyKind;
  version: number;
  contentHash: string;
  document: PolicyDocument;
  subjectKey: string;
  subjectVersion: number;
  effectiveFrom: Date;
  effectiveTo: Date | null;
}

/**
 * Published versions of the named policies (all when undefined) whose window contains `asOf` or
 * starts after it, by policy and start.
 */
export async function listBundleRows(
  db: DbOrTrx,
  keys: readonly string[] | undefined,
  asOf: Date,
): Promise<BundleRow[]> {
  let query = db
    .selectFrom('policy_versions as v')
    .innerJoin('policies as p', 'p.key', 'v.policy_key')
    .select([
      'v.policy_key',
      'p.kind',
      'p.subject_key',
      'v.version',
      'v.content_hash',
      'v.document',
      'v.subject_version',
      'v.effective_from',
      'v.effective_to',
    ])
    .where('v.effective_from', 'is not', null)
    .where((eb) => eb.or([eb('v.effective_to', 'is', null), eb('v.effective_to', '>', asOf)]))
    .where((eb) =>
      eb.or([eb('v.effective_to', 'is', null), eb('v.effective_to', '>', eb.ref('v.effective_from'))]),
    );
  if (keys !== undefined) query = query.where('v.policy_key', 'in', keys);
  const rows = await query.orderBy('v.policy_key').orderBy('v.effective_from').execute();
  return rows.map((row) => ({
    policyKey: row.policy_key,
    kind: row.kind as PolicyKind,
    version: row.version,
    contentHash: row.content_hash,
    document: row.document,
    subjectKey: row.subject_key,
    subjectVersion: row.subject_version,
    effectiveFrom: row.effective_from!,
    effectiveTo: row.effective_to,
  }));
}

/** Published versions whose window ended at or before `now`: they are superseded. Locks them. */
export async function findEndedPublished(db: DbOrTrx, now: Date, key?: string): Promise<StoredVersionHead[]> {
  let query = db
    .selectFrom('policy_versions')
    .select(HEAD_COLUMNS)
    .where('status', '=', 'published')
    .where('effective_to', '<=', now);
  if (key !== undefined) query = query.where('policy_key', '=', key);
  const rows = await query.orderBy('policy_key').orderBy('version').forUpdate().execute();
  return rows.map(toHead);
}

/** Sends the publish notification to every instance when `trx` commits. */
export async function notifyPolicyChanged(trx: Trx, channel: string, key: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${key})`.execute(trx);
}
