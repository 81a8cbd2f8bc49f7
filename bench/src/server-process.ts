// Child process entry: the real Precept server, built by its own composition root from the
// environment the bench passes (loadConfig → createServer → listen), on loopback. Before listening it
// issues an API key with the `evaluate` scope — what an administrator gives a business line — so the
// load authenticates exactly as production callers do. Reports `{ port, apiKey }` to the parent over
// IPC and shuts down gracefully (flushing the decision log) on SIGTERM.
import type { Actor } from '@precept/schema';
import { createServer, loadConfig } from '@precept/server';

/** The administrator who issues the bench's key (recorded in the audit log like any admin). */
const BENCH_ADMIN: Actor = { id: 'bench-admin', kind: 'system', credential: 'bench', roles: ['admin'] };

try {
  const server = await createServer(loadConfig());
  const { secret } = await server.services.identity.createKey(BENCH_ADMIN, {
    name: `bench ${process.pid}`,
    scopes: ['evaluate'],
  });
  const { port } = await server.listen();
  process.send?.({ port, apiKey: secret });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
} catch (error) {
  process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
