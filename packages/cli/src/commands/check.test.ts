import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GUIDELINE_POLICIES, GUIDELINE_SUBJECTS, textIn } from '@precept/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  editJson,
  memoryIo,
  type LooseJson,
  removeDir,
  tempDir,
  writeGuidelineFolder,
} from '../../test/fixtures.js';
import { runCli } from '../cli.js';
import { EXIT } from '../exit-codes.js';

const SCORECARD = 'policies/service-performance-scorecard.json';
const totalTests = GUIDELINE_POLICIES.reduce((sum, entry) => sum + entry.testCases.length, 0);

describe('validate and test, offline', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
    await writeGuidelineFolder(dir);
  });
  afterEach(() => removeDir(dir));

  it('accepts the guideline and passes all its test cases', async () => {
    const io = memoryIo();
    expect(await runCli(['validate', dir], io)).toBe(EXIT.ok);
    expect(io.out()).toBe(
      `valid: ${GUIDELINE_POLICIES.length} policies, ${GUIDELINE_SUBJECTS.length} subjects\n`,
    );
    const tested = memoryIo();
    expect(await runCli(['test', dir], tested)).toBe(EXIT.ok);
    expect(tested.out()).toContain(`PASS service-performance-scorecard (5/5)`);
    expect(tested.out()).toContain(`${totalTests} tests passed, 0 failed`);
    expect(tested.err()).toBe('');
  });

  it.each([
    {
      name: 'an unknown fact in a condition',
      file: SCORECARD,
      edit: (file: LooseJson) => {
        file.document.lines[1].condition.all[0].fact = 'noSuchFact';
      },
      expected: `${SCORECARD} $.document.lines[1].condition.all[0].fact: the subject has no fact "noSuchFact"`,
    },
    {
      name: 'a document of another kind than its policy',
      file: SCORECARD,
      edit: (file: LooseJson) => {
        file.policy.kind = 'standard';
      },
      expected: `${SCORECARD} $.document.kind: is "scorecard" but the policy is of kind "standard"`,
    },
    {
      name: 'a subject the folder does not have',
      file: SCORECARD,
      edit: (file: LooseJson) => {
        file.policy.subjectKey = 'branch-office';
      },
      expected: `${SCORECARD} $.policy.subjectKey: subject "branch-office" is not in subjects/`,
    },
    {
      name: 'a test case without facts',
      file: SCORECARD,
      edit: (file: LooseJson) => {
        delete file.testCases[2].facts;
      },
      expected: `${SCORECARD} $.testCases[2].facts: required`,
    },
    {
      name: 'a key that is not the file name',
      file: SCORECARD,
      edit: (file: LooseJson) => {
        file.policy.key = 'scorecard';
      },
      expected: `${SCORECARD} $.policy.key: must be "service-performance-scorecard", the file's name`,
    },
    {
      name: 'a subject field of an unknown type',
      file: 'subjects/outlet-period.json',
      edit: (file: LooseJson) => {
        file.subject.fields[0].type = 'money';
      },
      expected: 'subjects/outlet-period.json $.subject.fields[0].type: ',
    },
  ])('names the file and JSON path of $name', async ({ file, edit, expected }) => {
    await editJson(join(dir, file), edit);
    const io = memoryIo();
    expect(await runCli(['validate', dir], io)).toBe(EXIT.failed);
    expect(io.err()).toContain(expected);
    expect(io.out()).toMatch(/^invalid: \d+ problems? in \d+ files?\n$/);
  });

  it('names the line and column of a JSON syntax error', async () => {
    await writeFile(join(dir, SCORECARD), '{\n  "policy": {\n    "key": "x",,\n  }\n}\n');
    const io = memoryIo();
    expect(await runCli(['validate', dir], io)).toBe(EXIT.failed);
    expect(io.err()).toMatch(new RegExp(`^${SCORECARD} \\$: not valid JSON: .*line 3, column 16`, 'm'));
  });

  it('refuses a folder without precept.json as a usage error', async () => {
    await rm(join(dir, 'precept.json'));
    const io = memoryIo();
    expect(await runCli(['test', dir], io)).toBe(EXIT.usage);
    expect(io.err()).toContain('is not a policy folder: precept.json cannot be read');
  });

  it('reports a failing expectation at its path in the file, and still runs the other policies', async () => {
    await editJson(join(dir, SCORECARD), (file) => {
      file.testCases[0].expect.total = 999;
    });
    const io = memoryIo();
    expect(await runCli(['test', dir], io)).toBe(EXIT.failed);
    expect(io.err()).toContain(
      `${SCORECARD} $.testCases[0] "${textIn(GUIDELINE_POLICIES.find((p) => p.policy.key === 'service-performance-scorecard')!.testCases[0]!.name, 'en')}": failed`,
    );
    expect(io.err()).toContain(`${SCORECARD} $.testCases[0].expect.total: expected 999, got 110`);
    expect(io.out()).toContain('FAIL service-performance-scorecard (4/5)');
    expect(io.out()).toContain('PASS service-targets (4/4)');
    expect(io.out()).toContain(`${totalTests - 1} tests passed, 1 failed`);
  });

  it('reports facts that do not match the subject under the test case facts', async () => {
    await editJson(join(dir, SCORECARD), (file) => {
      file.testCases[1].facts.complaints = 'many';
    });
    const io = memoryIo();
    expect(await runCli(['test', dir], io)).toBe(EXIT.failed);
    expect(io.err()).toContain(`${SCORECARD} $.testCases[1].facts.complaints: `);
  });
});
