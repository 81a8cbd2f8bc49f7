// tRPC, initialised once: the context type, the procedure metadata that declares who may call each
// procedure, the error formatter, and the base procedure every router builds on.
import { initTRPC, TRPCError } from '@trpc/server';
import { AppError, type Access } from '@precept/schema';
import type { Context } from './context.js';
import { appErrorDataOf, normalizeError } from './error-pipeline.js';

/** Metadata every procedure declares. */
export interface ProcedureMeta {
  /** Who may call it; checked before the input is parsed. A procedure without it refuses everyone. */
  access: Access;
  /** One line for the OpenAPI document and the procedure list. */
  summary?: string;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const data = appErrorDataOf(error);
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

const errorPipeline = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (!result.ok) throw normalizeError(result.error, ctx.log, path);
  return result;
});

const accessCheck = t.middleware(({ ctx, meta, path, next }) => {
  const access = meta?.access;
  if (access === undefined) {
    throw new AppError('FORBIDDEN', `procedure ${path} declares no access; refusing`);
  }
  if (access === 'public') return next();
  const actor = ctx.actor;
  if (actor === null) throw new AppError('UNAUTHORIZED', 'sign in first');
  if (access === 'authenticated' || access.some((role) => actor.roles.includes(role))) {
    return next({ ctx: { ...ctx, actor } });
  }
  throw new AppError('FORBIDDEN', `${path} needs one of the roles: ${access.join(', ')}`);
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
