// `precept import <dir> --reason "…"`: the folder's changes as drafts on the server, each carrying
// the reason as its change note. It never submits, approves or publishes: a person reviews the
// drafts in the console (separation of duties). Unchanged policies are skipped.
import { canonicalJson } from '@precept/rules';
import { textIn, type StoredTestCase } from '@precept/schema';
import { readPolicyFolder, type LoadedPolicy } from '../files/folder-read.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { createProgress, type Io } from '../io.js';
import { call, withConnection, type Connection } from '../server/connection.js';
import { compareFolder, isSameTestCase, plainOf, type PolicyComparison } from './compare.js';
import { reportFolderProblems } from './diff.js';

/** Options of {@link runImport}. */
export interface ImportOptions {
  url?: string | undefined;
  quiet: boolean;
  /** Why: the change note of every draft and subject version the import writes. */
  reason: string;
}

/** Makes the test cases of draft `version` equal the folder's, position by position. */
async function syncTestCases(
  connection: Connection,
  local: LoadedPolicy,
  version: number,
  existing: readonly StoredTestCase[],
): Promise<void> {
  const { api } = connection;
  const policyKey = local.policy.key;
  for (const [index, testCase] of local.testCases.entries()) {
    const current = existing[index];
    if (current === undefined) {
      await call(
        connection,
        `add test case "${textIn(testCase.name, 'en')}" to ${policyKey} v${version}`,
        () => api.testCases.create.mutate({ policyKey, version, testCase }),
      );
    } else if (!isSameTestCase(testCase, plainOf(current))) {
      await call(
        connection,
        `update test case "${textIn(testCase.name, 'en')}" of ${policyKey} v${version}`,
        () => api.testCases.update.mutate({ policyKey, version, id: current.id, testCase }),
      );
    }
  }
  for (const extra of existing.slice(local.testCases.length)) {
    await call(connection, `delete test case "${textIn(extra.name, 'en')}" of ${policyKey} v${version}`, () =>
      api.testCases.delete.mutate({ policyKey, version, id: extra.id }),
    );
  }
}

/** What the import did with one policy, as one line. */
async function importPolicy(
  connection: Connection,
  comparison: PolicyComparison,
  reason: string,
): Promise<string> {
  const { api } = connection;
  switch (comparison.state) {
    case 'only-server':
      return `kept        ${comparison.key} (not in the folder)`;
    case 'unchanged':
      return `unchanged   ${comparison.key} (v${comparison.target.version} ${comparison.target.status})`;
    case 'only-local': {
      const { local } = comparison;
      const created = await call(connection, `create ${comparison.key}`, () =>
        api.policies.create.mutate({ policy: local.policy, document: local.document, changeNote: reason }),
      );
      await syncTestCases(connection, local, created.version.version, []);
      return `created     ${comparison.key} v${created.version.version} (draft)`;
    }
    case 'changed': {
      const { local, target } = comparison;
      const key = comparison.key;
      if (target.isOpen && target.status !== 'draft') {
        throw new CliError(
          EXIT.server,
          `${key}: v${target.version} is ${target.status.replace('_', ' ')}; import does not reopen a version under review — approve and publish or reject it first`,
        );
      }
      let draft: { version: number; lockVersion: number; testCases: readonly StoredTestCase[] } = target;
      let note = `v${target.version} (draft)`;
      if (!target.isOpen) {
        const created = await call(connection, `create a draft of ${key} from v${target.version}`, () =>
          api.policies.createDraft.mutate({ policyKey: key, fromVersion: target.version }),
        );
        const testCases = await call(connection, `read the test cases of ${key} v${created.version}`, () =>
          api.testCases.list.query({ policyKey: key, version: created.version }),
        );
        draft = { version: created.version, lockVersion: created.lockVersion, testCases };
        note = `v${created.version} (new draft from v${target.version})`;
      }
      const updated = await call(connection, `update ${key} v${draft.version}`, () =>
        api.policies.updateDraft.mutate({
          policyKey: key,
          version: draft.version,
          lockVersion: draft.lockVersion,
          document: local.document,
          changeNote: reason,
        }),
      );
      await syncTestCases(connection, local, updated.version, draft.testCases);
      const warning =
        comparison.metadata.length > 0
          ? `; note: policy ${comparison.metadata.join(', ')} differ(s) and cannot be changed by an import`
          : '';
      return `updated     ${key} ${note}${warning}`;
    }
  }
}

/** `precept import <dir> --reason "…"`. */
export async function runImport(io: Io, dir: string, options: ImportOptions): Promise<ExitCode> {
  if (options.reason.trim() === '')
    throw new CliError(EXIT.usage, '--reason must say why (it must not be empty)');
  const folder = await readPolicyFolder(dir);
  if (!reportFolderProblems(io, folder)) return EXIT.failed;
  return withConnection(io, options.url, async (connection) => {
    const { api } = connection;
    const progress = createProgress(io.stderr, options.quiet);
    const comparison = await compareFolder(connection, folder, progress);
    // Subjects first: a new policy is checked against its subject on the server.
    for (const subject of comparison.subjects) {
      if (subject.state !== 'only-local' && subject.state !== 'changed') continue;
      const saved = await call(connection, `save subject ${subject.key}`, () =>
        api.subjects.save.mutate({ subject: subject.local.subject, changeNote: options.reason }),
      );
      io.stdout.write(`subject     ${subject.key} v${saved.version}\n`);
    }
    let failures = 0;
    progress.start('import', comparison.policies.length);
    for (const policy of comparison.policies) {
      progress.tick(policy.key);
      try {
        const line = await importPolicy(connection, policy, options.reason);
        progress.done();
        io.stdout.write(`${line}\n`);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        failures += 1;
        progress.done();
        io.stderr.write(`error: ${error.message}\n`);
        for (const detail of error.details) io.stderr.write(`  ${detail}\n`);
      }
    }
    progress.done();
    const changed = comparison.policies.filter(
      (p) => p.state === 'changed' || p.state === 'only-local',
    ).length;
    io.stdout.write(
      `${changed - failures} of ${changed} changed policies imported as drafts (reason: ${canonicalJson(options.reason)})` +
        (failures > 0 ? `; ${failures} refused` : '') +
        '\n',
    );
    return failures > 0 ? EXIT.server : EXIT.ok;
  });
}
