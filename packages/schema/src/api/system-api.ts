import { z } from 'zod';
import { ActorSchema } from './access.js';

/** `health.check` output. */
export const HealthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['pglite', 'postgres']),
  migrated: z.boolean(),
});

/** `system.info` output: what a client needs to know about this server. */
export const SystemInfoSchema = z.object({
  engineVersion: z.string(),
  database: z.enum(['pglite', 'postgres']),
  /** The business time zone (IANA): dates are days there; the console shows dates and times in it. */
  timeZone: z.string(),
  limits: z.record(z.string(), z.number()),
  /** The roles that see personal values in clear (everyone else sees pseudonyms). */
  personalDataRoles: z.array(z.string()),
  /** The caller as the server sees it. */
  actor: ActorSchema,
});
