import {
  PolicyKeyInputSchema,
  StoredTestCaseSchema,
  TestCaseCreateInputSchema,
  TestCaseRefInputSchema,
  TestCaseUpdateInputSchema,
  TestRunInputSchema,
  TestRunOutputSchema,
} from '@precept/schema';
import { z } from 'zod';
import { AUTHORS, READERS } from '../../trpc/access.js';
import { actorOf, procedure, router } from '../../trpc/trpc.js';

/** `testCases.*`: a policy's test cases, and running them against a version. */
export const testCasesRouter = router({
  list: procedure
    .meta({ access: READERS, summary: 'The test cases of a policy' })
    .input(PolicyKeyInputSchema)
    .output(z.array(StoredTestCaseSchema))
    .query(({ ctx, input }) => ctx.services.testCases.list(input.policyKey)),
  create: procedure
    .meta({ access: AUTHORS, summary: 'Add a test case' })
    .input(TestCaseCreateInputSchema)
    .output(StoredTestCaseSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.testCases.create(actorOf(ctx), input.policyKey, input.testCase),
    ),
  update: procedure
    .meta({ access: AUTHORS, summary: 'Replace a test case' })
    .input(TestCaseUpdateInputSchema)
    .output(StoredTestCaseSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.testCases.update(actorOf(ctx), input.policyKey, input.id, input.testCase),
    ),
  delete: procedure
    .meta({ access: AUTHORS, summary: 'Delete a test case' })
    .input(TestCaseRefInputSchema)
    .output(TestCaseRefInputSchema)
    .mutation(({ ctx, input }) => ctx.services.testCases.remove(actorOf(ctx), input.policyKey, input.id)),
  run: procedure
    .meta({
      access: READERS,
      summary: 'Run every test case of a policy against one version (draft included)',
    })
    .input(TestRunInputSchema)
    .output(TestRunOutputSchema)
    .query(({ ctx, input }) => ctx.services.policies.runTests(input.policyKey, input.version)),
});
