import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDERS, startTestServer, type TestServer } from '../test/test-server.js';

const SCORECARD = 'service-performance-scorecard';

describe.each(PROVIDERS)('HTTP on %s', (provider) => {
  let test: TestServer;
  let url: string;

  beforeEach(async () => {
    test = await startTestServer(provider);
    ({ url } = await test.server.listen(0, '127.0.0.1'));
  });
  afterEach(() => test.close());

  it('answers liveness and readiness', async () => {
    const healthz = await fetch(`${url}/healthz`);
    expect(healthz.status).toBe(200);
    const readyz = await fetch(`${url}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toEqual({ status: 'ready' });
  });

  it('lists the seeded policies over tRPC', async () => {
    const response = await fetch(`${url}/trpc/policies.list`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { policy: { key: string } }[] } };
    expect(body.result.data.map((entry) => entry.policy.key)).toContain(SCORECARD);
    expect(body.result.data).toHaveLength(8);
  });
});
