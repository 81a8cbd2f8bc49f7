import { PGlite } from '@electric-sql/pglite';
import { ENGINE_VERSION } from '@precept/rules';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { createDecisionWriter } from '../features/decisions/decisions.writer.js';
import { SCORECARD, SCORECARD_FACTS } from '../test/fixtures.js';
import { labelSetsOf, sampleOf } from '../test/metrics-text.js';
import { PROVIDERS, startTestServer, type TestServer } from '../test/test-server.js';
import { createMetrics } from './metrics.js';

const EVALUATE_ROUTE = '/api/v1/policies/{policyKey}/evaluate';

describe.each(PROVIDERS)('/metrics on %s', (provider) => {
  let test: TestServer | undefined;
  afterEach(async () => {
    await test?.close();
    test = undefined;
  });

  it('shows requests, procedure calls, decisions and the decision log after a load', async () => {
    test = await startTestServer(provider);
    const { url } = await test.server.listen(0, '127.0.0.1');
    const evaluate = (policyKey: string, headers: Record<string, string> = {}) =>
      fetch(`${url}/api/v1/policies/${policyKey}/evaluate`, {
        method: 'POST',
        headers: { 'x-precept-actor': 'branch-system', ...headers },
        body: JSON.stringify({ facts: SCORECARD_FACTS, asOf: '2026-03-31' }),
      });

    // A short load: 40 concurrent evaluations (the writer groups their rows), a tRPC batch, errors.
    const responses = await Promise.all(Array.from({ length: 40 }, () => evaluate(SCORECARD)));
    expect(responses.map((response) => response.status)).toEqual(Array(40).fill(200));
    const batch = await fetch(`${url}/trpc/evaluation.evaluateBatch,evaluation.evaluate?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        0: { policyKey: SCORECARD, asOf: '2026-03-31', items: [{ facts: SCORECARD_FACTS }, { facts: {} }] },
        1: { policyKey: SCORECARD, asOf: '2026-03-31', facts: SCORECARD_FACTS },
      }),
    });
    expect(batch.status).toBe(200);
    expect((await fetch(`${url}/trpc/policies.list`)).status).toBe(200);
    expect((await evaluate('no-such-policy')).status).toBe(404);
    expect((await evaluate(SCORECARD, { 'x-precept-actor': 'bad actor' })).status).toBe(401);
    expect((await fetch(`${url}/api/v1/nothing-here`)).status).toBe(404);
    expect((await fetch(`${url}/trpc/no.such.procedure`)).status).toBe(404);

    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();

    const requests = (route: string, status: string) =>
      sampleOf(text, 'precept_http_requests_total', { method: 'POST', route, status });
    expect(requests(EVALUATE_ROUTE, '200')).toBe(40);
    expect(requests(EVALUATE_ROUTE, '404')).toBe(1);
    expect(requests(EVALUATE_ROUTE, '401')).toBe(1);
    expect(requests('/trpc/{batch}', '200')).toBe(1);
    expect(sampleOf(text, 'precept_http_requests_total', { route: '/api/{unknown}', status: '404' })).toBe(1);
    expect(sampleOf(text, 'precept_http_requests_total', { route: '/trpc/{unknown}', status: '404' })).toBe(
      1,
    );
    expect(
      sampleOf(text, 'precept_http_request_duration_seconds_count', { route: EVALUATE_ROUTE, status: '200' }),
    ).toBe(40);
    expect(
      sampleOf(text, 'precept_http_request_duration_seconds_bucket', {
        route: EVALUATE_ROUTE,
        status: '200',
        le: '+Inf',
      }),
    ).toBe(40);
    // The scrape itself is in flight while it renders.
    expect(sampleOf(text, 'precept_http_requests_in_flight')).toBe(1);

    // Calls by procedure, whether they came over tRPC (batched) or the REST route that stands for one.
    const calls = (procedure: string, code: string) =>
      sampleOf(text, 'precept_procedure_calls_total', { procedure, code });
    expect(calls('evaluation.evaluate', 'OK')).toBe(41);
    expect(calls('evaluation.evaluate', 'NOT_FOUND')).toBe(1);
    expect(calls('evaluation.evaluate', 'UNAUTHORIZED')).toBe(1);
    expect(calls('evaluation.evaluateBatch', 'OK')).toBe(1);
    expect(calls('policies.list', 'OK')).toBe(1);
    expect(
      sampleOf(text, 'precept_procedure_call_duration_seconds_count', { procedure: 'policies.list' }),
    ).toBe(1);

    // Decisions by policy and version; a policy that does not exist never becomes a label.
    expect(
      sampleOf(text, 'precept_decisions_total', { policy: SCORECARD, version: '1', source: 'server' }),
    ).toBe(42);
    expect(labelSetsOf(text, 'precept_decisions_total').map((labels) => labels.policy)).toEqual([SCORECARD]);

    // The decision log: every row written (how many INSERTs it took depends on timing), nothing queued.
    expect(sampleOf(text, 'precept_decision_log_rows_written_total')).toBe(42);
    expect(sampleOf(text, 'precept_decision_log_batch_rows_sum')).toBe(42);
    const inserts = sampleOf(text, 'precept_decision_log_batch_rows_count')!;
    expect(inserts).toBeGreaterThan(0);
    expect(inserts).toBeLessThanOrEqual(42);
    expect(sampleOf(text, 'precept_decision_log_flush_duration_seconds_count')).toBe(inserts);
    expect(sampleOf(text, 'precept_decision_log_flush_failures_total')).toBe(0);
    expect(sampleOf(text, 'precept_decision_log_queue_rows')).toBe(0);

    expect(sampleOf(text, 'precept_build_info', { engine_version: ENGINE_VERSION, database: provider })).toBe(
      1,
    );
    expect(sampleOf(text, 'precept_shutting_down')).toBe(0);
    // The process's own metrics come along.
    expect(sampleOf(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sampleOf(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    if (provider === 'postgres') {
      expect(sampleOf(text, 'precept_db_pool_connections', { state: 'max' })).toBe(
        test.config.database.kind === 'postgres' ? test.config.database.poolMax : 0,
      );
      expect(sampleOf(text, 'precept_db_pool_connections', { state: 'idle' })).toBeGreaterThan(0);
      expect(sampleOf(text, 'precept_db_pool_waiting_queries')).toBe(0);
      expect(sampleOf(text, 'precept_db_listen_connected', { channel: 'precept_policy_changed' })).toBe(1);
      expect(
        sampleOf(text, 'precept_db_listen_reconnects_total', { channel: 'precept_policy_changed' }),
      ).toBe(0);
    } else {
      // PGlite is one in-process connection: no pool, no LISTEN connection to lose.
      expect(sampleOf(text, 'precept_db_pool_connections')).toBeUndefined();
      expect(sampleOf(text, 'precept_db_pool_waiting_queries')).toBeUndefined();
    }
  });

  it('asks for one of the bearer tokens of PRECEPT_METRICS_TOKEN when it is set', async () => {
    const token = 'scrape-token-0123456789';
    const next = 'next-scrape-token-abcdef';
    test = await startTestServer(provider, { env: { PRECEPT_METRICS_TOKEN: `${token},${next}` } });
    const { url } = await test.server.listen(0, '127.0.0.1');

    for (const authorization of [
      undefined,
      'Bearer wrong-token-0123456789',
      `Basic ${token}`,
      `Bearer ${token}x`,
    ]) {
      const refused = await fetch(`${url}/metrics`, {
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      const body = (await refused.json()) as { error: { code: string; requestId: string } };
      expect(body.error.code).toBe('UNAUTHORIZED');
      expect(body.error.requestId).toBe(refused.headers.get('x-request-id'));
    }
    for (const accepted of [token, next]) {
      const allowed = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${accepted}` } });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain('precept_http_requests_total');
    }
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(400);
  });
});

describe('the decision writer’s metrics', () => {
  it('count a failed INSERT and its rows, and leave nothing queued', async () => {
    // An empty database: the decisions table does not exist, so the INSERT fails.
    const pglite = new PGlite();
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    const metrics = createMetrics({
      serverVersion: 'test',
      engineVersion: ENGINE_VERSION,
      database: 'pglite',
    });
    const writer = createDecisionWriter({ db, observer: metrics.decisionLog });
    const row = {
      id: '00000000-0000-4000-8000-000000000001',
      policyKey: SCORECARD,
      version: 1,
      contentHash: 'x'.repeat(64),
      engineVersion: ENGINE_VERSION,
      asOf: '2026-03-31',
      facts: SCORECARD_FACTS,
      outcome: {} as never,
      outcomeHash: null,
      verdict: 'none',
      pseudonymised: [],
      pseudonyms: [],
      durationMs: 0.1,
      caller: 'test',
      source: 'server' as const,
      createdAt: new Date(0),
    };
    await expect(
      writer.write([row, { ...row, id: '00000000-0000-4000-8000-000000000002' }]),
    ).rejects.toThrow();
    await writer.drain();
    const { body } = await metrics.render();
    expect(sampleOf(body, 'precept_decision_log_flush_failures_total')).toBe(1);
    expect(sampleOf(body, 'precept_decision_log_batch_rows_sum')).toBe(2);
    expect(sampleOf(body, 'precept_decision_log_rows_written_total')).toBe(0);
    expect(sampleOf(body, 'precept_decision_log_queue_rows')).toBe(0);
    await db.destroy();
  });
});
