import { describe, expect, it } from 'vitest';
import { fail, ok, type SdkResult } from '../sdk-error.js';
import { backoffDelay, withRetry, type RetryOptions } from './retry-policy.js';

const fast: RetryOptions = { retries: 3, baseDelayMs: 0, maxDelayMs: 0 };

describe('backoffDelay', () => {
  it.each([
    { attempt: 0, random: 0.5, expected: 50 },
    { attempt: 1, random: 0.5, expected: 100 },
    { attempt: 2, random: 0.5, expected: 200 },
    { attempt: 3, random: 0.999, expected: 799 },
    { attempt: 10, random: 0.5, expected: 1000 }, // capped at maxDelayMs 2000
    { attempt: 2, random: 0, expected: 0 },
  ])('attempt $attempt with random $random waits $expected ms', ({ attempt, random, expected }) => {
    expect(
      backoffDelay(attempt, { retries: 5, baseDelayMs: 100, maxDelayMs: 2000, random: () => random }),
    ).toBe(expected);
  });
});

describe('withRetry', () => {
  const unavailable = fail('UNAVAILABLE', 'down', { transport: 'network' });
  const invalid = fail('FACTS_INVALID', 'bad facts');

  it.each([
    { name: 'succeeds first time', results: [ok(1)], calls: 1, ok: true },
    {
      name: 'retries a retryable failure then succeeds',
      results: [unavailable, unavailable, ok(1)],
      calls: 3,
      ok: true,
    },
    {
      name: 'gives up after the retries',
      results: [unavailable, unavailable, unavailable, unavailable, ok(1)],
      calls: 4,
      ok: false,
    },
    { name: 'never retries a failure the predicate refuses', results: [invalid, ok(1)], calls: 1, ok: false },
  ])('$name', async ({ results, calls, ok: isOk }) => {
    let n = 0;
    const result = await withRetry(
      () => Promise.resolve(results[n++] as SdkResult<number>),
      (error) => error.code === 'UNAVAILABLE',
      fast,
    );
    expect(n).toBe(calls);
    expect(result.ok).toBe(isOk);
  });

  it('stops waiting and returns the last failure when the signal aborts during backoff', async () => {
    const controller = new AbortController();
    let n = 0;
    const result = await withRetry(
      () => {
        n++;
        controller.abort();
        return Promise.resolve(unavailable);
      },
      () => true,
      { retries: 5, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.99 },
      controller.signal,
    );
    expect(n).toBe(1);
    expect(result).toEqual(unavailable);
  });
});
