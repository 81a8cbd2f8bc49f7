import { z } from 'zod';
import { IdSchema, KeySchema, LocalizedNameSchema } from '../common.js';
import { AppErrorDataSchema } from '../errors.js';
import { OutcomeSchema } from '../outcome.js';
import { TestCaseSchema } from '../policy.js';

/** A version number. */
const VersionNumberSchema = z.number().int().positive();

/**
 * A test case as stored: part of one version of a policy, with an id. A version's test cases are
 * frozen with its content: they change only while it is a draft (an edit to a version in review or
 * approved sends it back to draft, like an edit of its document), and a new draft starts with a
 * copy of the tests of the version it is based on.
 */
export const StoredTestCaseSchema = TestCaseSchema.extend({
  id: IdSchema,
  policyKey: KeySchema,
  version: VersionNumberSchema,
});
/** A stored test case. */
export type StoredTestCase = z.infer<typeof StoredTestCaseSchema>;

/** `testCases.list`: the test cases of one version (by default the policy's newest version). */
export const TestCaseListInputSchema = z.object({
  policyKey: KeySchema,
  version: VersionNumberSchema.optional(),
});
/** `testCases.create`: adds a test case to a draft. */
export const TestCaseCreateInputSchema = z.object({
  policyKey: KeySchema,
  version: VersionNumberSchema,
  testCase: TestCaseSchema,
});
/** `testCases.update`: replaces the case's name, facts, as-of and expectation in a draft. */
export const TestCaseUpdateInputSchema = z.object({
  policyKey: KeySchema,
  version: VersionNumberSchema,
  id: IdSchema,
  testCase: TestCaseSchema,
});
/** Names one test case of one version. */
export const TestCaseRefInputSchema = z.object({
  policyKey: KeySchema,
  version: VersionNumberSchema,
  id: IdSchema,
});

/** The result of one test case run against one version. */
export const TestCaseResultSchema = z.object({
  id: z.string().optional(),
  name: LocalizedNameSchema,
  pass: z.boolean(),
  /** Each difference: JSON path in the outcome, expected and actual values. */
  mismatches: z.array(z.object({ path: z.string(), expected: z.unknown(), actual: z.unknown() })),
  outcome: OutcomeSchema.optional(),
  error: AppErrorDataSchema.optional(),
});
/** The result of one test case. */
export type TestCaseResultData = z.infer<typeof TestCaseResultSchema>;

/** `testCases.run`: every test case of one version against that version (draft included). */
export const TestRunInputSchema = z.object({ policyKey: KeySchema, version: z.number().int().positive() });
/** `testCases.run` output. */
export const TestRunOutputSchema = z.object({
  policyKey: KeySchema,
  version: z.number().int().positive(),
  /** sha256 of the version's test cases (canonical JSON, in order): frozen once the version is submitted. */
  testsHash: z.string(),
  passed: z.number().int(),
  failed: z.number().int(),
  results: z.array(TestCaseResultSchema),
});
/** `testCases.run` output. */
export type TestRunOutput = z.infer<typeof TestRunOutputSchema>;
