import { z } from 'zod';
import { IdSchema, KeySchema } from '../common.js';
import { AppErrorDataSchema } from '../errors.js';
import { OutcomeSchema } from '../outcome.js';
import { TestCaseSchema } from '../policy.js';

/** A test case as stored: attached to a policy, with an id. */
export const StoredTestCaseSchema = TestCaseSchema.extend({ id: IdSchema, policyKey: KeySchema });
/** A stored test case. */
export type StoredTestCase = z.infer<typeof StoredTestCaseSchema>;

/** `testCases.create`. */
export const TestCaseCreateInputSchema = z.object({ policyKey: KeySchema, testCase: TestCaseSchema });
/** `testCases.update`: replaces the case's name, facts, as-of and expectation. */
export const TestCaseUpdateInputSchema = z.object({
  policyKey: KeySchema,
  id: IdSchema,
  testCase: TestCaseSchema,
});
/** Names one test case. */
export const TestCaseRefInputSchema = z.object({ policyKey: KeySchema, id: IdSchema });

/** The result of one test case run against one version. */
export const TestCaseResultSchema = z.object({
  id: z.string().optional(),
  name: z.string(),
  pass: z.boolean(),
  /** Each difference: JSON path in the outcome, expected and actual values. */
  mismatches: z.array(z.object({ path: z.string(), expected: z.unknown(), actual: z.unknown() })),
  outcome: OutcomeSchema.optional(),
  error: AppErrorDataSchema.optional(),
});
/** The result of one test case. */
export type TestCaseResultData = z.infer<typeof TestCaseResultSchema>;

/** `testCases.run`: every test case of the policy against one version (draft included). */
export const TestRunInputSchema = z.object({ policyKey: KeySchema, version: z.number().int().positive() });
/** `testCases.run` output. */
export const TestRunOutputSchema = z.object({
  policyKey: KeySchema,
  version: z.number().int().positive(),
  passed: z.number().int(),
  failed: z.number().int(),
  results: z.array(TestCaseResultSchema),
});
/** `testCases.run` output. */
export type TestRunOutput = z.infer<typeof TestRunOutputSchema>;
