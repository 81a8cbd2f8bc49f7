import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log/logger.js';
import { retitled, SCORECARD, SCORECARD_FACTS } from '../test/fixtures.js';
import { sampleOf } from '../test/metrics-text.js';
import { PROVIDERS, rawQuery, startTestServer, type TestServer } from '../test/test-server.js';

const postgresOnly = PROVIDERS.includes('postgres') ? describe : describe.skip;

postgresOnly('PostgreSQL connections', () => {
  let test: TestServer;
  afterEach(() => test?.close());

  it('survives the database dropping every connection: the pool and LISTEN reconnect', async () => {
    const lines: string[] = [];
    test = await startTestServer('postgres', { log: createLogger('info', (line) => lines.push(line)) });
    const { caller } = test;
    // Fill the pool with idle connections, then have PostgreSQL terminate all of them (and LISTEN's).
    await Promise.all(Array.from({ length: 4 }, () => caller.policies.list()));
    const killed = await rawQuery<{ pid: number }>(
      test,
      `select pg_terminate_backend(pid) as pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    expect(killed.length).toBeGreaterThanOrEqual(2);

    // Requests fail at worst with UNAVAILABLE and then recover; the process is still here to answer.
    await vi.waitFor(
      async () => {
        const result = await caller.evaluation.evaluate({
          policyKey: SCORECARD,
          facts: SCORECARD_FACTS,
          trace: false,
        });
        expect(result.version).toBe(1);
      },
      { timeout: 10_000, interval: 100 },
    );
    // Each channel has its own listening connection (policies, credentials): wait for the policies one.
    await vi.waitFor(
      () =>
        expect(
          lines.some(
            (line) =>
              line.includes('notification connection restored') && line.includes('precept_policy_changed'),
          ),
        ).toBe(true),
      {
        timeout: 10_000,
        interval: 50,
      },
    );
    expect(lines.some((line) => line.includes('connection lost'))).toBe(true);
    // The metrics saw it too: the loss, the reconnect, and the channel up again.
    const { body } = await test.server.metrics.render();
    const channel = { channel: 'precept_policy_changed' };
    expect(sampleOf(body, 'precept_db_listen_losses_total', channel)).toBeGreaterThanOrEqual(1);
    expect(sampleOf(body, 'precept_db_listen_reconnects_total', channel)).toBeGreaterThanOrEqual(1);
    expect(sampleOf(body, 'precept_db_listen_connected', channel)).toBe(1);

    // The restored LISTEN connection delivers notifications again: a raw NOTIFY invalidates the cache.
    const invalidated = vi.spyOn(test.server.services.evaluation, 'invalidate');
    await rawQuery(test, `select pg_notify('precept_policy_changed', $1)`, [SCORECARD]);
    await vi.waitFor(() => expect(invalidated).toHaveBeenCalledWith(SCORECARD), {
      timeout: 2000,
      interval: 10,
    });

    const draft = await caller.policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    expect(retitled(draft.document, 'ok')).toBeDefined();
  });
});
