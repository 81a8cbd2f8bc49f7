import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { FetchFailure, guardFetch } from './fetch-failure.js';

const failingFetch =
  (error: Error): typeof fetch =>
  () =>
    Promise.reject(error);
const withCode = (code: string) =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });

describe('guardFetch', () => {
  it.each([
    { name: 'connection refused', error: withCode('ECONNREFUSED'), isNotSent: true, code: 'ECONNREFUSED' },
    { name: 'unknown host', error: withCode('ENOTFOUND'), isNotSent: true, code: 'ENOTFOUND' },
    {
      name: 'connect timeout',
      error: withCode('UND_ERR_CONNECT_TIMEOUT'),
      isNotSent: true,
      code: 'UND_ERR_CONNECT_TIMEOUT',
    },
    {
      name: 'happy-eyeballs aggregate of refusals',
      error: new TypeError('fetch failed', {
        cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
      }),
      isNotSent: true,
      code: 'ECONNREFUSED',
    },
    {
      name: 'socket closed mid-request',
      error: withCode('UND_ERR_SOCKET'),
      isNotSent: false,
      code: 'UND_ERR_SOCKET',
    },
    { name: 'reset', error: withCode('ECONNRESET'), isNotSent: false, code: 'ECONNRESET' },
    {
      name: 'browser TypeError without detail',
      error: new TypeError('Failed to fetch'),
      isNotSent: false,
      code: undefined,
    },
  ])('$name → isNotSent $isNotSent', async ({ error, isNotSent, code }) => {
    const thrown = await guardFetch(failingFetch(error))('http://x').catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(FetchFailure);
    expect((thrown as FetchFailure).isNotSent).toBe(isNotSent);
    expect((thrown as FetchFailure).errorCode).toBe(code);
  });

  it('passes aborts through unchanged', async () => {
    const abort = new DOMException('aborted', 'AbortError');
    await expect(guardFetch(failingFetch(abort))('http://x')).rejects.toBe(abort);
  });

  it('classifies a real refused connection as not sent', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const thrown = await guardFetch(fetch)(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(FetchFailure);
    expect((thrown as FetchFailure).isNotSent).toBe(true);
  });
});
