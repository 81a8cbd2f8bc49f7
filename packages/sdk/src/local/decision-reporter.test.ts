import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok, type SdkResult } from '../sdk-error.js';
import { DecisionReporter } from './decision-reporter.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A server stand-in that records batches and can be switched off. */
function fakeServer() {
  const batches: number[][] = [];
  let isUp = true;
  return {
    batches,
    setUp(up: boolean) {
      isUp = up;
    },
    send: (batch: number[]): Promise<SdkResult<unknown>> => {
      if (!isUp) return Promise.resolve(fail('UNAVAILABLE', 'down', { transport: 'network' }));
      batches.push(batch);
      return Promise.resolve(ok(batch.length));
    },
  };
}

describe('DecisionReporter', () => {
  it('sends in batches of batchSize, oldest first', async () => {
    const server = fakeServer();
    const reporter = new DecisionReporter({ send: server.send, capacity: 100, batchSize: 3, flushMs: 0 });
    server.setUp(false); // hold everything (the automatic flush of the first full batch fails)
    for (let n = 1; n <= 7; n++) reporter.enqueue(n);
    await reporter.flush();
    server.setUp(true);
    await expect(reporter.flush()).resolves.toEqual(ok(7));
    expect(server.batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(reporter.status()).toEqual({ queued: 0, sent: 7, dropped: 0, rejected: 0, lastError: null });
  });

  it('keeps what it could not send, drops the oldest beyond capacity, and sends the rest later', async () => {
    const server = fakeServer();
    server.setUp(false);
    const reporter = new DecisionReporter({ send: server.send, capacity: 4, batchSize: 2, flushMs: 0 });
    for (let n = 1; n <= 6; n++) reporter.enqueue(n);
    const failed = await reporter.flush();
    expect(failed.ok).toBe(false);
    expect(reporter.status()).toMatchObject({
      queued: 4,
      sent: 0,
      dropped: 2,
      lastError: { code: 'UNAVAILABLE' },
    });
    server.setUp(true);
    await reporter.flush();
    expect(server.batches.flat()).toEqual([3, 4, 5, 6]);
    expect(reporter.status()).toEqual({ queued: 0, sent: 4, dropped: 2, rejected: 0, lastError: null });
  });

  it('flushes on the interval', async () => {
    vi.useFakeTimers();
    const server = fakeServer();
    const reporter = new DecisionReporter({ send: server.send, capacity: 100, batchSize: 50, flushMs: 1000 });
    reporter.enqueue(1);
    reporter.enqueue(2);
    expect(server.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.batches).toEqual([[1, 2]]);
    await reporter.close();
  });

  it('flushes on close and ignores later decisions', async () => {
    const server = fakeServer();
    const reporter = new DecisionReporter({
      send: server.send,
      capacity: 100,
      batchSize: 50,
      flushMs: 60_000,
    });
    reporter.enqueue(1);
    await expect(reporter.close()).resolves.toEqual(ok(1));
    reporter.enqueue(2);
    expect(server.batches).toEqual([[1]]);
    expect(reporter.status().queued).toBe(0);
  });

  it('starts a flush as soon as a full batch waits', async () => {
    const server = fakeServer();
    const reporter = new DecisionReporter({ send: server.send, capacity: 100, batchSize: 2, flushMs: 0 });
    reporter.enqueue(1);
    expect(server.batches).toEqual([]);
    reporter.enqueue(2);
    await reporter.flush();
    expect(server.batches).toEqual([[1, 2]]);
  });

  it('runs one flush at a time: a second flush joins the first', async () => {
    let release: (() => void) | undefined;
    const sends: number[][] = [];
    const reporter = new DecisionReporter<number>({
      send: (batch) => {
        sends.push(batch);
        return new Promise((resolve) => {
          release = () => resolve(ok(batch.length));
        });
      },
      capacity: 100,
      batchSize: 10,
      flushMs: 0,
    });
    reporter.enqueue(1);
    const first = reporter.flush();
    const second = reporter.flush();
    expect(second).toBe(first);
    release?.();
    await first;
    expect(sends).toEqual([[1]]);
  });

  it('drops and counts a batch the server refuses for good, then sends the next', async () => {
    const sent: number[][] = [];
    const reporter = new DecisionReporter<number>({
      send: (batch) => {
        if (batch.includes(2)) return Promise.resolve(fail('VALIDATION', 'unknown version'));
        sent.push(batch);
        return Promise.resolve(ok(batch.length));
      },
      capacity: 10,
      batchSize: 2,
      flushMs: 0,
    });
    reporter.enqueue(1);
    reporter.enqueue(2);
    reporter.enqueue(3);
    await reporter.flush();
    await reporter.flush();
    expect(sent).toEqual([[3]]);
    expect(reporter.status()).toMatchObject({ queued: 0, sent: 1, rejected: 2 });
  });

  it('keeps the batch when send throws', async () => {
    const reporter = new DecisionReporter<number>({
      send: () => Promise.reject(new Error('bug')),
      capacity: 10,
      batchSize: 10,
      flushMs: 0,
      isRetryable: () => true,
    });
    reporter.enqueue(1);
    const result = await reporter.flush();
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'bug' } });
    expect(reporter.status().queued).toBe(1);
  });
});
