import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { isAppError } from '@precept/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonBody } from './json-body.js';

/** A request whose body arrives in exactly these chunks. */
function fakeRequest(chunks: (string | Buffer)[], headers: Record<string, string> = {}): IncomingMessage {
  const stream = Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
  return Object.assign(stream, { headers, complete: false }) as unknown as IncomingMessage;
}

const failure = async (promise: Promise<unknown>): Promise<{ code: string; message: string }> => {
  const error = await promise.then(
    () => expect.unreachable('expected a failure'),
    (caught: unknown) => caught,
  );
  if (!isAppError(error)) throw error;
  return error.toData();
};

describe('readJsonBody', () => {
  it('parses a body in one chunk and one split across chunks', async () => {
    expect(await readJsonBody(fakeRequest(['{"a":1}']), 100)).toEqual({ a: 1 });
    expect(await readJsonBody(fakeRequest(['{"a"', ':[1,', '2]}']), 100)).toEqual({ a: [1, 2] });
  });

  it('decodes a multi-byte character split across chunks', async () => {
    const bytes = Buffer.from('{"name":"Zoë €"}');
    const euro = bytes.indexOf(Buffer.from('€'));
    const chunks = [
      bytes.subarray(0, euro + 1),
      bytes.subarray(euro + 1, euro + 2),
      bytes.subarray(euro + 2),
    ];
    expect(await readJsonBody(fakeRequest(chunks), 100)).toEqual({ name: 'Zoë €' });
  });

  it('answers {} for an empty or blank body', async () => {
    expect(await readJsonBody(fakeRequest([]), 100)).toEqual({});
    expect(await readJsonBody(fakeRequest([' \n', '\t']), 100)).toEqual({});
  });

  it('refuses a body that is not JSON (VALIDATION)', async () => {
    expect(await failure(readJsonBody(fakeRequest(['{"a":'], { 'content-length': '5' }), 100))).toMatchObject(
      {
        code: 'VALIDATION',
        message: 'the body is not valid JSON',
        issues: [{ path: '$', code: 'json', message: 'not valid JSON' }],
      },
    );
  });

  it('refuses more than the limit, declared or streamed (LIMIT)', async () => {
    const declared = fakeRequest(['{}'], { 'content-length': '101' });
    expect(await failure(readJsonBody(declared, 100))).toEqual({
      code: 'LIMIT',
      message: 'the body exceeds 100 bytes',
    });
    const streamed = fakeRequest(['{"a":"', 'x'.repeat(60), 'x'.repeat(60), '"}']);
    expect(await failure(readJsonBody(streamed, 100))).toMatchObject({ code: 'LIMIT' });
    expect(await readJsonBody(fakeRequest(['{"a":"', 'x'.repeat(92), '"}']), 100)).toEqual({
      a: 'x'.repeat(92),
    });
  });

  it('fails (not hangs) when the stream errors', async () => {
    const stream = new Readable({ read: () => undefined });
    const req = Object.assign(stream, { headers: {}, complete: false }) as unknown as IncomingMessage;
    const reading = readJsonBody(req, 100);
    stream.destroy(new Error('connection reset'));
    await expect(reading).rejects.toThrow('connection reset');
  });
});

describe('readJsonBody over HTTP', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      readJsonBody(req, 64).then(
        (value) => res.end(JSON.stringify({ value })),
        (error: unknown) =>
          res.end(JSON.stringify({ error: isAppError(error) ? error.code : String(error) })),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /** Sends `chunks` with chunked transfer encoding, one write each, and reads the answer. */
  const send = (chunks: string[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/' }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
      });
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });

  it('reads a chunked body and stops at the limit', async () => {
    expect(await send(['{"é":', '"€"}'])).toEqual({ value: { é: '€' } });
    expect(await send(['{"a":"', 'x'.repeat(40), 'x'.repeat(40), '"}'])).toEqual({ error: 'LIMIT' });
    expect(await send([])).toEqual({ value: {} });
  });
});
