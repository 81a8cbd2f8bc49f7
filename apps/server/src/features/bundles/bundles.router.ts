import { BundleInputSchema, BundleSchema } from '@precept/schema';
import { grantedPolicyKeys } from '../identity/identity.grants.js';
import { BUNDLE_READERS } from '../../trpc/access.js';
import { procedure, router } from '../../trpc/trpc.js';

/** `bundles.*`: what local evaluators download. */
export const bundlesRouter = router({
  get: procedure
    .meta({
      access: BUNDLE_READERS,
      keyScope: 'bundles',
      summary: 'Published versions in force at asOf or scheduled after, with an ETag',
    })
    .input(BundleInputSchema)
    .output(BundleSchema)
    .query(async ({ ctx, input, path }) =>
      ctx.services.bundles.get({
        ...input,
        policyKeys: await grantedPolicyKeys(ctx, path, input.policyKeys),
      }),
    ),
});
