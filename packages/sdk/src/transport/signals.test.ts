import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDeadline, sleep } from './signals.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('createDeadline', () => {
  it('aborts when the time is up and says so', () => {
    vi.useFakeTimers();
    const deadline = createDeadline(1000);
    vi.advanceTimersByTime(999);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.hasTimedOut()).toBe(true);
    deadline.release();
  });

  it('aborts with the caller, not as a timeout', () => {
    const parent = new AbortController();
    const deadline = createDeadline(60_000, parent.signal);
    parent.abort(new Error('user left'));
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.hasTimedOut()).toBe(false);
    expect(deadline.signal.reason).toEqual(new Error('user left'));
    deadline.release();
  });

  it('starts aborted when the caller already aborted', () => {
    const parent = new AbortController();
    parent.abort();
    expect(createDeadline(1000, parent.signal).signal.aborted).toBe(true);
  });

  it.each([0, -1, Number.POSITIVE_INFINITY, Number.NaN])('has no timeout for %s', (timeoutMs) => {
    vi.useFakeTimers();
    const deadline = createDeadline(timeoutMs);
    vi.advanceTimersByTime(10_000_000);
    expect(deadline.signal.aborted).toBe(false);
  });

  it('stops the timer on release', () => {
    vi.useFakeTimers();
    const deadline = createDeadline(1000);
    deadline.release();
    vi.advanceTimersByTime(2000);
    expect(deadline.signal.aborted).toBe(false);
  });
});

describe('sleep', () => {
  it('resolves true after the wait', async () => {
    vi.useFakeTimers();
    const done = sleep(500);
    vi.advanceTimersByTime(500);
    await expect(done).resolves.toBe(true);
  });

  it('resolves false when aborted', async () => {
    const controller = new AbortController();
    const done = sleep(60_000, controller.signal);
    controller.abort();
    await expect(done).resolves.toBe(false);
  });
});
