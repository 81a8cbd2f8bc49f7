// Test helpers: a policy folder written from the guideline's default policies (no server), and an
// in-memory Io whose output the tests read.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GUIDELINE_EFFECTIVE_FROM, GUIDELINE_POLICIES, GUIDELINE_SUBJECTS } from '@precept/schema';
import { FOLDER_FORMAT } from '../src/files/folder-format.js';
import { stableJson } from '../src/files/json-file.js';
import type { Io } from '../src/io.js';

/** A fresh temporary folder. */
export function tempDir(prefix = 'precept-cli-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Removes a temporary folder. */
export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Writes the guideline's subjects and policies (with their test cases) as a policy folder. */
export async function writeGuidelineFolder(dir: string): Promise<void> {
  await mkdir(join(dir, 'subjects'), { recursive: true });
  await mkdir(join(dir, 'policies'), { recursive: true });
  await writeFile(join(dir, 'precept.json'), stableJson({ format: FOLDER_FORMAT }));
  for (const subject of GUIDELINE_SUBJECTS) {
    await writeFile(join(dir, 'subjects', `${subject.key}.json`), stableJson({ subject }));
  }
  for (const entry of GUIDELINE_POLICIES) {
    const file = {
      policy: entry.policy,
      source: {
        version: 1,
        status: 'published',
        contentHash: '0'.repeat(64),
        effectiveFrom: GUIDELINE_EFFECTIVE_FROM,
      },
      document: entry.document,
      testCases: entry.testCases.map(({ id: _id, ...testCase }) => testCase),
    };
    await writeFile(join(dir, 'policies', `${entry.policy.key}.json`), stableJson(file));
  }
}

/**
 * A JSON object a test edits in place. Edits reach deep into documents of every kind, where a
 * precise type would take more lines than the edit; a test that goes astray fails at run time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = Record<string, any>;

/** Reads, edits and writes back one JSON file of a folder. */
export async function editJson(file: string, edit: (value: LooseJson) => void): Promise<void> {
  const value = JSON.parse(await readFile(file, 'utf8')) as LooseJson;
  edit(value);
  await writeFile(file, stableJson(value));
}

/** An Io collecting stdout and stderr, with the given environment. */
export function memoryIo(
  env: Record<string, string | undefined> = {},
  stdin = '',
): Io & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env,
    readStdin: () => Promise.resolve(stdin),
    now: () => new Date('2026-06-30T00:00:00Z'),
    out: () => out,
    err: () => err,
  };
}
