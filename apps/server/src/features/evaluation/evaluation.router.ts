import {
  EvaluateBatchInputSchema,
  EvaluateBatchOutputSchema,
  EvaluateInputSchema,
  EvaluateOutputSchema,
  SimulateInputSchema,
  SimulateOutputSchema,
} from '@precept/schema';
import { assertPolicyGrant } from '../identity/identity.grants.js';
import { EVALUATORS, READERS } from '../../trpc/access.js';
import type { Context } from '../../trpc/context.js';
import { actorOf, procedure, router, trustedOutput, type ProcedureMeta } from '../../trpc/trpc.js';
import type { EvaluateRequest, EvaluationService } from './evaluation.service.js';

/** Who may call `evaluation.evaluate` (shared with its REST route). */
export const EVALUATE_META = {
  access: EVALUATORS,
  keyScope: 'evaluate',
  summary: 'Evaluate a policy as of a moment (the version in force, or a given one); logged',
} as const satisfies ProcedureMeta;

/** Who may call `evaluation.evaluateBatch` (shared with its REST route). */
export const EVALUATE_BATCH_META = {
  access: EVALUATORS,
  keyScope: 'evaluate',
  summary: 'Evaluate up to LIMITS.batchSize fact sets; one result per item',
} as const satisfies ProcedureMeta;

/** `evaluation.evaluate` past the access check: the key's policy allow-list, then the service. */
export async function evaluateAuthorized(
  ctx: Context,
  path: string,
  input: EvaluateRequest,
): ReturnType<EvaluationService['evaluate']> {
  await assertPolicyGrant(ctx, path, [input.policyKey]);
  return ctx.services.evaluation.evaluate(actorOf(ctx), input);
}

/** `evaluation.evaluateBatch` past the access check. */
export async function evaluateBatchAuthorized(
  ctx: Context,
  path: string,
  input: Parameters<EvaluationService['evaluateBatch']>[1],
): ReturnType<EvaluationService['evaluateBatch']> {
  await assertPolicyGrant(ctx, path, [input.policyKey]);
  return ctx.services.evaluation.evaluateBatch(actorOf(ctx), input);
}

/** `evaluation.*`: evaluate (logged), evaluate in batches, simulate (not logged). */
export const evaluationRouter = router({
  evaluate: procedure
    .meta(EVALUATE_META)
    .input(EvaluateInputSchema)
    .output(trustedOutput(EvaluateOutputSchema))
    .mutation(({ ctx, input, path }) => evaluateAuthorized(ctx, path, input)),
  evaluateBatch: procedure
    .meta(EVALUATE_BATCH_META)
    .input(EvaluateBatchInputSchema)
    .output(trustedOutput(EvaluateBatchOutputSchema))
    .mutation(({ ctx, input, path }) => evaluateBatchAuthorized(ctx, path, input)),
  simulate: procedure
    .meta({ access: READERS, summary: 'Evaluate a version in any status or an unsaved document; not logged' })
    .input(SimulateInputSchema)
    .output(SimulateOutputSchema)
    .mutation(({ ctx, input }) => ctx.services.evaluation.simulate(input)),
});
