import { describe, expect, it } from 'vitest';
import { FetchFailure } from './fetch-failure.js';
import { appCodeOfStatus, callWithPolicy, isRetryable, toSdkError } from './call-policy.js';
import type { SdkError } from '../sdk-error.js';

const plain = { hasTimedOut: false, isAborted: false, timeoutMs: 1000 };
/** What `readJsonAnswer` throws for an error answer: an error whose `data` is the server's error. */
const serverError = (data: Record<string, unknown>, message = 'refused') =>
  Object.assign(new Error(message), { data });

describe('appCodeOfStatus', () => {
  it.each([
    [400, 'VALIDATION'],
    [401, 'UNAUTHORIZED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [413, 'LIMIT'],
    [422, 'FACTS_INVALID'],
    [429, 'RATE_LIMITED'],
    [503, 'UNAVAILABLE'],
    [500, 'INTERNAL'],
  ] as const)('reads HTTP %i as %s', (status, code) => {
    expect(appCodeOfStatus(status)).toBe(code);
  });
});

describe('toSdkError', () => {
  it.each([
    {
      name: 'an application error with issues and status',
      error: serverError(
        {
          appCode: 'FACTS_INVALID',
          httpStatus: 422,
          issues: [{ path: '$.complaints', code: 'type', message: 'must be an integer' }],
        },
        'bad facts',
      ),
      expected: {
        code: 'FACTS_INVALID',
        message: 'bad facts',
        status: 422,
        issues: [{ path: '$.complaints', code: 'type', message: 'must be an integer' }],
      },
    },
    {
      name: 'an internal error with its error id and the request id the server logged it under',
      error: serverError(
        { appCode: 'INTERNAL', httpStatus: 500, issues: [], errorId: 'e-1', requestId: 'r-1' },
        'internal error (error id e-1)',
      ),
      expected: { code: 'INTERNAL', errorId: 'e-1', requestId: 'r-1', status: 500 },
    },
    {
      name: 'an error body without an app code (status decides)',
      error: serverError({ httpStatus: 503 }),
      expected: { code: 'UNAVAILABLE', status: 503 },
    },
    {
      name: 'a refused connection',
      error: new TypeError('fetch failed', {
        cause: new FetchFailure('fetch failed (ECONNREFUSED)', { isNotSent: true, errorCode: 'ECONNREFUSED' }),
      }),
      expected: { code: 'UNAVAILABLE', transport: 'unreachable' },
    },
    {
      name: 'a dropped connection',
      error: new FetchFailure('other side closed', { isNotSent: false }),
      expected: { code: 'UNAVAILABLE', transport: 'network' },
    },
    {
      name: 'an unreadable answer',
      error: new SyntaxError('Unexpected token <'),
      expected: { code: 'UNAVAILABLE', transport: 'protocol' },
    },
  ])('maps $name', ({ error, expected }) => {
    expect(toSdkError(error, plain)).toMatchObject(expected);
  });

  it.each([
    { context: { ...plain, hasTimedOut: true }, transport: 'timeout' },
    { context: { ...plain, isAborted: true }, transport: 'aborted' },
  ])('says $transport when the deadline says so', ({ context, transport }) => {
    expect(toSdkError(new Error('aborted'), context)).toMatchObject({ code: 'UNAVAILABLE', transport });
  });
});

describe('isRetryable', () => {
  const error = (fields: Partial<SdkError>): SdkError => ({ code: 'UNAVAILABLE', message: 'x', ...fields });
  it.each([
    { error: error({ transport: 'unreachable' }), idempotent: false, expected: true },
    { error: error({ transport: 'network' }), idempotent: false, expected: false },
    { error: error({ transport: 'network' }), idempotent: true, expected: true },
    { error: error({ transport: 'timeout' }), idempotent: false, expected: false },
    { error: error({ transport: 'timeout' }), idempotent: true, expected: true },
    { error: error({ transport: 'protocol' }), idempotent: true, expected: true },
    { error: error({ transport: 'aborted' }), idempotent: true, expected: false },
    { error: error({ status: 503 }), idempotent: false, expected: true },
    { error: error({ code: 'FACTS_INVALID', status: 422 }), idempotent: true, expected: false },
    { error: error({ code: 'INTERNAL', status: 500 }), idempotent: true, expected: false },
  ])(
    '$error.code/$error.transport idempotent=$idempotent → $expected',
    ({ error: e, idempotent, expected }) => {
      expect(isRetryable(e, idempotent)).toBe(expected);
    },
  );
});

describe('callWithPolicy', () => {
  const retry = { retries: 2, baseDelayMs: 0, maxDelayMs: 0 };

  it('resends a logged call only when it never left', async () => {
    const outcomes = [
      new FetchFailure('refused', { isNotSent: true }),
      new FetchFailure('closed', { isNotSent: false }),
      'never reached',
    ];
    let attempts = 0;
    const result = await callWithPolicy(
      () => {
        const next = outcomes[attempts++];
        return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
      },
      { timeoutMs: 1000, retry, isIdempotent: false },
    );
    expect(attempts).toBe(2);
    expect(result).toMatchObject({ ok: false, error: { transport: 'network' } });
  });

  it('times an attempt out and retries an idempotent call', async () => {
    let attempts = 0;
    const result = await callWithPolicy(
      (signal) => {
        attempts += 1;
        if (attempts === 1) {
          return new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
          );
        }
        return Promise.resolve('second');
      },
      { timeoutMs: 20, retry, isIdempotent: true },
    );
    expect(result).toEqual({ ok: true, value: 'second' });
    expect(attempts).toBe(2);
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    let attempts = 0;
    const pending = callWithPolicy(
      (signal) => {
        attempts += 1;
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        );
      },
      { timeoutMs: 60_000, retry, isIdempotent: true, signal: controller.signal },
    );
    controller.abort();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { transport: 'aborted' } });
    expect(attempts).toBe(1);
  });
});
