import { isAppError } from '@precept/schema';
import { afterEach, describe, expect, it } from 'vitest';
import type { IdentityConfig } from '../../config.js';
import { createLogger } from '../../log/logger.js';
import { createClock } from '../../test/fixtures.js';
import { PROVIDERS, rawQuery, startTestServer, type TestServer } from '../../test/test-server.js';
import { SYSTEM_ACTOR } from '../../trpc/context.js';
import type { PresentedCredential } from './identity.credentials.js';
import { createIdentityService, type IdentityService } from './identity.service.js';

/** The application code a service call failed with, or 'resolved'. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}

const CLIENT = { remoteAddress: '192.0.2.7', userAgent: 'vitest' };
const PASSWORD = 'a long enough password';
const MINUTE = 60_000;
const session = (token: string): PresentedCredential => ({ kind: 'session', token, via: 'cookie' });

const IDENTITY_ENV = {
  PRECEPT_SESSION_TTL_MS: String(60 * MINUTE),
  PRECEPT_SESSION_IDLE_MS: String(10 * MINUTE),
  PRECEPT_SIGNIN_MAX_FAILURES: '3',
  PRECEPT_SIGNIN_DELAY_MS: '1000',
  PRECEPT_SIGNIN_LOCKOUT_MS: String(15 * MINUTE),
};

describe.each(PROVIDERS)('identities on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  const start = async (): Promise<{ identity: IdentityService; clock: ReturnType<typeof createClock> }> => {
    const clock = createClock('2026-11-26T09:00:00.000Z');
    test = await startTestServer(provider, { now: clock.now, env: IDENTITY_ENV });
    return { identity: test.server.services.identity, clock };
  };

  const auditOf = async (entityId: string): Promise<[string, string, string | null][]> =>
    (await test.server.services.audit.list({ entityType: 'user', entityId, limit: 100 }))
      .reverse()
      .map((entry) => [entry.action, entry.actor, entry.reason]);

  it('signs in and ends the session on inactivity, at its absolute expiry, and on sign-out', async () => {
    const { identity, clock } = await start();
    await identity.createUser(SYSTEM_ACTOR, {
      username: 'carol',
      displayName: 'Carol',
      roles: ['author', 'reviewer'],
      password: PASSWORD,
    });

    const idle = await identity.signIn({ username: 'carol', password: PASSWORD }, CLIENT);
    const auth = await identity.authenticate(session(idle.token));
    expect(auth).toEqual({
      actor: {
        id: 'carol',
        kind: 'user',
        credential: `session:${idle.session.id}`,
        roles: ['author', 'reviewer'],
      },
      grant: null,
      sessionId: idle.session.id,
      problem: null,
      mustChangePassword: false,
    });
    expect(idle.cookie).toBe(
      `precept_session=${idle.token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600`,
    );
    expect(idle.session).toEqual({
      id: idle.session.id,
      createdAt: '2026-11-26T09:00:00.000Z',
      expiresAt: '2026-11-26T10:00:00.000Z',
      idleTimeoutMs: 10 * MINUTE,
    });
    clock.advance(10 * MINUTE - 1);
    expect((await identity.authenticate(session(idle.token))).actor?.id).toBe('carol');
    // That request counted as activity: the idle timer restarted.
    clock.advance(10 * MINUTE - 1);
    expect((await identity.authenticate(session(idle.token))).actor?.id).toBe('carol');
    clock.advance(10 * MINUTE);
    expect(await identity.authenticate(session(idle.token))).toMatchObject({
      actor: null,
      problem: 'the session ended after inactivity; sign in again',
    });

    const busy = await identity.signIn({ username: 'carol', password: PASSWORD }, CLIENT);
    for (let minute = 0; minute < 54; minute += 9) {
      clock.advance(9 * MINUTE);
      expect((await identity.authenticate(session(busy.token))).actor?.id).toBe('carol');
    }
    clock.advance(6 * MINUTE);
    expect(await identity.authenticate(session(busy.token))).toMatchObject({
      actor: null,
      problem: 'the session has expired; sign in again',
    });

    const ended = await identity.signIn({ username: 'carol', password: PASSWORD }, CLIENT);
    await identity.signOut(await identity.authenticate(session(ended.token)));
    expect(await identity.authenticate(session(ended.token))).toMatchObject({
      actor: null,
      problem: 'the session was signed out; sign in again',
    });
    expect(await identity.authenticate(session('ps_' + 'x'.repeat(43)))).toMatchObject({
      actor: null,
      problem: 'the session is unknown; sign in again',
    });
    expect(await identity.authenticate(session('garbage'))).toMatchObject({ actor: null });

    // Stored: only hashes.
    const [row] = await rawQuery<{ token_hash: string }>(
      test,
      'select token_hash from sessions where id = $1',
      [ended.session.id],
    );
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token_hash).not.toContain(ended.token.slice(3));
  });

  it('slows repeated failed sign-ins, then locks the account; every failure and the lockout are audited', async () => {
    const { identity, clock } = await start();
    await identity.createUser(SYSTEM_ACTOR, {
      username: 'dave',
      displayName: 'Dave',
      roles: ['author'],
      password: PASSWORD,
    });
    const attempt = (password: string): Promise<string> =>
      codeOf(identity.signIn({ username: 'dave', password }, CLIENT));

    expect(await attempt('wrong 1')).toBe('UNAUTHORIZED');
    // Progressive delay: 1 s after the first failure, 2 s after the second. Even the right password waits.
    expect(await attempt(PASSWORD)).toBe('RATE_LIMITED');
    clock.advance(1000);
    expect(await attempt('wrong 2')).toBe('UNAUTHORIZED');
    clock.advance(1999);
    expect(await attempt('wrong 3')).toBe('RATE_LIMITED');
    clock.advance(1);
    // The third failure in a row locks the account for 15 minutes.
    expect(await attempt('wrong 3')).toBe('UNAUTHORIZED');
    const [dave] = (await identity.listUsers()).filter((user) => user.username === 'dave');
    expect(dave!.lockedUntil).toBe(new Date(clock.now().getTime() + 15 * MINUTE).toISOString());
    expect(await attempt(PASSWORD)).toBe('RATE_LIMITED');
    clock.advance(15 * MINUTE - 1);
    expect(await attempt(PASSWORD)).toBe('RATE_LIMITED');
    clock.advance(1);
    expect(await attempt(PASSWORD)).toBe('resolved');

    expect(await auditOf('dave')).toEqual([
      ['user.create', 'system', null],
      ['auth.signIn.failed', 'anonymous', 'wrong password'],
      ['auth.signIn.refused', 'anonymous', 'too soon after a failed attempt'],
      ['auth.signIn.failed', 'anonymous', 'wrong password'],
      ['auth.signIn.refused', 'anonymous', 'too soon after a failed attempt'],
      ['auth.signIn.failed', 'anonymous', 'wrong password'],
      ['auth.lockout', 'system', '3 failed sign-ins in a row'],
      ['auth.signIn.refused', 'anonymous', 'account locked'],
      ['auth.signIn.refused', 'anonymous', 'account locked'],
      ['auth.signIn', 'dave', null],
    ]);

    // An unknown username fails the same way, is audited under the name tried, and is never "locked".
    for (const password of ['a', 'b']) {
      expect(await codeOf(identity.signIn({ username: 'mallory', password }, CLIENT))).toBe('UNAUTHORIZED');
    }
    const tried = await test.server.services.audit.list({ entityId: 'mallory', limit: 10 });
    expect(tried.map((entry) => [entry.action, entry.reason, entry.details?.remoteAddress])).toEqual([
      ['auth.signIn.failed', 'unknown username', '192.0.2.7'],
      ['auth.signIn.failed', 'unknown username', '192.0.2.7'],
    ]);

    // An administrator lifts a lockout at once.
    for (let i = 0; i < 3; i += 1) {
      expect(await attempt(`wrong again ${i}`)).toBe('UNAUTHORIZED');
      clock.advance(10_000);
    }
    expect(await attempt(PASSWORD)).toBe('RATE_LIMITED');
    const admin = { id: 'root', kind: 'user' as const, credential: 'test', roles: ['admin' as const] };
    expect((await identity.unlockUser(admin, 'dave')).lockedUntil).toBeNull();
    expect(await attempt(PASSWORD)).toBe('resolved');
  });

  it('refuses a disabled account, ends its sessions, and never lets the last enabled admin go', async () => {
    const { identity } = await start();
    const admin = { id: 'root', kind: 'user' as const, credential: 'test', roles: ['admin' as const] };
    await identity.createUser(admin, {
      username: 'erin',
      displayName: 'Erin',
      roles: ['reviewer'],
      password: PASSWORD,
    });
    const signedIn = await identity.signIn({ username: 'erin', password: PASSWORD }, CLIENT);
    const disabled = await identity.updateUser(admin, { username: 'erin', disabled: true });
    expect(disabled.disabled).toBe(true);
    expect((await identity.authenticate(session(signedIn.token))).actor).toBeNull();
    expect(await codeOf(identity.signIn({ username: 'erin', password: PASSWORD }, CLIENT))).toBe(
      'UNAUTHORIZED',
    );
    // The wrong password on a disabled account is just a wrong password.
    expect(await codeOf(identity.signIn({ username: 'erin', password: 'nope' }, CLIENT))).toBe(
      'UNAUTHORIZED',
    );
    expect(await codeOf(identity.updateUser(admin, { username: 'nobody-here', disabled: true }))).toBe(
      'NOT_FOUND',
    );
    expect(
      await codeOf(
        identity.createUser(admin, { username: 'erin', displayName: 'E', roles: [], password: PASSWORD }),
      ),
    ).toBe('CONFLICT');

    // The template's first admin is the only enabled admin.
    const [first] = (await identity.listUsers()).filter((user) => user.roles.includes('admin'));
    expect(await codeOf(identity.updateUser(admin, { username: first!.username, disabled: true }))).toBe(
      'CONFLICT',
    );
    expect(await codeOf(identity.updateUser(admin, { username: first!.username, roles: ['auditor'] }))).toBe(
      'CONFLICT',
    );
    // Granting admin takes a second administrator; the server itself grants at once.
    await identity.updateUser(SYSTEM_ACTOR, { username: 'erin', disabled: false, roles: ['admin'] });
    // Losing admin is at once; gaining auditor waits for a second administrator.
    const demoted = await identity.updateUser(admin, { username: first!.username, roles: ['auditor'] });
    expect([demoted.roles, demoted.pendingRoles]).toEqual([[], ['auditor']]);
  });

  it('changes a password: the other sessions end, this one stays; a wrong current password is refused', async () => {
    const { identity, clock } = await start();
    await identity.createUser(SYSTEM_ACTOR, {
      username: 'fay',
      displayName: 'Fay',
      roles: ['auditor'],
      password: PASSWORD,
    });
    const here = await identity.signIn({ username: 'fay', password: PASSWORD }, CLIENT);
    const elsewhere = await identity.signIn({ username: 'fay', password: PASSWORD }, CLIENT);
    const auth = await identity.authenticate(session(here.token));
    expect(
      await codeOf(
        identity.changePassword(auth, { currentPassword: 'not it', newPassword: 'new password 1' }, CLIENT),
      ),
    ).toBe('VALIDATION');
    // A wrong current password counts as a failed sign-in (a stolen session cannot guess faster).
    expect(
      await codeOf(
        identity.changePassword(auth, { currentPassword: PASSWORD, newPassword: 'new password 1' }, CLIENT),
      ),
    ).toBe('RATE_LIMITED');
    clock.advance(1000);
    await identity.changePassword(auth, { currentPassword: PASSWORD, newPassword: 'new password 1' }, CLIENT);
    expect((await identity.authenticate(session(here.token))).actor?.id).toBe('fay');
    expect((await identity.authenticate(session(elsewhere.token))).actor).toBeNull();
    expect(await codeOf(identity.signIn({ username: 'fay', password: PASSWORD }, CLIENT))).toBe(
      'UNAUTHORIZED',
    );
  });

  it('shows a key secret once, authenticates it with its scopes, records its use, and refuses it once revoked', async () => {
    const { identity, clock } = await start();
    const admin = { id: 'root', kind: 'user' as const, credential: 'session:abc', roles: ['admin' as const] };
    const { key, secret } = await identity.createKey(admin, {
      name: 'retail-scoring',
      scopes: ['evaluate'],
      policyKeys: ['service-targets', 'outlet-facilities'],
    });
    expect(key).toMatchObject({
      name: 'retail-scoring',
      scopes: ['evaluate'],
      policyKeys: ['outlet-facilities', 'service-targets'],
      createdBy: 'root',
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(secret).toMatch(new RegExp(`^pk_${key.id}_`));
    const auth = await identity.authenticate({ kind: 'key', secret });
    expect(auth).toEqual({
      actor: { id: 'key:retail-scoring', kind: 'key', credential: `key:${key.id}`, roles: ['service'] },
      grant: { keyId: key.id, scopes: ['evaluate'], policyKeys: ['outlet-facilities', 'service-targets'] },
      sessionId: null,
      problem: null,
      mustChangePassword: false,
    });
    expect((await identity.listKeys(false))[0]!.lastUsedAt).toBe(clock.now().toISOString());
    expect(JSON.stringify(await identity.listKeys(true))).not.toContain(secret.slice(20));

    const wrongSecret = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(await identity.authenticate({ kind: 'key', secret: wrongSecret })).toMatchObject({
      actor: null,
      problem: 'the API key is unknown',
    });
    const revoked = await identity.revokeKey(admin, key.id);
    expect(revoked).toMatchObject({ revokedBy: 'root', revokedAt: clock.now().toISOString() });
    expect(await identity.authenticate({ kind: 'key', secret })).toMatchObject({
      actor: null,
      problem: 'the API key has been revoked',
    });
    expect(await codeOf(identity.revokeKey(admin, key.id))).toBe('CONFLICT');
    expect(await codeOf(identity.revokeKey(admin, 'ffffffffffffffff'))).toBe('NOT_FOUND');
    expect(await identity.listKeys(false)).toEqual([]);
    const audit = await test.server.services.audit.list({
      entityType: 'apiKey',
      entityId: key.id,
      limit: 10,
    });
    expect(audit.map((entry) => [entry.action, entry.actor, entry.credential])).toEqual([
      ['key.revoke', 'root', 'session:abc'],
      ['key.create', 'root', 'session:abc'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(secret.slice(20));
  });

  it('creates the first users once: demo users, or one admin from the environment or with a generated password', async () => {
    await start();
    const { db } = test.server.database;
    const base: IdentityConfig = { ...test.config.identity };
    const fresh = (config: Partial<IdentityConfig>): IdentityService =>
      createIdentityService({
        db,
        audit: test.server.services.audit,
        now: () => new Date('2026-11-26T09:00:00.000Z'),
        log: createLogger('silent'),
        config: { ...base, ...config },
        systemActor: SYSTEM_ACTOR,
      });
    const wipe = async (): Promise<void> => {
      await rawQuery(test, 'delete from sessions');
      await rawQuery(test, 'delete from users');
    };

    // The template database has its first admin already: nothing happens.
    expect(await fresh({}).createFirstUsers({ demo: true })).toBeUndefined();

    await wipe();
    const demo = fresh({ demoPassword: 'demo-password' });
    expect(await demo.createFirstUsers({ demo: true })).toEqual({
      kind: 'demo',
      passwordSource: 'PRECEPT_DEMO_PASSWORD',
      users: [
        { username: 'admin', roles: ['admin'], password: null },
        { username: 'admin2', roles: ['admin'], password: null },
        { username: 'author', roles: ['author'], password: null },
        { username: 'reviewer', roles: ['reviewer'], password: null },
        { username: 'reviewer2', roles: ['reviewer'], password: null },
        { username: 'auditor', roles: ['auditor'], password: null },
      ],
    });
    expect(
      (await demo.signIn({ username: 'reviewer2', password: 'demo-password' }, CLIENT)).user.roles,
    ).toEqual(['reviewer']);
    expect(await demo.createFirstUsers({ demo: true })).toBeUndefined();

    await wipe();
    const fromEnv = fresh({ adminUsernames: ['ops'], adminPassword: 'from the environment' });
    expect(await fromEnv.createFirstUsers({ demo: false })).toEqual({
      kind: 'admin',
      passwordSource: 'PRECEPT_ADMIN_PASSWORD',
      users: [{ username: 'ops', roles: ['admin'], password: null }],
    });
    expect(
      (await fromEnv.signIn({ username: 'ops', password: 'from the environment' }, CLIENT)).user.username,
    ).toBe('ops');

    // No password in the environment: a random one, different every time, never a fixed default.
    const generated: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      await wipe();
      const service = fresh({ adminPassword: undefined });
      const first = await service.createFirstUsers({ demo: false });
      expect(first).toMatchObject({ kind: 'admin', passwordSource: 'generated' });
      const password = first!.users[0]!.password!;
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect((await service.signIn({ username: 'admin', password }, CLIENT)).user.roles).toEqual(['admin']);
      generated.push(password);
    }
    expect(generated[0]).not.toBe(generated[1]);
  });
});
