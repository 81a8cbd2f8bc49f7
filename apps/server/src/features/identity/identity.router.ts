import {
  ApiKeySchema,
  ChangePasswordInputSchema,
  GrantRequestDecisionInputSchema,
  GrantRequestListInputSchema,
  GrantRequestSchema,
  KeyCreateInputSchema,
  KeyCreateOutputSchema,
  KeyListInputSchema,
  KeyRefInputSchema,
  MeOutputSchema,
  SignInInputSchema,
  SignInOutputSchema,
  UserCreateInputSchema,
  UserRefInputSchema,
  UserSchema,
  UserSetPasswordInputSchema,
  UserUpdateInputSchema,
  type Access,
} from '@precept/schema';
import { z } from 'zod';
import type { Context } from '../../trpc/context.js';
import { actorOf, procedure, router } from '../../trpc/trpc.js';
import type { RequestClient } from './identity.service.js';

/** Who manages people and keys. */
const ADMINS = ['admin'] as const satisfies Access;
/** Who reads the list of people and keys (compliance checks who holds which role). */
const ACCOUNT_READERS = ['admin', 'auditor'] as const satisfies Access;

const clientOf = (ctx: Context): RequestClient => ({
  remoteAddress: ctx.http?.remoteAddress ?? null,
  userAgent: ctx.http?.userAgent ?? null,
});

/** `auth.*`: sign in and out, who am I, change my password. */
export const authRouter = router({
  signIn: procedure
    .meta({
      access: 'public',
      summary:
        'Sign in with username and password: sets the httpOnly session cookie (and returns the token only when issueToken is true)',
    })
    .input(SignInInputSchema)
    .output(SignInOutputSchema)
    .mutation(async ({ ctx, input }) => {
      const { identity } = ctx.services;
      const result = await identity.signIn(input, clientOf(ctx));
      // A session the request carried already is replaced, not left open beside the new one.
      const previous = await ctx.authenticate();
      if (previous.sessionId !== null) await identity.signOut(previous);
      ctx.http?.setCookie(result.cookie);
      return {
        user: result.user,
        session: result.session,
        ...(input.issueToken ? { token: result.token } : {}),
      };
    }),
  signOut: procedure
    .meta({
      access: 'public',
      summary: "End the request's session and clear the cookie (no error when signed out)",
    })
    .input(z.void())
    .output(z.object({ signedOut: z.boolean() }))
    .mutation(async ({ ctx }) => {
      const auth = await ctx.authenticate();
      ctx.http?.setCookie(await ctx.services.identity.signOut(auth));
      return { signedOut: auth.sessionId !== null };
    }),
  me: procedure
    .meta({
      access: 'public',
      summary: 'Who the request is signed in as (all null when not), or why the credential failed',
    })
    .input(z.void())
    .output(MeOutputSchema)
    .query(async ({ ctx }) => ctx.services.identity.me(await ctx.authenticate())),
  changePassword: procedure
    .meta({
      // Every signed-in person, also one without roles yet: a first password set by an
      // administrator must be replaceable before anything else (keys are refused by the service).
      access: 'authenticated',
      summary: 'Change your own password; your other sessions end',
    })
    .input(ChangePasswordInputSchema)
    .output(UserSchema)
    .mutation(async ({ ctx, input }) =>
      ctx.services.identity.changePassword(await ctx.authenticate(), input, clientOf(ctx)),
    ),
});

/** `users.*`: people and their roles. */
export const usersRouter = router({
  list: procedure
    .meta({ access: ACCOUNT_READERS, summary: 'Every person with roles, disabled flag and lockout state' })
    .input(z.void())
    .output(z.array(UserSchema))
    .query(({ ctx }) => ctx.services.identity.listUsers()),
  create: procedure
    .meta({
      access: ADMINS,
      summary:
        'Create a person with a first password they must replace; the roles asked for wait for a second administrator',
    })
    .input(UserCreateInputSchema)
    .output(UserSchema)
    .mutation(({ ctx, input }) => ctx.services.identity.createUser(actorOf(ctx), input)),
  update: procedure
    .meta({
      access: ADMINS,
      summary:
        'Change display name, roles or disabled: removals take effect at once, added roles wait for a second administrator (disabling ends their sessions; one enabled admin must remain)',
    })
    .input(UserUpdateInputSchema)
    .output(UserSchema)
    .mutation(({ ctx, input }) => ctx.services.identity.updateUser(actorOf(ctx), input)),
  setPassword: procedure
    .meta({
      access: ADMINS,
      summary:
        "Reset a person's password (they must replace it; their sessions end, a lockout is lifted); for a person with roles it waits for a second administrator",
    })
    .input(UserSetPasswordInputSchema)
    .output(UserSchema)
    .mutation(({ ctx, input }) => ctx.services.identity.setPassword(actorOf(ctx), input)),
  unlock: procedure
    .meta({ access: ADMINS, summary: 'Lift a sign-in lockout' })
    .input(UserRefInputSchema)
    .output(UserSchema)
    .mutation(({ ctx, input }) => ctx.services.identity.unlockUser(actorOf(ctx), input.username)),
  requests: procedure
    .meta({
      access: ACCOUNT_READERS,
      summary: 'Grant requests (roles, password resets of people with roles), newest first',
    })
    .input(GrantRequestListInputSchema)
    .output(z.array(GrantRequestSchema))
    .query(({ ctx, input }) => ctx.services.identity.listRequests(input)),
  approveRequest: procedure
    .meta({
      access: ADMINS,
      summary: 'Approve a grant request: only an administrator who neither asked for it nor is its subject',
    })
    .input(GrantRequestDecisionInputSchema)
    .output(GrantRequestSchema)
    .mutation(({ ctx, input }) => ctx.services.identity.approveRequest(actorOf(ctx), input)),
  rejectRequest: procedure
    .meta({
      access: ADMINS,
      summary: 'Reject a grant request (or withdraw your own)',
    })
    .input(GrantRequestDecisionInputSchema)
    .output(GrantRequestSchema)
    .mutation(({ ctx, input }) => ctx.services.identity.rejectRequest(actorOf(ctx), input)),
});

/** `keys.*`: API keys of business lines. */
export const keysRouter = router({
  list: procedure
    .meta({ access: ACCOUNT_READERS, summary: 'API keys (never their secrets), newest first' })
    .input(KeyListInputSchema)
    .output(z.array(ApiKeySchema))
    .query(({ ctx, input }) => ctx.services.identity.listKeys(input.includeRevoked)),
  create: procedure
    .meta({
      access: ADMINS,
      summary:
        'Create an API key with scopes (evaluate, bundles) and an optional policy allow-list; the secret is shown once',
    })
    .input(KeyCreateInputSchema)
    .output(KeyCreateOutputSchema)
    .mutation(({ ctx, input }) => ctx.services.identity.createKey(actorOf(ctx), input)),
  revoke: procedure
    .meta({ access: ADMINS, summary: 'Revoke an API key: it is refused from the next request on' })
    .input(KeyRefInputSchema)
    .output(ApiKeySchema)
    .mutation(({ ctx, input }) => ctx.services.identity.revokeKey(actorOf(ctx), input.id)),
});
