// Separation of duties across identity administration, walked as an attacker would over real HTTP
// (tRPC, sessions, an API key, the development header): an administrator cannot give itself a
// policy role, cannot put a grant into force alone, cannot take over an account with roles by
// resetting its password, and cannot act through an account whose password it chose. Each step is
// refused with FORBIDDEN (or a typed conflict) and the reason; two administrators make a working
// reviewer.
import { afterEach, describe, expect, it } from 'vitest';
import { SCORECARD, retitled } from '../../test/fixtures.js';
import { PROVIDERS, startTestServer, type TestServer } from '../../test/test-server.js';
import { callHttp, cookieOf } from '../../test/trpc-http.js';
import { SYSTEM_ACTOR } from '../../trpc/context.js';
import type { GrantRequest, PolicyVersion, User } from '@precept/schema';

const PASSWORD = 'first password set by someone';
const OWN = 'a password only its owner knows';

describe.each(PROVIDERS)('separation of duties in identity administration on %s', (provider) => {
  let test: TestServer;
  let url: string;
  afterEach(() => test?.close());

  const start = async (): Promise<void> => {
    test = await startTestServer(provider, { env: { PRECEPT_DEV_AUTH: '0', PRECEPT_SIGNIN_DELAY_MS: '0' } });
    ({ url } = await test.server.listen(0, '127.0.0.1'));
    const { identity } = test.server.services;
    // What the first start provides: two administrators and a reviewer, all trusted.
    for (const [username, roles] of [
      ['ada', ['admin']],
      ['ben', ['admin']],
      ['rita', ['reviewer']],
    ] as const) {
      await identity.createUser(SYSTEM_ACTOR, {
        username,
        displayName: username,
        roles: [...roles],
        password: OWN,
      });
    }
  };

  const signIn = async (username: string, password: string): Promise<{ cookie: string }> => {
    const call = await callHttp(url, 'mutation', 'auth.signIn', { username, password });
    expect([username, call.code, call.message]).toEqual([username, 'ok', '']);
    return { cookie: cookieOf(call.cookies[0]) };
  };
  const query = (as: { cookie: string } | Record<string, string>, path: string, input?: unknown) =>
    callHttp(url, 'query', path, input, as);
  const mutate = (as: { cookie: string } | Record<string, string>, path: string, input?: unknown) =>
    callHttp(url, 'mutation', path, input, as);
  const refused = async (call: Promise<{ code: string; message: string }>): Promise<[string, string]> => {
    const { code, message } = await call;
    return [code, message];
  };
  const pendingRequest = async (as: { cookie: string }, username: string): Promise<GrantRequest> => {
    const listed = (await query(as, 'users.requests', { status: 'pending' })).data as GrantRequest[];
    const found = listed.find((request) => request.username === username);
    expect(found, `a pending request for ${username}`).toBeDefined();
    return found!;
  };

  it('refuses every path by which one administrator puts a change into force alone', async () => {
    await start();
    const ada = await signIn('ada', OWN);
    const ben = await signIn('ben', OWN);

    // 1. An administrator holds no policy role, and cannot ask for one for itself.
    const both = await mutate(ada, 'users.update', { username: 'ada', roles: ['admin', 'reviewer'] });
    expect(both.code).toBe('VALIDATION');
    expect(both.text).toContain('an administrator holds no other role');
    expect(await refused(mutate(ada, 'users.update', { username: 'ada', roles: ['reviewer'] }))).toEqual([
      'FORBIDDEN',
      'ada cannot decide a grant request about their own account; another administrator must',
    ]);

    // 2. An author account with a password ada chose holds nothing until a second admin approves.
    const created = await mutate(ada, 'users.create', {
      username: 'mallory',
      displayName: 'Mallory',
      roles: ['author'],
      password: PASSWORD,
      reason: 'new author for the scorecard',
    });
    expect(created.code).toBe('ok');
    expect(created.data).toMatchObject({ roles: [], pendingRoles: ['author'], mustChangePassword: true });

    // 3. Signed in with that password, the account can do nothing but replace it.
    const mallory = await signIn('mallory', PASSWORD);
    expect(await refused(query(mallory, 'policies.list', {}))).toEqual([
      'FORBIDDEN',
      'policies.list is refused until you set your own password (auth.changePassword): the current one was set by an administrator',
    ]);
    const same = await mutate(mallory, 'auth.changePassword', {
      currentPassword: PASSWORD,
      newPassword: PASSWORD,
    });
    expect([same.code, same.text.includes('$.newPassword')]).toEqual(['VALIDATION', true]);
    expect(
      (await mutate(mallory, 'auth.changePassword', { currentPassword: PASSWORD, newPassword: OWN })).code,
    ).toBe('ok');
    expect(await refused(query(mallory, 'policies.list', {}))).toEqual([
      'FORBIDDEN',
      'policies.list needs one of the roles: admin, author, reviewer, auditor',
    ]);

    // 4. The requester cannot approve its own request; the subject cannot either.
    const authorRequest = await pendingRequest(ada, 'mallory');
    expect(await refused(mutate(ada, 'users.approveRequest', { id: authorRequest.id }))).toEqual([
      'FORBIDDEN',
      'a second administrator must approve this: ada asked for it, and nobody approves their own request',
    ]);
    expect((await mutate(mallory, 'users.approveRequest', { id: authorRequest.id })).code).toBe('FORBIDDEN');

    // 5. A second administrator created by ada holds nothing until ben approves it either.
    await mutate(ada, 'users.create', {
      username: 'eve',
      displayName: 'Eve',
      roles: ['admin'],
      password: PASSWORD,
    });
    const eve = await signIn('eve', PASSWORD);
    expect(
      (await mutate(eve, 'auth.changePassword', { currentPassword: PASSWORD, newPassword: OWN })).code,
    ).toBe('ok');
    expect(await refused(mutate(eve, 'users.approveRequest', { id: authorRequest.id }))).toEqual([
      'FORBIDDEN',
      'users.approveRequest needs one of the roles: admin',
    ]);

    // 6. Resetting the password of a person with roles waits for a second administrator: the
    // reviewer's own password still works, ada's does not.
    const reset = await mutate(ada, 'users.setPassword', { username: 'rita', password: PASSWORD });
    expect(reset.data).toMatchObject({
      roles: ['reviewer'],
      pendingPasswordReset: true,
      mustChangePassword: false,
    });
    expect(
      (await callHttp(url, 'mutation', 'auth.signIn', { username: 'rita', password: PASSWORD })).code,
    ).toBe('UNAUTHORIZED');
    const resetRequest = (await query(ada, 'users.requests', { status: 'pending' })).data as GrantRequest[];
    const passwordRequest = resetRequest.find((request) => request.kind === 'password')!;
    expect((await mutate(ada, 'users.approveRequest', { id: passwordRequest.id })).code).toBe('FORBIDDEN');
    expect(await refused(mutate(ada, 'users.setPassword', { username: 'ada', password: PASSWORD }))).toEqual([
      'FORBIDDEN',
      'change your own password with auth.changePassword (it asks for the current one)',
    ]);
    const rita = await signIn('rita', OWN);

    // 7. An API key never reaches a person's powers, whatever its scopes.
    const key = await mutate(ada, 'keys.create', { name: 'wide-key', scopes: ['evaluate', 'bundles'] });
    const bearer = { authorization: `Bearer ${(key.data as { secret: string }).secret}` };
    expect((await mutate(bearer, 'users.approveRequest', { id: authorRequest.id })).code).toBe('FORBIDDEN');
    expect(
      (await mutate(bearer, 'policies.createDraft', { policyKey: SCORECARD, fromVersion: 1 })).code,
    ).toBe('FORBIDDEN');

    // 8. The development header names nobody on a server without PRECEPT_DEV_AUTH=1.
    const header = { 'x-precept-actor': 'ben', 'x-precept-roles': 'admin' };
    expect((await mutate(header, 'users.approveRequest', { id: authorRequest.id })).code).toBe(
      'UNAUTHORIZED',
    );

    // 9. Re-creating a reviewer under the same name is refused; under a new one it waits like any other.
    await mutate(ada, 'users.update', { username: 'rita', disabled: true });
    expect(
      (
        await mutate(ada, 'users.create', {
          username: 'rita',
          displayName: 'R',
          roles: [],
          password: PASSWORD,
        })
      ).code,
    ).toBe('CONFLICT');
    const rita2 = await mutate(ada, 'users.create', {
      username: 'rita2',
      displayName: 'Rita again',
      roles: ['reviewer'],
      password: PASSWORD,
    });
    expect((rita2.data as User).roles).toEqual([]);
    expect(await refused(query(rita, 'policies.list', {}))).toEqual([
      'UNAUTHORIZED',
      'the session was signed out; sign in again',
    ]);

    // 10. Only ben makes mallory an author; a request overtaken by a role change is refused.
    expect(
      (await mutate(ben, 'users.approveRequest', { id: authorRequest.id, comment: 'checked with HR' })).code,
    ).toBe('ok');
    expect((await query(mallory, 'policies.list', {})).code).toBe('ok');
    await mutate(ada, 'users.update', { username: 'mallory', roles: ['author', 'reviewer'] });
    const reviewerRequest = await pendingRequest(ada, 'mallory');
    await mutate(ada, 'users.update', { username: 'mallory', roles: [] });
    expect(await refused(mutate(ben, 'users.approveRequest', { id: reviewerRequest.id }))).toEqual([
      'CONFLICT',
      `grant request "${reviewerRequest.id}" is outdated: mallory's roles changed since it was made; reject it and ask again`,
    ]);
    expect(
      (await mutate(ben, 'users.rejectRequest', { id: reviewerRequest.id, comment: 'outdated' })).data,
    ).toMatchObject({
      status: 'rejected',
      decidedBy: 'ben',
    });
    expect(await refused(mutate(ben, 'users.approveRequest', { id: reviewerRequest.id }))).toEqual([
      'CONFLICT',
      `grant request "${reviewerRequest.id}" is rejected (by ben)`,
    ]);

    // Every refusal above left a row in the audit chain.
    const refusals = (await test.server.services.audit.list({ limit: 500 })).filter((entry) =>
      entry.action.endsWith('.refused'),
    );
    expect(refusals.map((entry) => entry.actor)).toEqual(
      expect.arrayContaining(['ada', 'mallory', 'eve', 'key:wide-key']),
    );
  });

  it('needs two administrators to make a working reviewer, who still cannot approve their own change', async () => {
    await start();
    const ada = await signIn('ada', OWN);
    const ben = await signIn('ben', OWN);
    await mutate(ada, 'users.create', {
      username: 'rex',
      displayName: 'Rex',
      roles: ['author'],
      password: PASSWORD,
    });
    await mutate(ben, 'users.approveRequest', { id: (await pendingRequest(ben, 'rex')).id });
    const rex = await signIn('rex', PASSWORD);
    await mutate(rex, 'auth.changePassword', { currentPassword: PASSWORD, newPassword: OWN });

    // Rex drafts and submits as an author …
    const draft = (await mutate(rex, 'policies.createDraft', { policyKey: SCORECARD, fromVersion: 1 }))
      .data as PolicyVersion;
    const edited = (
      await mutate(rex, 'policies.updateDraft', {
        policyKey: SCORECARD,
        version: draft.version,
        lockVersion: draft.lockVersion,
        document: retitled(draft.document, 'rex edit'),
      })
    ).data as PolicyVersion;
    const submitted = (
      await mutate(rex, 'policies.submit', {
        policyKey: SCORECARD,
        version: draft.version,
        lockVersion: edited.lockVersion,
        changeNote: 'why: a test',
      })
    ).data as PolicyVersion;

    // … then becomes a reviewer too (two admins), and still cannot approve what he wrote.
    await mutate(ada, 'users.update', { username: 'rex', roles: ['author', 'reviewer'] });
    const grant = await pendingRequest(ada, 'rex');
    expect(grant).toMatchObject({
      rolesBefore: ['author'],
      rolesAfter: ['author', 'reviewer'],
      requestedBy: 'ada',
    });
    expect((await mutate(ben, 'users.approveRequest', { id: grant.id })).data).toMatchObject({
      status: 'approved',
      decidedBy: 'ben',
    });
    const me = (await query(rex, 'auth.me')).data as { actor: { roles: string[] } };
    expect(me.actor.roles).toEqual(['author', 'reviewer']);
    const approve = await mutate(rex, 'policies.approve', {
      policyKey: SCORECARD,
      version: submitted.version,
      lockVersion: submitted.lockVersion,
      comment: 'my own',
    });
    expect(approve.code).toBe('FORBIDDEN');

    // The audit chain tells who asked and who approved.
    const trail = (await test.server.services.audit.list({ entityType: 'user', entityId: 'rex', limit: 50 }))
      .reverse()
      .map((entry) => [entry.action, entry.actor]);
    expect(trail).toEqual(
      expect.arrayContaining([
        ['user.create', 'ada'],
        ['user.request.create', 'ada'],
        ['user.request.approve', 'ben'],
        ['user.password.change', 'rex'],
      ]),
    );
  });

  it('lets the requester withdraw, and keeps the first administrators of a real database to their own passwords', async () => {
    await start();
    const ada = await signIn('ada', OWN);
    await mutate(ada, 'users.create', {
      username: 'zoe',
      displayName: 'Zoe',
      roles: ['auditor'],
      password: PASSWORD,
    });
    const request = await pendingRequest(ada, 'zoe');
    expect((await mutate(ada, 'users.rejectRequest', { id: request.id })).data).toMatchObject({
      status: 'withdrawn',
      decidedBy: 'ada',
    });
    const zoe = (await query(ada, 'users.list')).data as User[];
    expect(zoe.find((user) => user.username === 'zoe')).toMatchObject({ roles: [], pendingRoles: null });
    expect((await mutate(ada, 'users.approveRequest', { id: 'gr_nope' })).code).toBe('NOT_FOUND');
  });
});
