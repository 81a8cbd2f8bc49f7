import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log/logger.js';
import { GUIDELINE_POLICIES } from '@precept/schema';
import { PROVIDERS, startTestServer, type TestServer } from '../test/test-server.js';
import { targetOf } from './http-handler.js';

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
  it('evaluates over plain JSON REST, single and batch', async () => {
    const facts = GUIDELINE_POLICIES.find((p) => p.policy.key === SCORECARD)!.testCases[0]!.facts;
    const single = await fetch(`${url}/api/v1/policies/${SCORECARD}/evaluate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-precept-actor': 'branch-system' },
      body: JSON.stringify({ facts, asOf: '2026-03-31', trace: false }),
    });
    expect(single.status).toBe(200);
    const decision = (await single.json()) as {
      decisionId: string;
      version: number;
      outcome: { total: number };
      trace: unknown[];
    };
    expect(decision).toMatchObject({ version: 1, outcome: { total: 110 }, trace: [] });
    const recorded = await test.caller.decisions.get({ id: decision.decisionId });
    expect(recorded.caller).toBe('branch-system');

    const batch = await fetch(`${url}/api/v1/policies/${SCORECARD}/evaluate-batch`, {
      method: 'POST',
      body: JSON.stringify({ asOf: '2026-03-31', items: [{ facts }, { facts: {} }] }),
    });
    expect(batch.status).toBe(200);
    const { results } = (await batch.json()) as { results: { ok: boolean }[] };
    expect(results.map((r) => r.ok)).toEqual([true, false]);
  });
});

describe('unexpected failures', () => {
  let test: TestServer;
  afterEach(() => test.close());

  it('answer INTERNAL with an error id that is logged with the detail the client never sees', async () => {
    const lines: string[] = [];
    test = await startTestServer('pglite', { log: createLogger('info', (line) => lines.push(line)) });
    const { url } = await test.server.listen(0, '127.0.0.1');
    vi.spyOn(test.server.services.policies, 'list').mockRejectedValue(new Error('secret detail 1'));
    vi.spyOn(test.server.services.bundles, 'get').mockRejectedValue(new Error('secret detail 2'));

    const trpc = await fetch(`${url}/trpc/policies.list`);
    const trpcText = await trpc.text();
    expect(trpc.status).toBe(500);
    const trpcError = (JSON.parse(trpcText) as { error: { data: { appCode: string; errorId: string } } })
      .error;
    expect(trpcError.data.appCode).toBe('INTERNAL');

    const rest = await fetch(`${url}/api/v1/bundles`);
    const restText = await rest.text();
    expect(rest.status).toBe(500);
    const restError = (JSON.parse(restText) as { error: { code: string; errorId: string } }).error;
    expect(restError.code).toBe('INTERNAL');

    for (const [text, errorId, detail] of [
      [trpcText, trpcError.data.errorId, 'secret detail 1'],
      [restText, restError.errorId, 'secret detail 2'],
    ] as const) {
      expect(text).not.toContain('secret detail');
      expect(text).toContain(errorId);
      const logged = lines.find((line) => line.includes(errorId));
      expect(logged).toContain(detail);
    }
  });
});

describe('request targets', () => {
  it.each([
    '/',
    '/healthz',
    '/api/v1/policies/service-targets/evaluate',
    '/api/v1/policies/a.b~c_d-e/evaluate',
    '/api/v1/bundles?policies=a,b&asOf=2026-01-01',
    '/api/v1/policies/%73ervice/evaluate',
    '/api/v1/../healthz',
    '/api/./v1/x',
    '/api//v1',
    '//host/path',
    '/a b',
    '/trpc/policies.list?input=%7B%7D',
    '/x#fragment',
    '/assets/..%2fsecret',
    '/a\\b',
  ])('%s reads as new URL reads it', (target) => {
    const url = new URL(target, 'http://localhost');
    const { pathname, query } = targetOf(target);
    expect(pathname).toBe(url.pathname);
    expect([...query()]).toEqual([...url.searchParams]);
  });
});
