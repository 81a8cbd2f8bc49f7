// Real Precept servers in-process on in-memory PGlite, reached over HTTP as the CLI reaches them:
// one seeded with the guideline's default policies, or an empty installation (no seeding). The
// embedded demo's people (author, reviewer, auditor, …) sign in with one known password.
import { createServer, loadConfig, type PreceptServer } from '@precept/server';
import { createApi, type ServerApi } from '../src/server/connection.js';

/** The demo users' password on test servers. */
export const TEST_PASSWORD = 'cli-test-password';

/** A running test server. */
export interface TestServer {
  server: PreceptServer;
  url: string;
  /** The environment the CLI needs to act as `username` on this server. */
  envAs(username: string): Record<string, string>;
  /** A signed-in API client acting as `username`. */
  signIn(username: string): Promise<ServerApi>;
  stop(): Promise<void>;
}

/** Starts a server; `seed: false` makes an empty installation (no subjects, no policies). */
export async function startServer({ seed }: { seed: boolean }): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PRECEPT_DATA_DIR: 'memory://',
    PRECEPT_SEED: seed ? 'true' : 'false',
    // The demo flag creates the demo's people; with PGlite it also logs decisions for the seeded policies.
    PRECEPT_DEMO: 'true',
    PRECEPT_DEMO_PASSWORD: TEST_PASSWORD,
    PRECEPT_CONSOLE_DIR: '/nonexistent',
    PRECEPT_SWEEP_INTERVAL_MS: '0',
    PRECEPT_RETENTION_INTERVAL_MS: '0',
    PRECEPT_SIGNIN_DELAY_MS: '0',
    PRECEPT_SCRYPT_COST: '10',
    LOG_LEVEL: 'silent',
  });
  const server = await createServer(config);
  const { url } = await server.listen(0);
  return {
    server,
    url,
    envAs: (username) => ({ PRECEPT_URL: url, PRECEPT_USER: username, PRECEPT_PASSWORD: TEST_PASSWORD }),
    async signIn(username) {
      const normalized = url.endsWith('/') ? url : `${url}/`;
      const signedIn = await createApi(normalized, undefined).auth.signIn.mutate({
        username,
        password: TEST_PASSWORD,
        issueToken: true,
      });
      return createApi(normalized, signedIn.token);
    },
    stop: () => server.close(),
  };
}
