// Child process entry: the real Precept server, built by its own composition root from the
// environment the bench passes (loadConfig → createServer → listen), on loopback. Reports its port
// to the parent over IPC and shuts down gracefully (flushing the decision log) on SIGTERM.
import { createServer, loadConfig } from '@precept/server';

try {
  const server = await createServer(loadConfig());
  const { port } = await server.listen();
  process.send?.({ port });
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
