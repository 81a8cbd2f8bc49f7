import { ENGINE_VERSION } from '@precept/rules';
import { HealthSchema, LIMITS, SigningKeySchema, SystemInfoSchema } from '@precept/schema';
import { z } from 'zod';
import { actorOf, procedure, router } from '../../trpc/trpc.js';

/** `health.*` and `system.*`: readiness and what this server is. */
export const healthRouter = router({
  check: procedure
    .meta({ access: 'public', summary: 'Database reachable and migrated' })
    .input(z.void())
    .output(HealthSchema)
    .query(({ ctx }) => ctx.services.health.check()),
});

/** `system.*`. */
export const systemRouter = router({
  info: procedure
    .meta({ access: 'authenticated', summary: 'Engine version, database, limits and the caller' })
    .input(z.void())
    .output(SystemInfoSchema)
    .query(({ ctx }) => ({
      engineVersion: ENGINE_VERSION,
      database: ctx.database,
      timeZone: ctx.timeZone,
      limits: { ...LIMITS },
      personalDataRoles: [...ctx.personalDataRoles],
      actor: actorOf(ctx),
    })),
  signingKey: procedure
    .meta({
      access: 'public',
      summary: 'The Ed25519 public key that signs evidence packages (and its id): what recipients verify against',
    })
    .input(z.void())
    .output(SigningKeySchema)
    .query(({ ctx }) => ctx.signingKey),
});
