// `precept export <dir>`: the server's policies, subjects and test cases as a policy folder.
//
// Which version of a policy is exported: the one in force now; else the scheduled one; else the
// newest version (a policy that was never published). With `--drafts`, the newest open version
// (draft, in review or approved) wins when there is one — for an author who started in the console
// and continues in git. One document per policy keeps the file what an import would make of it;
// the version it came from, its status and content hash are in the file's `source`.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PolicySummary } from '@precept/schema';
import {
  FOLDER_FORMAT,
  MANIFEST_FILE,
  POLICIES_DIR,
  SUBJECTS_DIR,
  policyFileOf,
  subjectFileOf,
  type PolicyFile,
  type SubjectFile,
} from '../files/folder-format.js';
import { writeJsonFile } from '../files/json-file.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { createProgress, type Io } from '../io.js';
import { call, withConnection, type Connection } from '../server/connection.js';
import { exportedVersionOf } from './compare.js';

/** Options of {@link runExport}. */
export interface ExportOptions {
  url?: string | undefined;
  quiet: boolean;
  /** Export the newest open version (draft, in review, approved) where there is one. */
  drafts: boolean;
}

/** Reads one policy's exported version and its test cases from the server as a policy file. */
async function fetchPolicyFile(
  connection: Connection,
  summary: PolicySummary,
  version: number,
): Promise<PolicyFile> {
  const { api } = connection;
  const key = summary.policy.key;
  const detail = await call(connection, `read ${key} v${version}`, () =>
    api.policies.getVersion.query({ policyKey: key, version }),
  );
  const cases = await call(connection, `read the test cases of ${key} v${version}`, () =>
    api.testCases.list.query({ policyKey: key, version }),
  );
  return {
    policy: summary.policy,
    source: {
      version: detail.version,
      status: detail.status,
      contentHash: detail.contentHash,
      effectiveFrom: detail.effectiveFrom,
    },
    document: detail.document,
    testCases: cases.map(({ id: _id, policyKey: _key, version: _version, ...testCase }) => testCase),
  };
}

/** `precept export <dir>`: writes precept.json, subjects/<key>.json and policies/<key>.json. */
export async function runExport(io: Io, dir: string, options: ExportOptions): Promise<ExitCode> {
  return withConnection(io, options.url, async (connection) => {
    const { api } = connection;
    const subjects = await call(connection, 'list subjects', () => api.subjects.list.query());
    const policies = await call(connection, 'list policies', () => api.policies.list.query({}));
    await mkdir(join(dir, SUBJECTS_DIR), { recursive: true });
    await mkdir(join(dir, POLICIES_DIR), { recursive: true });
    await writeJsonFile(join(dir, MANIFEST_FILE), { format: FOLDER_FORMAT });

    const progress = createProgress(io.stderr, options.quiet);
    progress.start('export', subjects.length + policies.length);
    for (const stored of subjects) {
      progress.tick(stored.key);
      const file: SubjectFile = {
        subject: stored.subject,
        source: { version: stored.version, contentHash: stored.contentHash },
      };
      await writeJsonFile(join(dir, subjectFileOf(stored.key)), file);
    }
    let written = 0;
    for (const summary of policies) {
      progress.tick(summary.policy.key);
      const version = exportedVersionOf(summary, options.drafts);
      if (version === undefined) {
        progress.done();
        io.stderr.write(`warning: ${summary.policy.key} has no version; not exported\n`);
        continue;
      }
      await writeJsonFile(
        join(dir, policyFileOf(summary.policy.key)),
        await fetchPolicyFile(connection, summary, version),
      );
      written += 1;
    }
    progress.done();
    io.stdout.write(
      `exported ${written} policies and ${subjects.length} subjects from ${connection.url} to ${dir}\n`,
    );
    return EXIT.ok;
  });
}
