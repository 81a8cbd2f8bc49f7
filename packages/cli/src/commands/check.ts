// `precept validate` and `precept test`: the offline checks of a policy folder with @precept/rules,
// the same code the server runs — no server needed, so a pipeline can gate a change before import.
import { compile, runTestCase, type TestCaseResult } from '@precept/rules';
import { DEFAULT_TIME_ZONE, textIn } from '@precept/schema';
import {
  formatProblem,
  readPolicyFolder,
  under,
  type LoadedPolicy,
  type PolicyFolder,
} from '../files/folder-read.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { createProgress, type Io } from '../io.js';

/** Options of {@link runValidate} and {@link runTest}. */
export interface CheckOptions {
  quiet: boolean;
}

/** Options of {@link runTest}. */
export interface TestOptions extends CheckOptions {
  /** The time zone dates are read in (the server's `PRECEPT_TIME_ZONE`). */
  timeZone?: string | undefined;
}

/** Prints a folder's problems to stderr; true when there were none. */
function reportProblems(io: Io, folder: PolicyFolder): boolean {
  for (const problem of folder.problems) io.stderr.write(`${formatProblem(problem)}\n`);
  return folder.problems.length === 0;
}

const plural = (count: number, word: string, words = `${word}s`): string =>
  `${count} ${count === 1 ? word : words}`;

/** `precept validate <dir>`: every file parses and every document validates against its subject. */
export async function runValidate(io: Io, dir: string, _options: CheckOptions): Promise<ExitCode> {
  const folder = await readPolicyFolder(dir);
  if (!reportProblems(io, folder)) {
    const files = new Set(folder.problems.map((problem) => problem.file)).size;
    io.stdout.write(`invalid: ${plural(folder.problems.length, 'problem')} in ${plural(files, 'file')}\n`);
    return EXIT.failed;
  }
  io.stdout.write(
    `valid: ${plural(folder.policies.length, 'policy', 'policies')}, ${plural(folder.subjects.size, 'subject')}\n`,
  );
  return EXIT.ok;
}

const show = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

/** The lines explaining one failed test case, each naming the file and JSON path. */
function failureLines(policy: LoadedPolicy, index: number, result: TestCaseResult): string[] {
  const at = `${policy.file} $.testCases[${index}]`;
  const lines = [`${at} "${textIn(result.name, 'en')}": failed`];
  if (result.error !== undefined) {
    const prefix =
      result.error.code === 'FACTS_INVALID' ? `$.testCases[${index}].facts` : `$.testCases[${index}]`;
    lines.push(`  ${result.error.code}: ${result.error.message}`);
    for (const issue of result.error.issues ?? []) {
      lines.push(`  ${policy.file} ${under(prefix, issue.path)}: ${issue.message}`);
    }
  }
  for (const mismatch of result.mismatches) {
    const path = under(`$.testCases[${index}].expect`, mismatch.path);
    lines.push(`  ${policy.file} ${path}: expected ${show(mismatch.expected)}, got ${show(mismatch.actual)}`);
  }
  return lines;
}

/**
 * `precept test <dir>`: validates the folder, then runs every policy's test cases against its
 * document. A case without `asOf` runs as of the exported version's `effectiveFrom`, else now —
 * as the server runs a draft's tests.
 */
export async function runTest(io: Io, dir: string, options: TestOptions): Promise<ExitCode> {
  const folder = await readPolicyFolder(dir);
  const isValid = reportProblems(io, folder);
  const progress = createProgress(io.stderr, options.quiet);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  let passed = 0;
  let failed = 0;
  const summary: string[] = [];
  progress.start('test', folder.policies.length);
  for (const policy of folder.policies) {
    progress.tick(policy.policy.key);
    const compiled = compile(policy.document, policy.subject);
    const defaultAsOf = policy.source?.effectiveFrom ?? io.now().toISOString();
    let policyFailed = 0;
    policy.testCases.forEach((testCase, index) => {
      const result = runTestCase(compiled, testCase, defaultAsOf, timeZone);
      if (result.pass) return;
      policyFailed += 1;
      progress.done();
      for (const line of failureLines(policy, index, result)) io.stderr.write(`${line}\n`);
    });
    const total = policy.testCases.length;
    passed += total - policyFailed;
    failed += policyFailed;
    summary.push(
      `${policyFailed === 0 ? 'PASS' : 'FAIL'} ${policy.policy.key} (${total - policyFailed}/${total})`,
    );
  }
  progress.done();
  for (const line of summary) io.stdout.write(`${line}\n`);
  const skipped = folder.invalidPolicyFiles.length;
  io.stdout.write(
    `${plural(passed, 'test')} passed, ${failed} failed` +
      (skipped > 0 ? `; ${plural(skipped, 'policy file')} not run (invalid)` : '') +
      '\n',
  );
  return isValid && failed === 0 ? EXIT.ok : EXIT.failed;
}
