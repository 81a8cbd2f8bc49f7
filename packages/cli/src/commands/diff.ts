// `precept diff <dir>`: what `import` would change, per subject and per policy.
import type { DocumentChange } from '@precept/schema';
import { formatProblem, readPolicyFolder, type PolicyFolder } from '../files/folder-read.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { createProgress, type Io } from '../io.js';
import { withConnection } from '../server/connection.js';
import {
  compareFolder,
  type FolderComparison,
  type PolicyComparison,
  type SubjectComparison,
} from './compare.js';

/** Options of {@link runDiff}. */
export interface DiffOptions {
  url?: string | undefined;
  quiet: boolean;
  /** Exit with 1 when anything differs (as `git diff --exit-code`). */
  exitCode: boolean;
}

const SYMBOL: Record<DocumentChange['op'], string> = { added: '+', removed: '-', changed: '~', moved: '>' };
const MAX_VALUE = 60;

function shortJson(value: unknown): string {
  const text = value === undefined ? '(unset)' : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** One line per semantic change: `~ $.lines[id=complaints].points.value: 2 → 3`. */
export function formatChange(change: DocumentChange): string {
  const head = `${SYMBOL[change.op]} ${change.path}`;
  return change.op === 'changed' ? `${head}: ${shortJson(change.before)} → ${shortJson(change.after)}` : head;
}

const pad = (state: string): string => state.padEnd(12);

function subjectLines(comparison: SubjectComparison): string[] {
  switch (comparison.state) {
    case 'only-local':
      return [`${pad('only local')}${comparison.key}`];
    case 'only-server':
      return [`${pad('only server')}${comparison.key} (v${comparison.server.version})`];
    case 'unchanged':
      return [`${pad('unchanged')}${comparison.key} (v${comparison.server.version})`];
    case 'changed':
      return [
        `${pad('changed')}${comparison.key} (against v${comparison.server.version}: ${comparison.server.contentHash.slice(0, 12)} → ${comparison.localHash.slice(0, 12)})`,
      ];
  }
}

/** The lines `diff` prints for one policy. */
export function policyLines(comparison: PolicyComparison): string[] {
  switch (comparison.state) {
    case 'only-local':
      return [`${pad('only local')}${comparison.key}`];
    case 'only-server':
      return [`${pad('only server')}${comparison.key}`];
    case 'unchanged':
    case 'changed': {
      const { target, tests } = comparison;
      const head = `${pad(comparison.state)}${comparison.key} (v${target.version} ${target.status})`;
      const lines = [head, ...comparison.changes.map((change) => `    ${formatChange(change)}`)];
      if (tests.added + tests.removed + tests.changed > 0) {
        lines.push(
          `    test cases: ${tests.added} added, ${tests.removed} removed, ${tests.changed} changed`,
        );
      }
      if (comparison.metadata.length > 0) {
        lines.push(
          `    note: policy ${comparison.metadata.join(', ')} differ(s) from the server's; an import cannot change them`,
        );
      }
      return lines;
    }
  }
}

/** Prints a folder's problems; true when it has none. */
export function reportFolderProblems(io: Io, folder: PolicyFolder): boolean {
  for (const problem of folder.problems) io.stderr.write(`${formatProblem(problem)}\n`);
  if (folder.problems.length === 0) return true;
  io.stderr.write(
    `the folder does not validate (${folder.problems.length} problems); fix it first (precept validate)\n`,
  );
  return false;
}

/** True when the comparison finds any difference. */
export function hasDifferences(comparison: FolderComparison): boolean {
  return (
    comparison.subjects.some((subject) => subject.state !== 'unchanged') ||
    comparison.policies.some((policy) => policy.state !== 'unchanged')
  );
}

/** `precept diff <dir>`: compares the folder with the server. */
export async function runDiff(io: Io, dir: string, options: DiffOptions): Promise<ExitCode> {
  const folder = await readPolicyFolder(dir);
  if (!reportFolderProblems(io, folder)) return EXIT.failed;
  return withConnection(io, options.url, async (connection) => {
    const comparison = await compareFolder(connection, folder, createProgress(io.stderr, options.quiet));
    io.stdout.write('subjects:\n');
    for (const subject of comparison.subjects) {
      for (const line of subjectLines(subject)) io.stdout.write(`  ${line}\n`);
    }
    io.stdout.write('policies:\n');
    for (const policy of comparison.policies) {
      for (const line of policyLines(policy)) io.stdout.write(`  ${line}\n`);
    }
    return options.exitCode && hasDifferences(comparison) ? EXIT.failed : EXIT.ok;
  });
}
