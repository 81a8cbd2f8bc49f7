// Two instances on one database: each remembers authenticated credentials for a few seconds, so a
// revocation through one must reach the other's memory through the credentials notification.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PreceptServer } from '../../server.js';
import { PROVIDERS, startSecondServer, startTestServer, type TestServer } from '../../test/test-server.js';
import { SYSTEM_ACTOR } from '../../trpc/context.js';
import type { PresentedCredential } from './identity.credentials.js';

const PASSWORD = 'scale out password';

describe.each(PROVIDERS)('credentials across two instances on one %s database', (provider) => {
  let first: TestServer;
  let second: PreceptServer | undefined;
  afterEach(async () => {
    await second?.close();
    await first?.close();
  });

  it.each<
    [string, (a: PreceptServer) => Promise<PresentedCredential>, (a: PreceptServer) => Promise<unknown>]
  >([
    [
      'a revoked API key',
      async (a) => ({
        kind: 'key',
        secret: (await a.services.identity.createKey(SYSTEM_ACTOR, { name: 'line', scopes: ['evaluate'] }))
          .secret,
      }),
      async (a) => {
        const [key] = await a.services.identity.listKeys(false);
        return a.services.identity.revokeKey(SYSTEM_ACTOR, key!.id);
      },
    ],
    [
      "a disabled person's session",
      async (a) => {
        await a.services.identity.createUser(SYSTEM_ACTOR, {
          username: 'ivan',
          displayName: 'Ivan',
          roles: ['author'],
          password: PASSWORD,
        });
        const client = { remoteAddress: null, userAgent: null };
        const { token } = await a.services.identity.signIn({ username: 'ivan', password: PASSWORD }, client);
        return { kind: 'session', token, via: 'bearer' };
      },
      (a) => a.services.identity.updateUser(SYSTEM_ACTOR, { username: 'ivan', disabled: true }),
    ],
  ])('refuses %s on the other instance once it is notified', async (_name, issue, withdraw) => {
    first = await startTestServer(provider);
    second = await startSecondServer(first);
    const credential = await issue(first.server);
    // The second instance authenticates (and so remembers) the credential before it is withdrawn.
    expect((await second.services.identity.authenticate(credential)).actor).not.toBeNull();
    const forgotten = vi.spyOn(second.services.identity, 'forgetCredentials');
    await withdraw(first.server);
    // The withdrawing instance refuses at once.
    expect((await first.server.services.identity.authenticate(credential)).actor).toBeNull();
    await vi.waitFor(() => expect(forgotten).toHaveBeenCalled(), { timeout: 2000, interval: 10 });
    expect((await second.services.identity.authenticate(credential)).actor).toBeNull();
  });
});
