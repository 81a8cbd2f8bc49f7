import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from './load-run.js';

// A bounded one-second run against an in-process server on loopback: answers {"n":…} echoing the
// request's n, except that n = 3 gets a wrong answer and n = 4 a 500.
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const { n } = JSON.parse(body) as { n: number };
      if (n === 4) response.writeHead(500).end('{"error":"boom"}');
      else
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ n: n === 3 ? 0 : n }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('runLoad', () => {
  it('counts wrong outcomes and non-2xx responses, and says what the first problem was', async () => {
    const cases = [1, 2, 3, 4].map((n) => ({ body: JSON.stringify({ n }), expect: [`"n":${n}`] }));
    const result = await runLoad({ url, path: '/', cases, connections: 2, durationSeconds: 1 });
    expect(result.requests).toBeGreaterThan(8);
    expect(result.errors).toBe(0);
    // Rotation over four cases: about a quarter wrong and a quarter failing.
    expect(result.wrongOutcomes / result.requests).toBeGreaterThan(0.15);
    expect(result.non2xx / result.requests).toBeGreaterThan(0.15);
    expect(result.firstProblem).toMatch(/^(wrong outcome|500)/);
  }, 20_000);

  it('refuses any target that is not loopback', async () => {
    await expect(
      runLoad({ url: 'http://10.1.2.3:80', path: '/', cases: [], connections: 1, durationSeconds: 1 }),
    ).rejects.toThrow(/loopback only/);
  });
});
