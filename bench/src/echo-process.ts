// Child process entry: a bare node:http JSON server on loopback, in one of two modes.
//
// - echo (default): reads the body, parses it, serialises it back; nothing else. The ceiling any
//   Node HTTP service on this machine can reach.
// - replies (`PRECEPT_ECHO_REPLIES=1`): the parent first sends `{ replies: [body, response][] }`;
//   each request's body is parsed as in the echo, and the response stored for that body text is
//   serialised and sent. The ceiling of a service whose answers are as large as `evaluate`'s,
//   doing none of its work (no authentication, no validation, no evaluation, no log).
import http from 'node:http';

function listen(replies: ReadonlyMap<string, unknown> | undefined): void {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: string;
      try {
        const parsed: unknown = JSON.parse(text);
        body = JSON.stringify(replies?.get(text) ?? parsed);
      } catch {
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad json"}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

if (process.env.PRECEPT_ECHO_REPLIES === '1') {
  process.once('message', (message: { replies?: [string, unknown][] }) => {
    listen(new Map(message.replies ?? []));
  });
} else {
  listen(undefined);
}
process.on('disconnect', () => process.exit(0));
