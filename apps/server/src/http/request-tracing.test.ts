import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log/logger.js';
import { SCORECARD, SCORECARD_FACTS } from '../test/fixtures.js';
import { startTestServer, type TestServer } from '../test/test-server.js';
import { requestIdOf } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface LogLine {
  level: string;
  msg: string;
  requestId?: string;
  errorId?: string;
  status?: number;
  route?: string;
  path?: string;
  method?: string;
  durationMs?: number;
}

describe('requestIdOf', () => {
  it.each([
    'client-trace-42',
    '0af7651916cd43dd8448eb211c80319c',
    '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    'b64+/abc==',
    'a'.repeat(128),
  ])('keeps the sane incoming id %s', (id) => {
    expect(requestIdOf(id)).toBe(id);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['with a space', 'a b'],
    ['with a line break', 'a\nb'],
    ['with a quote', 'a"b'],
    ['not ASCII', '请求'],
    ['too long', 'a'.repeat(129)],
    ['repeated', ['a', 'b']],
  ])('replaces an id that is %s with a fresh UUID', (_, header) => {
    expect(requestIdOf(header)).toMatch(UUID);
  });
});

describe('request ids, access logs and reserved paths over HTTP', () => {
  let test: TestServer;
  let url: string;
  let consoleDir: string;
  const lines: string[] = [];
  const logged = (): LogLine[] => lines.map((line) => JSON.parse(line) as LogLine);

  beforeAll(async () => {
    consoleDir = await mkdtemp(path.join(tmpdir(), 'precept-console-'));
    await writeFile(path.join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    test = await startTestServer('pglite', {
      log: createLogger('debug', (line) => lines.push(line)),
      env: { PRECEPT_CONSOLE_DIR: consoleDir },
    });
    ({ url } = await test.server.listen(0, '127.0.0.1'));
  });
  afterAll(async () => {
    await test.close();
    await rm(consoleDir, { recursive: true, force: true });
  });
  afterEach(() => {
    lines.length = 0;
    vi.restoreAllMocks();
  });

  /** The access line of a request, once the response has finished. */
  const accessLine = async (requestId: string): Promise<LogLine> => {
    let found: LogLine | undefined;
    await vi.waitFor(() => {
      found = logged().find((line) => line.msg === 'request' && line.requestId === requestId);
      expect(found).toBeDefined();
    });
    return found!;
  };

  it('ties a client’s tRPC error to its access line through the client’s own request id', async () => {
    const response = await fetch(
      `${url}/trpc/policies.get?input=${encodeURIComponent(JSON.stringify({ policyKey: 1 }))}`,
      { headers: { 'x-request-id': 'client-trace-42' } },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe('client-trace-42');
    const body = (await response.json()) as { error: { data: { appCode: string; requestId: string } } };
    expect(body.error.data).toMatchObject({ appCode: 'VALIDATION', requestId: 'client-trace-42' });

    const line = await accessLine('client-trace-42');
    expect(line).toMatchObject({
      level: 'info',
      method: 'GET',
      path: '/trpc/policies.get',
      route: '/trpc/policies.get',
      status: 400,
    });
    expect(line.durationMs).toBeGreaterThan(0);
    // The query (the input, which may hold personal data) is not logged.
    expect(lines.join('\n')).not.toContain('policyKey');
  });

  it('gives a REST error a generated id, in the header, the body and the access line', async () => {
    const response = await fetch(`${url}/api/v1/policies/no-such-policy/evaluate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'has spaces in it' },
      body: JSON.stringify({ facts: {} }),
    });
    expect(response.status).toBe(404);
    const requestId = response.headers.get('x-request-id')!;
    expect(requestId).toMatch(UUID);
    const body = (await response.json()) as { error: { code: string; requestId: string } };
    expect(body.error).toMatchObject({ code: 'NOT_FOUND', requestId });
    expect(await accessLine(requestId)).toMatchObject({
      status: 404,
      route: '/api/v1/policies/{policyKey}/evaluate',
    });
  });

  it('puts the id on errors tRPC raises before it has a context (a batch over the limit)', async () => {
    const calls = Array.from({ length: test.config.maxBatchCalls + 1 }, () => 'health.check').join(',');
    const response = await fetch(`${url}/trpc/${calls}?batch=1&input=%7B%7D`, {
      headers: { 'x-request-id': 'batch-trace-7' },
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    const errors = (Array.isArray(body) ? body : [body]) as { error: { data: Record<string, unknown> } }[];
    for (const { error } of errors)
      expect(error.data).toMatchObject({ appCode: 'LIMIT', requestId: 'batch-trace-7' });
    expect(await accessLine('batch-trace-7')).toMatchObject({ status: 400, route: '/trpc/{batch}' });
  });

  it('logs an internal error with the request id and the error id, which the client gets both of', async () => {
    vi.spyOn(test.server.services.policies, 'list').mockRejectedValue(new Error('secret detail'));
    const response = await fetch(`${url}/trpc/policies.list`, { headers: { 'x-request-id': 'boom-1' } });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secret detail');
    const { data } = (JSON.parse(text) as { error: { data: { errorId: string; requestId: string } } }).error;
    expect(data.requestId).toBe('boom-1');
    const errorLine = logged().find((line) => line.msg === 'internal error');
    expect(errorLine).toMatchObject({ level: 'error', requestId: 'boom-1', errorId: data.errorId });
    expect(lines.find((line) => line.includes(data.errorId))).toContain('secret detail');
  });

  it('echoes the id on successes and logs probes at debug', async () => {
    const evaluated = await fetch(`${url}/api/v1/policies/${SCORECARD}/evaluate`, {
      method: 'POST',
      headers: { 'x-request-id': 'ok-1' },
      body: JSON.stringify({ facts: SCORECARD_FACTS, asOf: '2026-03-31' }),
    });
    expect(evaluated.status).toBe(200);
    expect(evaluated.headers.get('x-request-id')).toBe('ok-1');
    expect(evaluated.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await accessLine('ok-1')).toMatchObject({ level: 'info', status: 200 });

    const ready = await fetch(`${url}/readyz`, { headers: { 'x-request-id': 'probe-1' } });
    expect(ready.headers.get('x-request-id')).toBe('probe-1');
    expect(await accessLine('probe-1')).toMatchObject({ level: 'debug', route: '/readyz', status: 200 });
  });

  it.each([
    '/metrics/',
    '/metrics.json',
    '/metrics/x',
    '/api',
    '/api/v2/anything',
    '/API/v1/policies',
    '/healthz/deep',
    '/readyz.html',
    '/trpc',
  ])('answers %s with a typed JSON 404, never the console’s HTML', async (pathname) => {
    const response = await fetch(`${url}${pathname}`, { headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as
      { error: Record<string, unknown> } | { error: { data: Record<string, unknown> } };
    const code = 'data' in body.error ? (body.error.data as { appCode: string }).appCode : body.error.code;
    expect(code).toBe('NOT_FOUND');
  });

  it('serves the console to a browser’s navigation, with its security headers, and a JSON 404 to anyone else', async () => {
    const page = await fetch(`${url}/policies/${SCORECARD}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-request-id')).toMatch(UUID);
    expect(await page.text()).toContain('<title>console</title>');

    const api = await fetch(`${url}/policies/${SCORECARD}`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(404);
    const body = (await api.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.requestId).toBe(api.headers.get('x-request-id'));
  });
});
