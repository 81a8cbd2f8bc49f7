import {
  StoredTestCaseSchema,
  TestCaseCreateInputSchema,
  TestCaseListInputSchema,
  TestCaseRefInputSchema,
  TestCaseUpdateInputSchema,
  TestRunInputSchema,
  TestRunOutputSchema,
} from '@precept/schema';
import { z } from 'zod';
import { AUTHORS, READERS } from '../../trpc/access.js';
import { actorOf, procedure, router } from '../../trpc/trpc.js';

/** `testCases.*`: the test cases of a policy version, and running them against it. */
export const testCasesRouter = router({
  list: procedure
    .meta({ access: READERS, summary: "The test cases of a version (default: the policy's newest)" })
    .input(TestCaseListInputSchema)
    .output(z.array(StoredTestCaseSchema))
    .query(({ ctx, input }) => ctx.services.testCases.list(input.policyKey, input.version)),
  create: procedure
    .meta({
      access: AUTHORS,
      summary: 'Add a test case to a draft (a version in review or approved goes back to draft)',
    })
    .input(TestCaseCreateInputSchema)
    .output(StoredTestCaseSchema)
    .mutation(({ ctx, input }) => ctx.services.testCases.create(actorOf(ctx), input)),
  update: procedure
    .meta({
      access: AUTHORS,
      summary: 'Replace a test case of a draft (a version in review or approved goes back to draft)',
    })
    .input(TestCaseUpdateInputSchema)
    .output(StoredTestCaseSchema)
    .mutation(({ ctx, input }) => ctx.services.testCases.update(actorOf(ctx), input)),
  delete: procedure
    .meta({
      access: AUTHORS,
      summary: 'Delete a test case of a draft (a version in review or approved goes back to draft)',
    })
    .input(TestCaseRefInputSchema)
    .output(TestCaseRefInputSchema)
    .mutation(({ ctx, input }) => ctx.services.testCases.remove(actorOf(ctx), input)),
  run: procedure
    .meta({
      access: READERS,
      summary: "Run a version's test cases against it (draft included); a published version's never change",
    })
    .input(TestRunInputSchema)
    .output(TestRunOutputSchema)
    .query(({ ctx, input }) => ctx.services.policies.runTests(input.policyKey, input.version)),
});
