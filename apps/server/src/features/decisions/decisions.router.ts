import {
  AppError,
  DecisionExportInputSchema,
  DecisionExportSchema,
  DecisionIdInputSchema,
  DecisionListInputSchema,
  DecisionPageSchema,
  DecisionSchema,
  ReplayOutputSchema,
  ReportInputSchema,
  ReportOutputSchema,
} from '@precept/schema';
import { assertPolicyGrant } from '../identity/identity.grants.js';
import { AUDITORS, DECISION_READERS, READERS, REPORTERS } from '../../trpc/access.js';
import { actorOf, procedure, router, trustedOutput } from '../../trpc/trpc.js';

/** `decisions.*`: the decision log. */
export const decisionsRouter = router({
  list: procedure
    .meta({
      access: DECISION_READERS,
      keyScope: 'decisions',
      summary:
        'Decisions newest first, filtered; cursor paging. Personal values show as pseudonyms unless your role may see them',
    })
    .input(DecisionListInputSchema)
    .output(DecisionPageSchema)
    .query(async ({ ctx, input, path }) => {
      // A key limited to some policies reads only their decisions, so it must name one.
      if (ctx.grant?.policyKeys != null && input.policyKey === undefined) {
        throw new AppError('FORBIDDEN', 'this API key is limited to some policies: name one with policyKey', {
          issues: [{ path: '$.policyKey', code: 'required', message: 'name a policy this key may use' }],
        });
      }
      if (input.policyKey !== undefined) await assertPolicyGrant(ctx, path, [input.policyKey]);
      return ctx.services.decisions.list(actorOf(ctx), {
        ...input,
        from: input.from === undefined ? undefined : new Date(input.from),
        to: input.to === undefined ? undefined : new Date(input.to),
      });
    }),
  get: procedure
    .meta({ access: DECISION_READERS, keyScope: 'decisions', summary: 'One decision' })
    .input(DecisionIdInputSchema)
    .output(DecisionSchema)
    .query(async ({ ctx, input, path }) => {
      const decision = await ctx.services.decisions.get(actorOf(ctx), input.id);
      await assertPolicyGrant(ctx, path, [decision.policyKey]);
      return decision;
    }),
  replay: procedure
    .meta({ access: READERS, summary: 'Re-evaluate a decision with its recorded version, as-of and facts' })
    .input(DecisionIdInputSchema)
    .output(ReplayOutputSchema)
    .query(({ ctx, input }) => ctx.services.evaluation.replay(actorOf(ctx), input.id)),
  export: procedure
    .meta({
      access: AUDITORS,
      summary:
        'Evidence package of the decisions in a time range (filtered): rows, their sha256 and the server’s Ed25519 signature; audited',
    })
    .input(DecisionExportInputSchema)
    .output(trustedOutput(DecisionExportSchema))
    .query(({ ctx, input }) => ctx.services.decisions.exportEvidence(actorOf(ctx), input)),
  report: procedure
    .meta({
      access: REPORTERS,
      keyScope: 'evaluate',
      summary: 'Record a batch of decisions made by a local evaluator (idempotent by decisionId)',
    })
    .input(ReportInputSchema)
    .output(ReportOutputSchema)
    .mutation(async ({ ctx, input, path }) => {
      await assertPolicyGrant(
        ctx,
        path,
        input.decisions.map((decision) => decision.policyKey),
      );
      return ctx.services.evaluation.report(actorOf(ctx), input.decisions);
    }),
});
