import { SubjectGetInputSchema, SubjectSaveInputSchema, SubjectVersionSchema } from '@precept/schema';
import { z } from 'zod';
import { AUTHORS, READERS } from '../../trpc/access.js';
import { actorOf, procedure, router } from '../../trpc/trpc.js';

/** `subjects.*`: the fact schemas policies are written against. */
export const subjectsRouter = router({
  list: procedure
    .meta({ access: READERS, summary: 'Latest version of every subject' })
    .input(z.void())
    .output(z.array(SubjectVersionSchema))
    .query(({ ctx }) => ctx.services.subjects.list()),
  get: procedure
    .meta({ access: READERS, summary: 'One subject (latest or given version)' })
    .input(SubjectGetInputSchema)
    .output(SubjectVersionSchema)
    .query(({ ctx, input }) => ctx.services.subjects.get(input.key, input.version)),
  save: procedure
    .meta({ access: AUTHORS, summary: 'Store a new version of a subject' })
    .input(SubjectSaveInputSchema)
    .output(SubjectVersionSchema)
    .mutation(({ ctx, input }) => ctx.services.subjects.save(actorOf(ctx), input.subject, input.changeNote)),
});
