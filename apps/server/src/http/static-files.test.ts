import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from './security-headers.js';
import { createStaticHandler } from './static-files.js';

/** A large, repetitive script: compresses well. */
const BIG_SCRIPT = `${'console.log("服务规范 precept");\n'.repeat(400)}`;
/** What a precompressed sibling says, so a test can tell it from compressing on the fly. */
const PRECOMPRESSED_MARK = '/* precompressed */';

/** A raw GET (fetch would decompress and drop Content-Encoding): status, headers and bytes. */
function get(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the console files', () => {
  let root: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'precept-console-'));
    await mkdir(path.join(root, 'assets'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>console</title>');
    await writeFile(path.join(root, 'assets', 'app-1234.js'), 'console.log(1)');
    await writeFile(path.join(root, 'assets', 'big-5678.js'), BIG_SCRIPT);
    // A build's siblings: what the server must send rather than compressing again.
    await writeFile(path.join(root, 'assets', 'pre-9abc.css'), `body{color:red}\n`.repeat(200));
    await writeFile(
      path.join(root, 'assets', 'pre-9abc.css.br'),
      brotliCompressSync(`${PRECOMPRESSED_MARK}${'body{color:red}\n'.repeat(200)}`),
    );
    await writeFile(
      path.join(root, 'assets', 'pre-9abc.css.gz'),
      gzipSync(`${PRECOMPRESSED_MARK}${'body{color:red}\n'.repeat(200)}`),
    );
    await writeFile(path.join(root, 'assets', 'logo.png'), Buffer.alloc(4096, 7));
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

  const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

  it.each([
    ['/', {}, 200, 'text/html; charset=utf-8', 'no-cache'],
    ['/policies/service-targets', html, 200, 'text/html; charset=utf-8', 'no-cache'],
    ['/assets/app-1234.js', {}, 200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/favicon.svg', {}, 200, 'image/svg+xml', 'no-cache'],
    // A client-side route is a page for a browser, not for an API client that mistyped a path.
    ['/policies/service-targets', { accept: '*/*' }, 404, null, null],
    ['/assets/missing.js', html, 404, null, null],
    ['/..%2fprecept-secret.txt', html, 404, null, null],
    ['/%2e%2e/precept-secret.txt', html, 404, null, null],
  ] as const)('GET %s (%j) → %i', async (pathname, headers, status, type, cache) => {
    const response = await fetch(`${url}${pathname}`, { headers });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('cache-control')).toBe(cache);
    const text = await response.text();
    expect(text).not.toContain('secret');
  });

  it('sends the security headers with every file', async () => {
    for (const pathname of ['/', '/assets/app-1234.js', '/assets/logo.png']) {
      const { headers } = await get(`${url}${pathname}`);
      expect(headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('compresses a large text file with the best encoding the client accepts, on the fly', async () => {
    const br = await get(`${url}/assets/big-5678.js`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(Buffer.byteLength(BIG_SCRIPT) / 10);
    expect(brotliDecompressSync(br.body).toString()).toBe(BIG_SCRIPT);

    const gzip = await get(`${url}/assets/big-5678.js`, { 'accept-encoding': 'gzip;q=1, br;q=0.5' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(BIG_SCRIPT);

    const identity = await get(`${url}/assets/big-5678.js`, { 'accept-encoding': 'identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toBe('Accept-Encoding');
    expect(identity.body.toString()).toBe(BIG_SCRIPT);

    const none = await get(`${url}/assets/big-5678.js`);
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.toString()).toBe(BIG_SCRIPT);
  });

  it('sends the build’s precompressed siblings when they are up to date', async () => {
    const br = await get(`${url}/assets/pre-9abc.css`, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(brotliDecompressSync(br.body).toString()).toContain(PRECOMPRESSED_MARK);
    const gzip = await get(`${url}/assets/pre-9abc.css`, { 'accept-encoding': 'gzip' });
    expect(gunzipSync(gzip.body).toString()).toContain(PRECOMPRESSED_MARK);

    // An original newer than its sibling was rebuilt without it: the sibling is stale.
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(root, 'assets', 'pre-9abc.css'), later, later);
    const fresh = await get(`${url}/assets/pre-9abc.css`, { 'accept-encoding': 'br' });
    expect(fresh.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(fresh.body).toString()).not.toContain(PRECOMPRESSED_MARK);
  });

  it('never compresses small files or already-compressed types', async () => {
    const small = await get(`${url}/assets/app-1234.js`, { 'accept-encoding': 'br, gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers.vary).toBe('Accept-Encoding');
    const png = await get(`${url}/assets/logo.png`, { 'accept-encoding': 'br, gzip' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers.vary).toBeUndefined();
    expect(png.body.length).toBe(4096);
  });

  it('answers a HEAD with the headers of the GET and a matching ETag with 304', async () => {
    const head = await get(`${url}/assets/big-5678.js`, { 'accept-encoding': 'br' }, 'HEAD');
    const full = await get(`${url}/assets/big-5678.js`, { 'accept-encoding': 'br' });
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(full.headers['content-length']);
    expect(head.headers['content-encoding']).toBe('br');

    const etag = full.headers.etag!;
    expect(etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    const cached = await get(`${url}/assets/big-5678.js`, { 'if-none-match': etag, 'accept-encoding': 'br' });
    expect(cached.status).toBe(304);
    expect(cached.body.length).toBe(0);
    expect(cached.headers['content-security-policy']).toBe(CONSOLE_CSP);
  });

  it('is absent when the directory has no index.html', async () => {
    expect(await createStaticHandler(path.join(root, 'assets'))).toBeUndefined();
  });
});
