// Reads a policy folder and checks every file offline: JSON syntax, the file's own shape, each
// subject (validateSubject) and each policy document against its subject (validate) — the same
// checks the server runs on a draft. Every problem names the file and the JSON path inside it.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { validate, validateSubject, zodIssuesToIssues } from '@precept/rules';
import type { Issue, Policy, PolicyDocument, Subject } from '@precept/schema';
import type { z } from 'zod';
import {
  MANIFEST_FILE,
  ManifestSchema,
  POLICIES_DIR,
  PolicyFileSchema,
  SUBJECTS_DIR,
  SubjectFileSchema,
  keyOfFileName,
  type PolicySource,
} from './folder-format.js';
import { readJsonFile } from './json-file.js';
import { CliError, EXIT } from '../exit-codes.js';

/** One problem in one file: `policies/service-targets.json $.document.targets[0].condition: …`. */
export interface FileProblem {
  /** Folder-relative path with forward slashes. */
  file: string;
  /** JSON path inside the file (`$` for the whole file). */
  path: string;
  message: string;
}

/** Formats a problem as one line. */
export function formatProblem(problem: FileProblem): string {
  return `${problem.file} ${problem.path}: ${problem.message}`;
}

/** A subject file that validated. */
export interface LoadedSubject {
  file: string;
  subject: Subject;
  source?: { version: number; contentHash: string } | undefined;
}

/** A policy file whose metadata and document validated against its subject. */
export interface LoadedPolicy {
  file: string;
  policy: Policy;
  /** The document as the server would store it (defaults applied). */
  document: PolicyDocument;
  subject: Subject;
  source?: PolicySource | undefined;
  testCases: z.infer<typeof PolicyFileSchema>['testCases'];
}

/** A folder as read: what validated, and every problem found. */
export interface PolicyFolder {
  dir: string;
  subjects: Map<string, LoadedSubject>;
  policies: LoadedPolicy[];
  /** Policy files that could not be loaded (their problems are in `problems`). */
  invalidPolicyFiles: string[];
  problems: FileProblem[];
}

/** `$.a` re-rooted under a prefix: `under('$.document', '$.targets[0]')` is `$.document.targets[0]`. */
export function under(prefix: string, path: string): string {
  return `${prefix}${path.startsWith('$') ? path.slice(1) : `.${path}`}`;
}

const problemsOf = (file: string, prefix: string, issues: readonly Issue[]): FileProblem[] =>
  issues.map((issue) => ({ file, path: under(prefix, issue.path), message: issue.message }));

async function listJsonFiles(dir: string, sub: string, problems: FileProblem[]): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(join(dir, sub));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const name of names.sort()) {
    if (!name.endsWith('.json')) continue;
    if (keyOfFileName(name) === undefined) {
      problems.push({
        file: `${sub}/${name}`,
        path: '$',
        message: 'the file name must be a key in lower-case kebab-case followed by .json',
      });
      continue;
    }
    files.push(`${sub}/${name}`);
  }
  return files;
}

/** Parses one file with `schema`; problems go to `problems`. */
async function readShaped<S extends z.ZodType>(
  dir: string,
  file: string,
  schema: S,
  problems: FileProblem[],
): Promise<z.output<S> | undefined> {
  const read = await readJsonFile(join(dir, file));
  if (!read.ok) {
    problems.push({ file, path: '$', message: `not valid JSON: ${read.message}` });
    return undefined;
  }
  const parsed = schema.safeParse(read.value);
  if (!parsed.success) {
    problems.push(...problemsOf(file, '$', zodIssuesToIssues(parsed.error.issues)));
    return undefined;
  }
  return parsed.data;
}

async function readSubjects(dir: string, problems: FileProblem[]): Promise<Map<string, LoadedSubject>> {
  const subjects = new Map<string, LoadedSubject>();
  for (const file of await listJsonFiles(dir, SUBJECTS_DIR, problems)) {
    const data = await readShaped(dir, file, SubjectFileSchema, problems);
    if (data === undefined) continue;
    const result = validateSubject(data.subject);
    if (!result.ok) {
      problems.push(...problemsOf(file, '$.subject', result.issues));
      continue;
    }
    const expected = keyOfFileName(file.slice(SUBJECTS_DIR.length + 1));
    if (result.subject.key !== expected) {
      problems.push({ file, path: '$.subject.key', message: `must be "${expected}", the file's name` });
      continue;
    }
    subjects.set(result.subject.key, { file, subject: result.subject, source: data.source });
  }
  return subjects;
}

/**
 * Reads and validates the policy folder `dir`. Throws a usage error when `dir` is not a policy
 * folder at all (no `precept.json`); every problem inside one is returned, not thrown.
 */
export async function readPolicyFolder(dir: string): Promise<PolicyFolder> {
  const problems: FileProblem[] = [];
  const manifest = await readJsonFile(join(dir, MANIFEST_FILE));
  if (!manifest.ok) {
    throw new CliError(
      EXIT.usage,
      `${dir} is not a policy folder: ${MANIFEST_FILE} cannot be read (${manifest.message}); create one with \`precept export ${dir}\``,
    );
  }
  const marker = ManifestSchema.safeParse(manifest.value);
  if (!marker.success) {
    problems.push(...problemsOf(MANIFEST_FILE, '$', zodIssuesToIssues(marker.error.issues)));
  }

  const subjects = await readSubjects(dir, problems);
  const policies: LoadedPolicy[] = [];
  const invalidPolicyFiles: string[] = [];
  for (const file of await listJsonFiles(dir, POLICIES_DIR, problems)) {
    const before = problems.length;
    const loaded = await readPolicy(dir, file, subjects, problems);
    if (loaded !== undefined) policies.push(loaded);
    else if (problems.length > before) invalidPolicyFiles.push(file);
  }
  return { dir, subjects, policies, invalidPolicyFiles, problems };
}

async function readPolicy(
  dir: string,
  file: string,
  subjects: ReadonlyMap<string, LoadedSubject>,
  problems: FileProblem[],
): Promise<LoadedPolicy | undefined> {
  const data = await readShaped(dir, file, PolicyFileSchema, problems);
  if (data === undefined) return undefined;
  const { policy } = data;
  const expected = keyOfFileName(file.slice(POLICIES_DIR.length + 1));
  if (policy.key !== expected) {
    problems.push({ file, path: '$.policy.key', message: `must be "${expected}", the file's name` });
    return undefined;
  }
  const subject = subjects.get(policy.subjectKey)?.subject;
  if (subject === undefined) {
    problems.push({
      file,
      path: '$.policy.subjectKey',
      message: `subject "${policy.subjectKey}" is not in ${SUBJECTS_DIR}/ (or does not validate)`,
    });
    return undefined;
  }
  const result = validate(data.document, subject);
  if (!result.ok) {
    problems.push(...problemsOf(file, '$.document', result.issues));
    return undefined;
  }
  if (result.document.kind !== policy.kind) {
    problems.push({
      file,
      path: '$.document.kind',
      message: `is "${result.document.kind}" but the policy is of kind "${policy.kind}"`,
    });
    return undefined;
  }
  return { file, policy, document: result.document, subject, source: data.source, testCases: data.testCases };
}
