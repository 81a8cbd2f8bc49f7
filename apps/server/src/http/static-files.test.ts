import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler } from './static-files.js';

describe('the console files', () => {
  let root: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'precept-console-'));
    await mkdir(path.join(root, 'assets'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>console</title>');
    await writeFile(path.join(root, 'assets', 'app-1234.js'), 'console.log(1)');
    await writeFile(path.join(root, 'favicon.svg'), '<svg/>');
    await writeFile(path.join(path.dirname(root), 'precept-secret.txt'), 'secret');
    const handler = (await createStaticHandler(root))!;
    server = createServer((req, res) => {
      void handler(req, res, new URL(req.url ?? '/', 'http://x').pathname).then((handled) => {
        if (!handled) {
          res.writeHead(404);
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(root, { recursive: true, force: true });
    await rm(path.join(path.dirname(root), 'precept-secret.txt'), { force: true });
  });

  it.each([
    ['/', 200, 'text/html; charset=utf-8', 'no-cache'],
    ['/policies/service-targets', 200, 'text/html; charset=utf-8', 'no-cache'],
    ['/assets/app-1234.js', 200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/favicon.svg', 200, 'image/svg+xml', 'no-cache'],
    ['/assets/missing.js', 404, null, null],
    ['/..%2fprecept-secret.txt', 404, null, null],
    ['/%2e%2e/precept-secret.txt', 404, null, null],
  ])('GET %s → %i', async (pathname, status, type, cache) => {
    const response = await fetch(`${url}${pathname}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('cache-control')).toBe(cache);
    const text = await response.text();
    expect(text).not.toContain('secret');
  });

  it('is absent when the directory has no index.html', async () => {
    expect(await createStaticHandler(path.join(root, 'assets'))).toBeUndefined();
  });
});
