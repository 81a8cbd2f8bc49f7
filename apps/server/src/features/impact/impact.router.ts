import {
  ImpactCaseDetailSchema,
  ImpactCaseInputSchema,
  ImpactCasesInputSchema,
  ImpactCasesPageSchema,
  ImpactIdInputSchema,
  ImpactLatestInputSchema,
  ImpactReportSchema,
  ImpactRunInputSchema,
} from '@precept/schema';
import { READERS } from '../../trpc/access.js';
import { actorOf, procedure, router } from '../../trpc/trpc.js';

/** Who runs and cancels impact analyses: those who write and review versions. */
const ANALYSTS = ['author', 'reviewer'] as const;

/** `impact.*`: what a version under review would do to the decisions already made. */
export const impactRouter = router({
  run: procedure
    .meta({
      access: ANALYSTS,
      summary:
        'Re-evaluate a policy’s stored decisions of a window (default: the last 12 months) with the version in force and a version under review; runs in the background',
    })
    .input(ImpactRunInputSchema)
    .output(ImpactReportSchema)
    .mutation(({ ctx, input }) => ctx.services.impact.run(actorOf(ctx), input)),
  get: procedure
    .meta({ access: READERS, summary: 'One impact report: progress, or the summary when done' })
    .input(ImpactIdInputSchema)
    .output(ImpactReportSchema)
    .query(({ ctx, input }) => ctx.services.impact.get(input.id)),
  latest: procedure
    .meta({ access: READERS, summary: 'The newest impact report of a version (null when none), and whether it is current' })
    .input(ImpactLatestInputSchema)
    .output(ImpactReportSchema.nullable())
    .query(({ ctx, input }) => ctx.services.impact.latest(input.policyKey, input.version)),
  cases: procedure
    .meta({ access: READERS, summary: 'The decisions a report’s version changes, a page at a time, by verdict pair' })
    .input(ImpactCasesInputSchema)
    .output(ImpactCasesPageSchema)
    .query(({ ctx, input }) => ctx.services.impact.cases(input)),
  case: procedure
    .meta({ access: READERS, summary: 'One changed decision: both outcomes side by side and its facts (masked by role)' })
    .input(ImpactCaseInputSchema)
    .output(ImpactCaseDetailSchema)
    .query(({ ctx, input }) => ctx.services.impact.caseDetail(actorOf(ctx), input.id, input.decisionId)),
  cancel: procedure
    .meta({ access: ANALYSTS, summary: 'Stop a running impact analysis' })
    .input(ImpactIdInputSchema)
    .output(ImpactReportSchema)
    .mutation(({ ctx, input }) => ctx.services.impact.cancel(actorOf(ctx), input.id)),
});
