// What a policy folder would change on a server: the comparison `diff` prints and `import` acts on,
// so the two never disagree. Each local policy is compared with the server version an import would
// edit — the newest open version (draft, in review, approved) if there is one, else the version in
// force, else the scheduled one, else the newest — by content hash, with a semantic diff of the
// document (`diffDocuments`) and a count of test-case changes.
import { canonicalJson, contentHash, diffDocuments } from '@precept/rules';
import type {
  DocumentChange,
  PolicyDocument,
  PolicySummary,
  StoredTestCase,
  SubjectVersion,
  VersionStatus,
} from '@precept/schema';
import type { LoadedPolicy, LoadedSubject, PolicyFolder } from '../files/folder-read.js';
import type { Progress } from '../io.js';
import { call, type Connection } from '../server/connection.js';

/** A test case without its server identity: what the folder stores. */
type PlainTestCase = Omit<StoredTestCase, 'id' | 'policyKey' | 'version'>;

/** How a folder's test cases differ from a version's, position by position. */
export interface TestCaseChanges {
  added: number;
  removed: number;
  changed: number;
}

/** The server version a local policy is compared with (and an import edits or starts from). */
export interface ServerTarget {
  version: number;
  status: VersionStatus;
  lockVersion: number;
  contentHash: string;
  document: PolicyDocument;
  testCases: StoredTestCase[];
  /** True for an open version (draft, in review, approved); false for a published or older one. */
  isOpen: boolean;
}

/** One policy's comparison. */
export type PolicyComparison =
  | { key: string; state: 'only-local'; local: LoadedPolicy }
  | { key: string; state: 'only-server'; summary: PolicySummary }
  | {
      key: string;
      state: 'unchanged' | 'changed';
      local: LoadedPolicy;
      summary: PolicySummary;
      target: ServerTarget;
      localHash: string;
      changes: DocumentChange[];
      tests: TestCaseChanges;
      /** Top-level policy metadata fields that differ (the API cannot change them). */
      metadata: string[];
    };

/** One subject's comparison. */
export type SubjectComparison =
  | { key: string; state: 'only-local'; local: LoadedSubject; localHash: string }
  | { key: string; state: 'only-server'; server: SubjectVersion }
  | {
      key: string;
      state: 'unchanged' | 'changed';
      local: LoadedSubject;
      localHash: string;
      server: SubjectVersion;
    };

/** The whole comparison of a folder with a server. */
export interface FolderComparison {
  subjects: SubjectComparison[];
  policies: PolicyComparison[];
}

/** A stored test case without its server identity (id, policy key, version). */
export const plainOf = ({
  id: _id,
  policyKey: _key,
  version: _version,
  ...testCase
}: StoredTestCase): PlainTestCase => testCase;

/** True when two test cases are equal in content. */
export function isSameTestCase(a: PlainTestCase, b: PlainTestCase): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Position-by-position differences between the folder's test cases and a version's. */
export function compareTestCases(
  local: readonly PlainTestCase[],
  server: readonly StoredTestCase[],
): TestCaseChanges {
  const shared = Math.min(local.length, server.length);
  let changed = 0;
  for (let index = 0; index < shared; index += 1) {
    if (!isSameTestCase(local[index]!, plainOf(server[index]!))) changed += 1;
  }
  return {
    added: Math.max(0, local.length - server.length),
    removed: Math.max(0, server.length - local.length),
    changed,
  };
}

/**
 * The version of a policy `export` writes: in force, else scheduled, else the newest; with
 * `preferOpen`, the newest open version (draft, in review, approved) first. Undefined without versions.
 */
export function exportedVersionOf(summary: PolicySummary, preferOpen: boolean): number | undefined {
  const newestOpen = Math.max(0, ...summary.pending.map((pending) => pending.version));
  if (preferOpen && newestOpen > 0) return newestOpen;
  return summary.inForce?.version ?? summary.scheduled?.version ?? summary.latest?.version;
}

/** The version a comparison targets (and an import edits or starts from): the newest open one first. */
export function targetVersionOf(summary: PolicySummary): number | undefined {
  return exportedVersionOf(summary, true);
}

const METADATA_FIELDS = [
  'kind',
  'subjectKey',
  'title',
  'description',
  'owner',
  'section',
  'requiredApprovals',
] as const;

async function comparePolicy(
  connection: Connection,
  local: LoadedPolicy,
  summary: PolicySummary,
): Promise<PolicyComparison> {
  const key = local.policy.key;
  const localHash = contentHash(local.document);
  const version = targetVersionOf(summary);
  if (version === undefined) return { key, state: 'only-local', local };
  const { api } = connection;
  const detail = await call(connection, `read ${key} v${version}`, () =>
    api.policies.getVersion.query({ policyKey: key, version }),
  );
  const testCases = await call(connection, `read the test cases of ${key} v${version}`, () =>
    api.testCases.list.query({ policyKey: key, version }),
  );
  const tests = compareTestCases(local.testCases, testCases);
  const metadata = METADATA_FIELDS.filter(
    (field) => canonicalJson(local.policy[field] ?? null) !== canonicalJson(summary.policy[field] ?? null),
  );
  const isSame = localHash === detail.contentHash && tests.added + tests.removed + tests.changed === 0;
  return {
    key,
    state: isSame ? 'unchanged' : 'changed',
    local,
    summary,
    target: {
      version: detail.version,
      status: detail.status,
      lockVersion: detail.lockVersion,
      contentHash: detail.contentHash,
      document: detail.document,
      testCases,
      isOpen: summary.pending.some((pending) => pending.version === detail.version),
    },
    localHash,
    changes: localHash === detail.contentHash ? [] : diffDocuments(detail.document, local.document),
    tests,
    metadata: [...metadata],
  };
}

/** Compares every subject and policy of `folder` with the server's. */
export async function compareFolder(
  connection: Connection,
  folder: PolicyFolder,
  progress: Progress,
): Promise<FolderComparison> {
  const { api } = connection;
  const serverSubjects = await call(connection, 'list subjects', () => api.subjects.list.query());
  const serverPolicies = await call(connection, 'list policies', () => api.policies.list.query({}));

  const subjectsByKey = new Map(serverSubjects.map((subject) => [subject.key, subject]));
  const subjects: SubjectComparison[] = [];
  for (const [key, local] of [...folder.subjects].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const localHash = contentHash(local.subject);
    const server = subjectsByKey.get(key);
    subjects.push(
      server === undefined
        ? { key, state: 'only-local', local, localHash }
        : {
            key,
            state: server.contentHash === localHash ? 'unchanged' : 'changed',
            local,
            localHash,
            server,
          },
    );
  }
  for (const server of serverSubjects) {
    if (!folder.subjects.has(server.key)) subjects.push({ key: server.key, state: 'only-server', server });
  }

  const summariesByKey = new Map(serverPolicies.map((summary) => [summary.policy.key, summary]));
  const policies: PolicyComparison[] = [];
  progress.start('compare', folder.policies.length);
  for (const local of folder.policies) {
    progress.tick(local.policy.key);
    const summary = summariesByKey.get(local.policy.key);
    policies.push(
      summary === undefined
        ? { key: local.policy.key, state: 'only-local', local }
        : await comparePolicy(connection, local, summary),
    );
  }
  progress.done();
  const localKeys = new Set(folder.policies.map((policy) => policy.policy.key));
  const invalidKeys = new Set(folder.invalidPolicyFiles.map((file) => file.replace(/^.*\/|\.json$/g, '')));
  for (const summary of serverPolicies) {
    const key = summary.policy.key;
    if (!localKeys.has(key) && !invalidKeys.has(key)) policies.push({ key, state: 'only-server', summary });
  }
  return { subjects, policies };
}
