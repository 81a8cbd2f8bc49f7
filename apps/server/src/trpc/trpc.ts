// tRPC, initialised once: the context type, the procedure metadata that declares who may call each
// procedure, the error formatter, and the base procedure every router builds on.
import { performance } from 'node:perf_hooks';
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { AppError, type Access, type Actor, type KeyScope } from '@precept/schema';
import { passwordChangeRequired } from '../features/identity/identity.errors.js';
import type { KeyGrant } from '../features/identity/identity.service.js';
import type { Context } from './context.js';
import { appErrorDataOf, normalizeError, taggedRequestId } from './error-pipeline.js';

/** Metadata every procedure declares. */
export interface ProcedureMeta {
  /** Who may call it; checked before the input is parsed. A procedure without it refuses everyone. */
  access: Access;
  /**
   * The API-key scope a procedure open to `service` belongs to: a key reaches it only when it
   * holds that scope. Procedures without one are closed to keys (unless `authenticated`).
   */
  keyScope?: KeyScope;
  /** One line for the OpenAPI document and the procedure list. */
  summary?: string;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const data = appErrorDataOf(error);
      const requestId = ctx?.requestId ?? taggedRequestId(error);
      return {
        code: shape.code,
        message: data.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          appCode: data.code,
          issues: data.issues ?? [],
          ...(data.errorId === undefined ? {} : { errorId: data.errorId }),
          ...(requestId == null ? {} : { requestId }),
          ...(ctx?.exposeStacks === true && shape.data.stack !== undefined
            ? { stack: shape.data.stack }
            : {}),
        },
      };
    },
  });

/** Builds a router. */
export const router = t.router;
/** Builds a server-side caller of a router. */
export const createCallerFactory = t.createCallerFactory;

/** Normalises errors (see error-pipeline.ts) and counts every call with its outcome and time. */
const errorPipeline = t.middleware(async ({ ctx, path, next }) => {
  const started = performance.now();
  const result = await next();
  if (result.ok) {
    ctx.metrics.callEnded(path, 'OK', (performance.now() - started) / 1000);
    return result;
  }
  const error = normalizeError(result.error, ctx.log, path);
  ctx.metrics.callEnded(path, appErrorDataOf(error).code, (performance.now() - started) / 1000);
  throw error;
});

/** The one procedure a person whose password was set by someone else may call (besides public ones). */
const PASSWORD_CHANGE_PATH = 'auth.changePassword';

/** Why `actor` may not call a procedure declaring `meta`, or undefined when it may. */
export function refusalOf(
  path: string,
  meta: ProcedureMeta,
  actor: Actor,
  grant: KeyGrant | null,
): string | undefined {
  const { access } = meta;
  if (access === 'public' || access === 'authenticated') return undefined;
  if (!access.some((role) => actor.roles.includes(role))) {
    return `${path} needs one of the roles: ${access.join(', ')}`;
  }
  if (grant !== null && (meta.keyScope === undefined || !grant.scopes.includes(meta.keyScope))) {
    return `${path} is outside this API key's scopes (${grant.scopes.join(', ')})`;
  }
  return undefined;
}

/**
 * Authenticates the caller of a non-public procedure `path` declaring `meta` and checks its roles
 * and key scopes: the caller and its grant, or `UNAUTHORIZED` / `FORBIDDEN` (refusals are audited).
 * The tRPC access check and the REST routes that call services directly share it.
 */
export async function authorize(
  ctx: Context,
  path: string,
  meta: ProcedureMeta,
): Promise<{ actor: Actor; grant: KeyGrant | null }> {
  const { actor, grant, problem, mustChangePassword } = await ctx.authenticate();
  if (actor === null) throw new AppError('UNAUTHORIZED', problem ?? 'sign in first');
  // A password someone else set is good for one thing: replacing it.
  const refusal =
    mustChangePassword && path !== PASSWORD_CHANGE_PATH
      ? passwordChangeRequired(path).message
      : refusalOf(path, meta, actor, grant);
  if (refusal === undefined) return { actor, grant };
  // Refused attempts are evidence too; an audit failure must not turn FORBIDDEN into an error.
  await ctx.services.audit
    .recordAlone(actor, {
      action: 'access.refused',
      entityType: 'procedure',
      entityId: path,
      reason: refusal,
    })
    .catch((error: unknown) => ctx.log.error('could not audit a refusal', { path, error }));
  throw new AppError('FORBIDDEN', refusal);
}

const accessCheck = t.middleware(async ({ ctx, meta, path, next }) => {
  if (meta?.access === undefined) {
    throw new AppError('FORBIDDEN', `procedure ${path} declares no access; refusing`);
  }
  if (meta.access === 'public') return next();
  const { actor, grant } = await authorize(ctx, path, meta);
  return next({ ctx: { ...ctx, actor, grant } });
});

/**
 * The base procedure: the error pipeline, then the access check of its `meta`. Use with
 * `.meta({ access: [...] })`; the caller in `ctx.actor` is non-null past the check for non-public procedures.
 */
export const procedure = t.procedure.use(errorPipeline).use(accessCheck);

/** Narrows `ctx.actor` after the access check (a non-public procedure always has one). */
export function actorOf(ctx: Context): NonNullable<Context['actor']> {
  if (ctx.actor === null) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  return ctx.actor;
}

/** The schema each {@link trustedOutput} stands for. */
const DOCUMENTED = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The output schema of a hot-path procedure whose result the server assembles itself from parts it
 * already trusts (an evaluation: the compiled version's identity and the rules core's outcome and
 * trace; an evidence package: rows the store mapped from the database, hashed and signed). It gives
 * the procedure `schema`'s type without re-parsing every response: measured, re-validating an
 * outcome with its trace cost several times the evaluation itself, and re-validating the 5 MB of a
 * one-day decision export cost more than building it. The tests
 * parse these results with `schema`, so a drift between the two still fails loudly.
 */
export function trustedOutput<S extends z.ZodType>(schema: S): z.ZodType<z.output<S>> {
  const output = z.custom<z.output<S>>();
  DOCUMENTED.set(output, schema);
  return output;
}

/**
 * The schema a procedure's output is described with (the REST API's OpenAPI document): the one a
 * {@link trustedOutput} stands for, or the output schema itself.
 */
export function documentedOutput(output: z.ZodType): z.ZodType {
  return DOCUMENTED.get(output) ?? output;
}
