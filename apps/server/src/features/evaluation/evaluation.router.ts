import {
  EvaluateBatchInputSchema,
  EvaluateBatchOutputSchema,
  EvaluateInputSchema,
  EvaluationResultSchema,
  SimulateInputSchema,
  SimulateOutputSchema,
} from '@precept/schema';
import { assertPolicyGrant } from '../identity/identity.grants.js';
import { EVALUATORS, READERS } from '../../trpc/access.js';
import { actorOf, procedure, router, trustedOutput } from '../../trpc/trpc.js';

/** `evaluation.*`: evaluate (logged), evaluate in batches, simulate (not logged). */
export const evaluationRouter = router({
  evaluate: procedure
    .meta({
      access: EVALUATORS,
      keyScope: 'evaluate',
      summary: 'Evaluate a policy as of a moment (the version in force, or a given one); logged',
    })
    .input(EvaluateInputSchema)
    .output(trustedOutput(EvaluationResultSchema))
    .mutation(async ({ ctx, input, path }) => {
      await assertPolicyGrant(ctx, path, [input.policyKey]);
      return ctx.services.evaluation.evaluate(actorOf(ctx), input);
    }),
  evaluateBatch: procedure
    .meta({
      access: EVALUATORS,
      keyScope: 'evaluate',
      summary: 'Evaluate up to LIMITS.batchSize fact sets; one result per item',
    })
    .input(EvaluateBatchInputSchema)
    .output(trustedOutput(EvaluateBatchOutputSchema))
    .mutation(async ({ ctx, input, path }) => {
      await assertPolicyGrant(ctx, path, [input.policyKey]);
      return ctx.services.evaluation.evaluateBatch(actorOf(ctx), input);
    }),
  simulate: procedure
    .meta({ access: READERS, summary: 'Evaluate a version in any status or an unsaved document; not logged' })
    .input(SimulateInputSchema)
    .output(SimulateOutputSchema)
    .mutation(({ ctx, input }) => ctx.services.evaluation.simulate(input)),
});
