// The local evaluator against a real server: it follows a publish within one refresh interval,
// holds scheduled versions, survives the server going away and coming back, and never evaluates
// with a broken download.
import { GUIDELINE_EFFECTIVE_FROM, findGuidelinePolicy } from '@precept/schema';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, type BundleChange, type LocalEvaluator, type LocalOptions } from '../src/index.js';
import { instrumentedFetch, type BundleMode } from './instrumented-fetch.js';
import {
  newDataDir,
  publishNewVersion,
  removeDataDir,
  startServer,
  type TestServer,
} from './server-harness.js';

const SCORECARD = 'service-performance-scorecard';
const facts = findGuidelinePolicy(SCORECARD)!.testCases[0]!.facts;
const waitLong = { timeout: 30_000, interval: 20 };

/** An edit the policy's test cases accept (they check totals and grades): retitle the first line. */
const retitle = (marker: string) => (document: Record<string, unknown>) => {
  const lines = document.lines as { title: { zh: string; en: string } }[];
  lines[0]!.title = { ...lines[0]!.title, en: marker };
  return document;
};
const firstTitle = (decision: { outcome: { lines: { title: { en: string } }[] } }) =>
  decision.outcome.lines[0]?.title.en;

let locals: LocalEvaluator[] = [];
afterEach(async () => {
  await Promise.all(locals.map((local) => local.close()));
  locals = [];
});

async function connect(server: TestServer, localOptions: Partial<LocalOptions> = {}) {
  const instrumented = instrumentedFetch();
  const client = createClient({
    url: server.url,
    apiKey: server.apiKey,
    fetch: instrumented.fetch,
    retries: 0,
  });
  const local = client.local({
    publicKey: server.publicKey,
    policies: [SCORECARD],
    refreshMs: 100,
    reportFlushMs: 100,
    ...localOptions,
  });
  locals.push(local);
  const ready = await local.ready({ signal: AbortSignal.timeout(60_000) });
  if (!ready.ok) throw new Error(ready.error.message);
  const changes: BundleChange[] = [];
  local.onChange((change) => changes.push(change));
  return { client, local, instrumented, changes };
}

async function decide(local: LocalEvaluator, asOf?: string) {
  const result = await local.evaluate(SCORECARD, facts, { kind: 'scorecard', ...(asOf ? { asOf } : {}) });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function withServer(): Promise<TestServer> {
  return startServer(await newDataDir());
}

async function dispose(server: TestServer | undefined): Promise<void> {
  if (!server) return;
  await server.stop().catch(() => undefined);
  await removeDataDir(server.dataDir);
}

describe('local evaluation follows publishes', { timeout: 120_000 }, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await withServer();
  }, 120_000);
  afterAll(() => dispose(server));

  it('picks a publish up at the first refresh that starts after it', async () => {
    const { local, instrumented, changes } = await connect(server);
    const before = await decide(local);
    const published = await publishNewVersion(server.server, SCORECARD, retitle('followed'));
    const startedBeforePublishDone = instrumented.started();
    const change = [{ policyKey: SCORECARD, from: before.version, to: published.version }];
    await vi.waitFor(() => expect(changes.at(-1)?.changed).toEqual(change), waitLong);
    const firstAfter = instrumented.requests.find((request) => request.seq > startedBeforePublishDone);
    expect(firstAfter).toMatchObject({ status: 200, versions: { [SCORECARD]: published.version } });
    const after = await decide(local);
    expect(after).toMatchObject({ version: published.version, contentHash: published.contentHash });
    expect(firstTitle(after)).toBe('followed');
  });

  it.each<{ mode: BundleMode; code: string }>([
    { mode: 'cut-body', code: 'UNAVAILABLE' },
    { mode: 'drop-mid-body', code: 'UNAVAILABLE' },
    { mode: 'not-json', code: 'UNAVAILABLE' },
    { mode: 'invalid-document', code: 'VALIDATION' },
    { mode: 'tampered-document', code: 'VALIDATION' },
  ])('never evaluates with a broken download ($mode): the last good bundle stays', async ({ mode, code }) => {
    const { local, instrumented, changes } = await connect(server);
    const good = await decide(local);
    instrumented.setMode(mode);
    const published = await publishNewVersion(server.server, SCORECARD, retitle(`after ${mode}`));
    const startedAfterPublish = instrumented.started();
    await vi.waitFor(() => {
      const broken = instrumented.requests.filter(
        (request) => request.seq > startedAfterPublish && request.versions[SCORECARD] === published.version,
      );
      expect(broken.length).toBeGreaterThanOrEqual(2);
      expect(local.status().lastError).toMatchObject({ code });
    }, waitLong);
    const during = await decide(local);
    expect(during).toMatchObject({ version: good.version, contentHash: good.contentHash });
    expect(during.outcome).toEqual(good.outcome);
    expect(changes).toEqual([]);

    instrumented.setMode('pass');
    const change = [{ policyKey: SCORECARD, from: good.version, to: published.version }];
    await vi.waitFor(() => expect(changes.at(-1)?.changed).toEqual(change), waitLong);
    const after = await decide(local);
    expect(after.version).toBe(published.version);
    expect(firstTitle(after)).toBe(`after ${mode}`);
  });
});

describe('local evaluation of scheduled versions', { timeout: 120_000 }, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await withServer();
  }, 120_000);
  afterAll(() => dispose(server));

  it('holds a scheduled version and uses it from its effective date, like the server', async () => {
    const { client, local, changes } = await connect(server, { since: GUIDELINE_EFFECTIVE_FROM });
    // A date: 2099-01-01 00:00 in the server's zone (Asia/Shanghai), which the bundle passes on.
    await publishNewVersion(server.server, SCORECARD, retitle('scheduled'), '2099-01-01');
    await vi.waitFor(
      () => expect(changes.at(-1)?.changed).toEqual([{ policyKey: SCORECARD, from: 1, to: 2 }]),
      waitLong,
    );
    const boundary = ['2098-12-31T23:59:59+08:00', '2099-01-01T00:00:00+08:00', '2098-12-31T16:00:00.000Z'];
    for (const asOf of ['2026-06-30', ...boundary, '2099-01-01', '2100-06-30']) {
      const remote = await client.evaluate(SCORECARD, facts, { asOf });
      const mine = await decide(local, asOf);
      expect(remote.ok && [remote.value.version, remote.value.outcome], asOf).toEqual([
        mine.version,
        mine.outcome,
      ]);
    }
    expect((await decide(local, '2098-12-31')).version).toBe(1);
    expect((await decide(local, '2098-12-31T23:59:59+08:00')).version).toBe(1);
    expect((await decide(local, '2099-01-01T00:00:00+08:00')).version).toBe(2);
    const scheduled = await decide(local, '2099-01-01');
    expect([scheduled.version, firstTitle(scheduled)]).toEqual([2, 'scheduled']);
  });
});

describe('local evaluation while the server is away', { timeout: 180_000 }, () => {
  let server: TestServer | undefined;
  let back: TestServer | undefined;
  afterAll(async () => {
    await back?.stop().catch(() => undefined);
    await dispose(server);
  });

  it('keeps evaluating, then resumes refreshing and reporting when the server is back', async () => {
    server = await withServer();
    const { local, changes } = await connect(server);
    const before = await decide(local);
    const { etag } = local.status();
    await server.stop();

    await vi.waitFor(
      () => expect(local.status().lastError).toMatchObject({ code: 'UNAVAILABLE', transport: 'unreachable' }),
      waitLong,
    );
    const during = await decide(local);
    expect(during).toMatchObject({ version: 1, contentHash: before.contentHash });
    expect(during.outcome).toEqual(before.outcome);
    await vi.waitFor(
      () => expect(local.status().report).toMatchObject({ queued: 2, lastError: { code: 'UNAVAILABLE' } }),
      waitLong,
    );
    expect(local.status()).toMatchObject({ etag, isReady: true });
    expect(local.status().ageMs).toBeGreaterThan(0);

    back = await startServer(server.dataDir, server.port);
    await vi.waitFor(
      () => expect(local.status()).toMatchObject({ lastError: null, report: { queued: 0, lastError: null } }),
      waitLong,
    );
    const logged = await back.server.createCaller().decisions.get({ id: during.decisionId });
    expect(logged).toMatchObject({ source: 'local', version: 1 });

    await publishNewVersion(back.server, SCORECARD, retitle('after the outage'));
    await vi.waitFor(
      () => expect(changes.at(-1)?.changed).toEqual([{ policyKey: SCORECARD, from: 1, to: 2 }]),
      waitLong,
    );
    expect((await decide(local)).version).toBe(2);
  });
});
