import {
  AuditExportInputSchema,
  AuditExportSchema,
  AuditListInputSchema,
  AuditPageSchema,
  AuditVerifyOutputSchema,
} from '@precept/schema';
import { z } from 'zod';
import { AUDITORS } from '../../trpc/access.js';
import { actorOf, procedure, router, trustedOutput } from '../../trpc/trpc.js';

/** `audit.*`: the audit chain. */
export const auditRouter = router({
  list: procedure
    .meta({ access: AUDITORS, summary: 'Audit rows newest first, filtered; cursor paging' })
    .input(AuditListInputSchema)
    .output(AuditPageSchema)
    .query(async ({ ctx, input }) => {
      const beforeSeq = input.cursor === undefined ? undefined : Number.parseInt(input.cursor, 10);
      const rows = await ctx.services.audit.list({
        ...input,
        beforeSeq: beforeSeq !== undefined && Number.isSafeInteger(beforeSeq) ? beforeSeq : undefined,
        limit: input.limit + 1,
      });
      const items = rows.slice(0, input.limit);
      return { items, nextCursor: rows.length > input.limit ? String(items.at(-1)!.seq) : null };
    }),
  verify: procedure
    .meta({ access: AUDITORS, summary: 'Walk the chain and name the first row whose link or hash fails' })
    .input(z.void())
    .output(AuditVerifyOutputSchema)
    .query(({ ctx }) => ctx.services.audit.verify()),
  export: procedure
    .meta({
      access: AUDITORS,
      summary:
        'Evidence package of the rows in a time range (filtered): rows, their sha256 and the chain verified over the range; audited',
    })
    .input(AuditExportInputSchema)
    .output(trustedOutput(AuditExportSchema))
    .query(({ ctx, input }) => ctx.services.audit.exportEvidence(actorOf(ctx), input)),
});
