// Starts the server from the environment, logs where it listens, and shuts down gracefully on
// SIGINT / SIGTERM (finish in-flight requests, flush the decision log, close the database).
import { loadConfig } from './config.js';
import { describeFirstUsers } from './features/identity/identity.first-users.js';
import { createLogger } from './log/logger.js';
import { createServer } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const server = await createServer(config, { log });
  // Passwords generated at the first start exist nowhere else: show them once, to whoever started it.
  if (server.firstUsers !== undefined) process.stdout.write(describeFirstUsers(server.firstUsers));
  // A signing key made at this start: its public half is what recipients of evidence trust.
  if (server.keys.origin.signing === 'generated') {
    process.stdout.write(
      `\nEvidence exports are signed with a new Ed25519 key (id ${server.keys.signingKeyId}).\n` +
        `Publish this public key to those who verify exports (also at GET /trpc/system.signingKey):\n\n${server.keys.publicKeyPem}\n`,
    );
  }
  const { url } = await server.listen();
  log.info('precept server listening', {
    url,
    database: config.database.kind === 'pglite' ? `pglite:${config.database.dataDir}` : 'postgres',
    demo: config.demo,
    console: config.consoleDir,
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

process.on('unhandledRejection', (reason) => {
  createLogger('error').error('unhandled rejection', { error: reason });
});

main().catch((error: unknown) => {
  createLogger('error').error('failed to start', { error });
  process.exit(1);
});
