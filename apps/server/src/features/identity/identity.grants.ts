// An API key may be limited to some policies. Routers of the procedures keys reach (evaluation,
// bundles, decision reports) check the policy keys a call names against that allow-list; a refusal
// is FORBIDDEN and audited, like a role refusal.
import { AppError } from '@precept/schema';
import type { Context } from '../../trpc/context.js';

/** Throws FORBIDDEN (and audits it) when the caller's key may not use every one of `policyKeys`. */
export async function assertPolicyGrant(
  ctx: Context,
  path: string,
  policyKeys: readonly string[],
): Promise<void> {
  const allowed = ctx.grant?.policyKeys;
  if (allowed === undefined || allowed === null) return;
  const outside = [...new Set(policyKeys)].filter((key) => !allowed.includes(key));
  if (outside.length === 0) return;
  const reason = `this API key is not allowed to use ${outside.map((key) => `"${key}"`).join(', ')}`;
  if (ctx.actor !== null) {
    await ctx.services.audit
      .recordAlone(ctx.actor, {
        action: 'access.refused',
        entityType: 'procedure',
        entityId: path,
        reason,
        details: { policyKeys: outside },
      })
      .catch((error: unknown) => ctx.log.error('could not audit a refusal', { path, error }));
  }
  throw new AppError('FORBIDDEN', reason);
}

/**
 * The policy keys a bundle request covers: the requested ones (each checked against the key's
 * allow-list), or, when none are named, the allow-list itself (undefined: every policy).
 */
export async function grantedPolicyKeys(
  ctx: Context,
  path: string,
  requested: readonly string[] | undefined,
): Promise<string[] | undefined> {
  const allowed = ctx.grant?.policyKeys ?? null;
  if (requested === undefined) return allowed === null ? undefined : [...allowed];
  await assertPolicyGrant(ctx, path, requested);
  return [...requested];
}
