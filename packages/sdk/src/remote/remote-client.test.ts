import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { contentHash, ENGINE_VERSION } from '@precept/rules';
import {
  GUIDELINE_EFFECTIVE_FROM,
  GUIDELINE_SUBJECTS,
  findGuidelinePolicy,
  type Bundle,
} from '@precept/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signBundle, TEST_KEY } from '../../test/bundle-signing.js';
import type { LocalEvaluator } from '../types.js';
import { createClient } from './remote-client.js';

/** A scripted HTTP server: records requests and answers with the current handler. */
interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (request: Recorded, res: ServerResponse) => void;

let server: Server;
let url: string;
let requests: Recorded[];
let handler: Handler;
let locals: LocalEvaluator[];

beforeEach(async () => {
  requests = [];
  locals = [];
  handler = (_request, res) => res.end();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(request);
      handler(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterEach(async () => {
  await Promise.all(locals.map((local) => local.close()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const scorecard = findGuidelinePolicy('service-performance-scorecard')!;
const facts = scorecard.testCases[0]!.facts;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
/** The REST API's error answer. */
const restError = (
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  issues: unknown[] = [],
) => json(res, status, { error: { code, message, issues, requestId: 'req-1' } });

const decision = {
  decisionId: '0b8f0e5c-3c3b-4f55-9d0c-2f3a1e7c9a11',
  policyKey: scorecard.policy.key,
  version: 1,
  contentHash: contentHash(scorecard.document),
  engineVersion: ENGINE_VERSION,
  asOf: '2026-03-31',
  outcome: {
    kind: 'scorecard',
    baseScore: 100,
    total: 100,
    deductions: 0,
    bonuses: 0,
    lines: [],
    categories: [],
    grade: 'A',
    gradeLabel: { zh: '优秀', en: 'Excellent' },
  },
  trace: [],
  durationMs: 0.1,
  source: 'server',
};

const bundle: Bundle = signBundle({
  etag: 'etag-1',
  asOf: '2026-03-31T00:00:00.000Z',
  engineVersion: ENGINE_VERSION,
  timeZone: 'Asia/Shanghai',
  versions: [
    {
      policyKey: scorecard.policy.key,
      kind: 'scorecard',
      version: 1,
      contentHash: contentHash(scorecard.document),
      document: scorecard.document,
      subject: GUIDELINE_SUBJECTS.find((subject) => subject.key === scorecard.policy.subjectKey)!,
      subjectVersion: 1,
      effectiveFrom: GUIDELINE_EFFECTIVE_FROM,
      effectiveTo: null,
    },
  ],
});
const publicKey = TEST_KEY.publicKeyPem;

const fast = { retries: 2, retryDelayMs: 1, maxRetryDelayMs: 1 };

describe('createClient', () => {
  it('posts the evaluation as JSON to the REST API with the API key and headers, and types the decision', async () => {
    handler = (_request, res) => json(res, 200, decision);
    const client = createClient({ url, apiKey: 'key-1', headers: { 'x-precept-actor': 'branch-7' } });
    const result = await client.evaluate(scorecard.policy.key, facts, {
      kind: 'scorecard',
      asOf: new Date('2026-03-31T00:00:00Z'),
    });
    expect(result).toEqual({ ok: true, value: decision });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: '/api/v1/policies/service-performance-scorecard/evaluate',
    });
    expect(requests[0]!.headers).toMatchObject({
      authorization: 'Bearer key-1',
      'x-precept-actor': 'branch-7',
    });
    expect(requests[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(requests[0]!.body)).toEqual({
      facts,
      asOf: '2026-03-31T00:00:00.000Z',
      trace: false,
      detail: 'full',
    });
  });

  it('refuses a decision of another kind than expected', async () => {
    handler = (_request, res) => json(res, 200, decision);
    const result = await createClient({ url }).evaluate(scorecard.policy.key, facts, { kind: 'escalation' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/is a scorecard, not a escalation/) },
    });
  });

  it.each([
    { status: 422, appCode: 'FACTS_INVALID', attempts: 1 },
    { status: 404, appCode: 'NOT_FOUND', attempts: 1 },
    { status: 500, appCode: 'INTERNAL', attempts: 1 },
    { status: 503, appCode: 'UNAVAILABLE', attempts: 3 },
  ])(
    'answers $appCode from HTTP $status after $attempts attempt(s)',
    async ({ status, appCode, attempts }) => {
      const issues = [{ path: '$.facts.complaints', code: 'type', message: 'must be an integer' }];
      handler = (_request, res) => restError(res, status, appCode, 'no', issues);
      const result = await createClient({ url, ...fast }).evaluate(scorecard.policy.key, facts);
      expect(result).toEqual({
        ok: false,
        error: { code: appCode, message: 'no', status, issues, requestId: 'req-1' },
      });
      expect(requests).toHaveLength(attempts);
    },
  );

  it('resends an evaluation that never reached the server, up to the retries', async () => {
    server.close();
    let attempts = 0;
    const counting: typeof fetch = (input, init) => {
      attempts += 1;
      return fetch(input, init);
    };
    const result = await createClient({ url, fetch: counting, ...fast }).evaluate(
      scorecard.policy.key,
      facts,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', transport: 'unreachable' } });
    expect(attempts).toBe(3);
  });

  it('does not resend an evaluation that timed out (the server may have logged it)', async () => {
    handler = () => undefined; // never answers
    const result = await createClient({ url, timeoutMs: 50, ...fast }).evaluate(scorecard.policy.key, facts);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', transport: 'timeout', message: 'no answer within 50 ms' },
    });
    expect(requests).toHaveLength(1);
  });

  it('does not resend an evaluation whose answer was unreadable', async () => {
    handler = (_request, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    };
    const result = await createClient({ url, ...fast }).evaluate(scorecard.policy.key, facts);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', transport: 'protocol' } });
    expect(requests).toHaveLength(1);
  });

  it('cancels with the caller signal', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const pending = createClient({ url, ...fast }).evaluate(scorecard.policy.key, facts, {
      signal: controller.signal,
    });
    while (requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { transport: 'aborted' } });
    expect(requests).toHaveLength(1);
  });

  it('evaluates a batch item by item, and sends nothing for an empty or over-large batch', async () => {
    handler = (_request, res) =>
      json(res, 200, {
        results: [
          { ok: true, decision },
          { ok: false, error: { code: 'FACTS_INVALID', message: 'bad' } },
        ],
      });
    const client = createClient({ url });
    const result = await client.evaluateBatch(scorecard.policy.key, [facts, {}], { asOf: '2026-03-31' });
    expect(result).toEqual({
      ok: true,
      value: [
        { ok: true, value: decision },
        { ok: false, error: { code: 'FACTS_INVALID', message: 'bad' } },
      ],
    });
    expect(requests[0]!.url).toBe('/api/v1/policies/service-performance-scorecard/evaluate-batch');
    expect(JSON.parse(requests[0]!.body)).toMatchObject({
      items: [{ facts }, { facts: {} }],
      asOf: '2026-03-31',
      trace: false,
    });
    await expect(client.evaluateBatch(scorecard.policy.key, [])).resolves.toEqual({ ok: true, value: [] });
    await expect(
      client.evaluateBatch(scorecard.policy.key, new Array(1001).fill(facts)),
    ).resolves.toMatchObject({ ok: false, error: { code: 'LIMIT' } });
    expect(requests).toHaveLength(1);
  });

  it.each(['not a url', 'ftp://example.com', '/relative'])('throws a TypeError for the url %s', (bad) => {
    expect(() => createClient({ url: bad })).toThrow(TypeError);
  });
});

describe('the local evaluator of a client', () => {
  it('downloads the bundle, then asks with If-None-Match and keeps it on 304', async () => {
    handler = (request, res) => {
      if (request.headers['if-none-match'] === '"etag-1"') {
        res.writeHead(304, { etag: '"etag-1"' });
        res.end();
      } else json(res, 200, bundle, { etag: '"etag-1"' });
    };
    const now = () => new Date('2026-05-01T09:00:00.000Z');
    const local = createClient({ url, apiKey: 'key-1', now }).local({
      publicKey,
      policies: [scorecard.policy.key],
      refreshMs: 0,
      report: false,
    });
    locals.push(local);
    await expect(local.ready()).resolves.toMatchObject({ ok: true, value: { etag: 'etag-1' } });
    await expect(local.refresh()).resolves.toMatchObject({
      ok: true,
      value: { etag: 'etag-1', lastError: null },
    });
    expect(
      requests.map((request) => [request.headers['if-none-match'], request.headers.authorization]),
    ).toEqual([
      [undefined, 'Bearer key-1'],
      ['"etag-1"', 'Bearer key-1'],
    ]);
    // As of ten minutes before the local clock: a margin for clock skew around a publish.
    const asked = new URL(requests[0]!.url, url);
    expect(asked.pathname).toBe('/api/v1/bundles');
    expect(asked.searchParams.get('policies')).toBe(scorecard.policy.key);
    expect(asked.searchParams.get('asOf')).toBe('2026-05-01T08:50:00.000Z');
    const result = await local.evaluate(scorecard.policy.key, facts, { asOf: '2026-03-31' });
    expect(result).toMatchObject({
      ok: true,
      value: { version: 1, source: 'local', contentHash: bundle.versions[0]!.contentHash },
    });
  });

  it('resends a bundle request that timed out (reading is idempotent)', async () => {
    let calls = 0;
    handler = (_request, res) => {
      calls += 1;
      if (calls > 1) json(res, 200, bundle);
    };
    const local = createClient({ url, timeoutMs: 50, ...fast }).local({ publicKey, refreshMs: 0, report: false });
    locals.push(local);
    await expect(local.ready()).resolves.toMatchObject({ ok: true });
    expect(calls).toBe(2);
  });

  it('reports the server error of a refused bundle request', async () => {
    handler = (_request, res) =>
      json(res, 403, { error: { code: 'FORBIDDEN', message: 'this key may not read bundles' } });
    const local = createClient({ url, ...fast }).local({ publicKey, refreshMs: 0, report: false });
    locals.push(local);
    await expect(local.ready()).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await expect(local.refresh()).resolves.toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'this key may not read bundles', status: 403 },
    });
  });
});
