import {
  LegalHoldLiftInputSchema,
  LegalHoldRequestInputSchema,
  LegalHoldSchema,
  RetentionChangeSchema,
  RetentionDecideInputSchema,
  RetentionOverviewSchema,
  RetentionPeriodRequestInputSchema,
  RetentionRunSchema,
} from '@precept/schema';
import { z } from 'zod';
import { AUDITORS } from '../../trpc/access.js';
import { actorOf, procedure, router } from '../../trpc/trpc.js';

const dual = (summary: string) => ({ access: AUDITORS, summary: `${summary} (dual control: auditor and administrator; audited)` });

/** `retention.*`: retention periods, legal holds and the retention job of the decision log. */
export const retentionRouter = router({
  overview: procedure
    .meta({ access: AUDITORS, summary: 'Retention periods, legal holds, pending changes and the months of the decision log' })
    .input(z.void())
    .output(RetentionOverviewSchema)
    .query(({ ctx }) => ctx.services.retention.overview()),
  requestHold: procedure
    .meta(dual('Hold the decisions of a policy and/or a time range; in force at once, approved by the other role'))
    .input(LegalHoldRequestInputSchema)
    .output(LegalHoldSchema)
    .mutation(({ ctx, input }) => ctx.services.retention.requestHold(actorOf(ctx), input)),
  approveHold: procedure
    .meta(dual('Approve a requested hold'))
    .input(RetentionDecideInputSchema)
    .output(LegalHoldSchema)
    .mutation(({ ctx, input }) => ctx.services.retention.approveHold(actorOf(ctx), input.id, input.comment)),
  rejectHold: procedure
    .meta(dual('Reject a requested hold (it stops blocking deletion)'))
    .input(RetentionDecideInputSchema)
    .output(LegalHoldSchema)
    .mutation(({ ctx, input }) => ctx.services.retention.rejectHold(actorOf(ctx), input.id, input.comment)),
  requestLift: procedure
    .meta(dual('Ask to lift an active hold (it keeps blocking until the lift is approved)'))
    .input(LegalHoldLiftInputSchema)
    .output(LegalHoldSchema)
    .mutation(({ ctx, input }) => ctx.services.retention.requestLift(actorOf(ctx), input.id, input.reason)),
  approveLift: procedure
    .meta(dual('Approve the lift of a hold'))
    .input(RetentionDecideInputSchema)
    .output(LegalHoldSchema)
    .mutation(({ ctx, input }) => ctx.services.retention.approveLift(actorOf(ctx), input.id, input.comment)),
  rejectLift: procedure
    .meta(dual('Reject the lift of a hold (it stays active)'))
    .input(RetentionDecideInputSchema)
    .output(LegalHoldSchema)
    .mutation(({ ctx, input }) => ctx.services.retention.rejectLift(actorOf(ctx), input.id, input.comment)),
  requestPeriod: procedure
    .meta(dual('Ask to set a policy’s retention period in months (null: the default)'))
    .input(RetentionPeriodRequestInputSchema)
    .output(RetentionChangeSchema)
    .mutation(({ ctx, input }) => ctx.services.retention.requestPeriod(actorOf(ctx), input)),
  approvePeriod: procedure
    .meta(dual('Approve a retention period change'))
    .input(RetentionDecideInputSchema)
    .output(RetentionChangeSchema)
    .mutation(({ ctx, input }) => ctx.services.retention.approvePeriod(actorOf(ctx), input.id, input.comment)),
  rejectPeriod: procedure
    .meta(dual('Reject a retention period change'))
    .input(RetentionDecideInputSchema)
    .output(RetentionChangeSchema)
    .mutation(({ ctx, input }) => ctx.services.retention.rejectPeriod(actorOf(ctx), input.id, input.comment)),
  run: procedure
    .meta({
      access: AUDITORS,
      summary: 'Run the retention job now: drop expired months, purge expired rows, say why the rest is kept (audited)',
    })
    .input(z.void())
    .output(RetentionRunSchema)
    .mutation(({ ctx }) => ctx.services.retention.run(actorOf(ctx))),
});
