import { BundleInputSchema, BundleSchema } from '@precept/schema';
import { BUNDLE_READERS } from '../../trpc/access.js';
import { procedure, router } from '../../trpc/trpc.js';

/** `bundles.*`: what local evaluators download. */
export const bundlesRouter = router({
  get: procedure
    .meta({
      access: BUNDLE_READERS,
      summary: 'Published versions in force at asOf or scheduled after, with an ETag',
    })
    .input(BundleInputSchema)
    .output(BundleSchema)
    .query(({ ctx, input }) => ctx.services.bundles.get(input)),
});
