// Credentials over real HTTP: the session cookie's flags, bearer tokens for clients without
// cookies, sign-out, API keys limited by scope and by policy (tRPC and REST), revoked keys, and the
// development header, which counts only when switched on.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { SCORECARD, SCORECARD_FACTS } from '../../test/fixtures.js';
import { PROVIDERS, startTestServer, type TestServer } from '../../test/test-server.js';
import { callHttp, cookieOf } from '../../test/trpc-http.js';
import { SYSTEM_ACTOR } from '../../trpc/context.js';

const PASSWORD = 'http test password';

describe.each(PROVIDERS)('credentials over HTTP on %s', (provider) => {
  let test: TestServer;
  let url: string;
  afterEach(() => test?.close());

  const start = async (env: Record<string, string> = {}): Promise<void> => {
    test = await startTestServer(provider, { env: { PRECEPT_DEV_AUTH: '0', ...env } });
    ({ url } = await test.server.listen(0, '127.0.0.1'));
    await test.server.services.identity.createUser(SYSTEM_ACTOR, {
      username: 'grace',
      displayName: 'Grace',
      roles: ['reviewer'],
      password: PASSWORD,
    });
  };

  it('sets an httpOnly SameSite=Strict session cookie, honours it, and clears it on sign-out', async () => {
    await start({ PRECEPT_SESSION_TTL_MS: '3600000' });
    const signIn = await callHttp(url, 'mutation', 'auth.signIn', { username: 'Grace', password: PASSWORD });
    expect(signIn.code).toBe('ok');
    expect(signIn.cookies).toHaveLength(1);
    const [setCookie] = signIn.cookies;
    expect(setCookie).toMatch(
      /^precept_session=ps_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=3600$/,
    );
    // The token is in the cookie only.
    expect(signIn.data).not.toHaveProperty('token');
    expect(signIn.text).not.toContain(cookieOf(setCookie).split('=')[1]);

    const cookie = cookieOf(setCookie);
    const me = await callHttp(url, 'query', 'auth.me', undefined, { cookie });
    expect(me.data).toMatchObject({
      actor: { id: 'grace', kind: 'user', roles: ['reviewer'] },
      user: { username: 'grace', displayName: 'Grace' },
      key: null,
      problem: null,
    });
    expect((await callHttp(url, 'query', 'policies.list', {}, { cookie })).code).toBe('ok');
    expect((await callHttp(url, 'query', 'policies.list', {})).code).toBe('UNAUTHORIZED');

    const signOut = await callHttp(url, 'mutation', 'auth.signOut', undefined, { cookie });
    expect(signOut.data).toEqual({ signedOut: true });
    expect(signOut.cookies).toEqual(['precept_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0']);
    const after = await callHttp(url, 'query', 'policies.list', {}, { cookie });
    expect([after.code, after.message]).toEqual([
      'UNAUTHORIZED',
      'the session was signed out; sign in again',
    ]);
    expect((await callHttp(url, 'query', 'auth.me', undefined, { cookie })).data).toMatchObject({
      actor: null,
      problem: 'the session was signed out; sign in again',
    });
    // Signing out without a session is not an error.
    expect((await callHttp(url, 'mutation', 'auth.signOut', undefined)).data).toEqual({ signedOut: false });
  });

  it('marks the cookie Secure when configured, and gives a bearer token to clients that ask', async () => {
    await start({ PRECEPT_SECURE_COOKIES: '1' });
    const signIn = await callHttp(url, 'mutation', 'auth.signIn', {
      username: 'grace',
      password: PASSWORD,
      issueToken: true,
    });
    expect(signIn.cookies[0]).toMatch(/; Secure$/);
    const { token } = signIn.data as { token: string };
    expect(token).toBe(cookieOf(signIn.cookies[0]).split('=')[1]);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await callHttp(url, 'query', 'auth.me', undefined, bearer)).data).toMatchObject({
      actor: { id: 'grace' },
    });
    const wrong = await callHttp(url, 'mutation', 'auth.signIn', { username: 'grace', password: 'nope' });
    expect([wrong.status, wrong.code, wrong.cookies]).toEqual([401, 'UNAUTHORIZED', []]);
  });

  it('lets an API key reach only its scopes and policies, and refuses it once revoked', async () => {
    await start();
    const { identity } = test.server.services;
    const admin = { id: 'root', kind: 'user' as const, credential: 'test', roles: ['admin' as const] };
    const evaluateOnly = await identity.createKey(admin, { name: 'scoring', scopes: ['evaluate'] });
    const bundlesOnly = await identity.createKey(admin, { name: 'sync', scopes: ['bundles'] });
    const limited = await identity.createKey(admin, {
      name: 'targets-only',
      scopes: ['evaluate', 'bundles'],
      policyKeys: ['service-targets'],
    });
    const as = (key: { secret: string }) => ({ 'x-api-key': key.secret });
    const code = async (
      key: { secret: string },
      type: 'query' | 'mutation',
      path: string,
      input: unknown,
    ): Promise<string> => (await callHttp(url, type, path, input, as(key))).code;

    const evaluate = { policyKey: SCORECARD, facts: SCORECARD_FACTS };
    const cases: [string, { secret: string }, 'query' | 'mutation', string, unknown, string][] = [
      ['evaluate-only evaluates', evaluateOnly, 'mutation', 'evaluation.evaluate', evaluate, 'ok'],
      [
        'evaluate-only creates no draft',
        evaluateOnly,
        'mutation',
        'policies.createDraft',
        { policyKey: SCORECARD, fromVersion: 1 },
        'FORBIDDEN',
      ],
      [
        'evaluate-only creates no user',
        evaluateOnly,
        'mutation',
        'users.create',
        { username: 'intruder', displayName: 'x', roles: ['admin'], password: PASSWORD },
        'FORBIDDEN',
      ],
      ['evaluate-only reads no audit', evaluateOnly, 'query', 'audit.list', {}, 'FORBIDDEN'],
      ['evaluate-only downloads no bundle', evaluateOnly, 'query', 'bundles.get', {}, 'FORBIDDEN'],
      ['bundles-only downloads bundles', bundlesOnly, 'query', 'bundles.get', {}, 'ok'],
      [
        'bundles-only does not evaluate',
        bundlesOnly,
        'mutation',
        'evaluation.evaluate',
        evaluate,
        'FORBIDDEN',
      ],
      [
        'bundles-only reports no decisions',
        bundlesOnly,
        'mutation',
        'decisions.report',
        { decisions: [] },
        'FORBIDDEN',
      ],
      [
        'the limited key evaluates only its policy',
        limited,
        'mutation',
        'evaluation.evaluate',
        evaluate,
        'FORBIDDEN',
      ],
      [
        'the limited key downloads no other policy',
        limited,
        'query',
        'bundles.get',
        { policyKeys: [SCORECARD] },
        'FORBIDDEN',
      ],
    ];
    const outcomes = [];
    for (const [name, key, type, path, input] of cases)
      outcomes.push([name, await code(key, type, path, input)]);
    expect(outcomes).toEqual(cases.map(([name, , , , , expected]) => [name, expected]));

    // Its own policy, and a bundle of only that policy when none is named.
    expect(
      await code(limited, 'mutation', 'evaluation.evaluate', { policyKey: 'service-targets', facts: {} }),
    ).toBe('FACTS_INVALID');
    const bundle = await callHttp(url, 'query', 'bundles.get', {}, as(limited));
    expect((bundle.data as { versions: { policyKey: string }[] }).versions.map((v) => v.policyKey)).toEqual([
      'service-targets',
    ]);
    // REST, for callers without tRPC.
    const rest = await fetch(`${url}/api/v1/policies/${SCORECARD}/evaluate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${limited.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ facts: SCORECARD_FACTS }),
    });
    expect(rest.status).toBe(403);

    // The key's actor is kind `key`, role `service`; refusals name the key and its credential.
    expect((await callHttp(url, 'query', 'system.info', undefined, as(evaluateOnly))).data).toMatchObject({
      actor: { id: 'key:scoring', kind: 'key', credential: `key:${evaluateOnly.key.id}`, roles: ['service'] },
    });
    const refusals = await test.server.services.audit.list({ action: 'access.refused', limit: 50 });
    expect(refusals.find((entry) => entry.entityId === 'policies.createDraft')).toMatchObject({
      actor: 'key:scoring',
      actorKind: 'key',
      credential: `key:${evaluateOnly.key.id}`,
    });

    await identity.revokeKey(admin, evaluateOnly.key.id);
    const revoked = await callHttp(url, 'mutation', 'evaluation.evaluate', evaluate, as(evaluateOnly));
    expect([revoked.status, revoked.code, revoked.message]).toEqual([
      401,
      'UNAUTHORIZED',
      'the API key has been revoked',
    ]);
    expect(await code(bundlesOnly, 'query', 'bundles.get', {})).toBe('ok');
  });

  it('ignores the development header unless PRECEPT_DEV_AUTH=1, which production refuses', async () => {
    await start();
    const dev = { 'x-precept-actor': 'dev', 'x-precept-roles': 'admin,author,reviewer,auditor' };
    expect((await callHttp(url, 'query', 'policies.list', {}, dev)).code).toBe('UNAUTHORIZED');
    await test.close();

    await start({ PRECEPT_DEV_AUTH: '1' });
    expect((await callHttp(url, 'query', 'auth.me', undefined, dev)).data).toMatchObject({
      actor: { id: 'dev', credential: 'dev-header' },
    });
    // A real credential still wins over the header.
    const signIn = await callHttp(url, 'mutation', 'auth.signIn', { username: 'grace', password: PASSWORD });
    const both = await callHttp(url, 'query', 'auth.me', undefined, {
      ...dev,
      cookie: cookieOf(signIn.cookies[0]),
    });
    expect(both.data).toMatchObject({ actor: { id: 'grace' } });

    expect(() => loadConfig({ PRECEPT_DEV_AUTH: '1', NODE_ENV: 'production' })).toThrow(/PRECEPT_DEV_AUTH/);
    expect(loadConfig({}).devAuth).toBe(false);
  });
});
