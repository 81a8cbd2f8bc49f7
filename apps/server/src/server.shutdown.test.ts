// Shutdown as a load balancer sees it: readiness fails the moment shutdown begins, while the
// server still answers; a request in flight completes and its decision is committed; then the
// port closes and the database with it.
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SCORECARD, SCORECARD_FACTS } from './test/fixtures.js';
import { sampleOf } from './test/metrics-text.js';
import { PROVIDERS, rawQuery, startTestServer, type TestServer } from './test/test-server.js';

describe.each(PROVIDERS)('shutdown on %s', (provider) => {
  let test: TestServer | undefined;
  afterEach(async () => {
    await test?.close();
    test = undefined;
  });

  it('fails readiness at once, finishes the request in flight, flushes its decision, then closes', async () => {
    test = await startTestServer(provider, {
      keepPgliteOpen: true,
      env: { PRECEPT_SHUTDOWN_DELAY_MS: '1500' },
    });
    const { server } = test;
    const { url } = await server.listen(0, '127.0.0.1');
    expect(await server.readiness()).toBe('ready');

    // A request whose body is still arriving when shutdown begins.
    const inFlight: { finish?: () => void } = {};
    const body = JSON.stringify({ facts: SCORECARD_FACTS, asOf: '2026-03-31' });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        `${url}/api/v1/policies/${SCORECARD}/evaluate`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 20));
      inFlight.finish = () => req.end(body.slice(20));
    });
    const gauge = async () =>
      sampleOf((await server.metrics.render()).body, 'precept_http_requests_in_flight') ?? 0;
    await vi.waitFor(async () => expect(await gauge()).toBe(1), { timeout: 5000, interval: 10 });

    const closed = server.close();
    expect(await server.readiness()).toBe('shutting_down');
    const probe = await fetch(`${url}/readyz`);
    expect(probe.status).toBe(503);
    expect(await probe.json()).toEqual({ status: 'shutting_down' });
    expect(sampleOf((await server.metrics.render()).body, 'precept_shutting_down')).toBe(1);

    inFlight.finish!();
    const { status, text } = await answered;
    expect(status).toBe(200);
    const { decisionId } = JSON.parse(text) as { decisionId: string };
    await closed;

    // Committed before the database closed, and nothing listens any more.
    const rows = await rawQuery<{ id: string }>(test, 'select id from decisions where id = $1', [decisionId]);
    expect(rows).toEqual([{ id: decisionId }]);
    await expect(fetch(`${url}/readyz`)).rejects.toThrow();
  });

  it('reports shutting_down from close() on even without a listener', async () => {
    test = await startTestServer(provider);
    expect(await test.server.readiness()).toBe('ready');
    const closed = test.server.close();
    expect(await test.server.readiness()).toBe('shutting_down');
    await closed;
  });
});
