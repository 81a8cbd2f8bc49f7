/** A signal that aborts when the caller's signal aborts or when the time is up. */
export interface Deadline {
  signal: AbortSignal;
  /** True once the timeout (not the caller) aborted the signal. */
  hasTimedOut(): boolean;
  /** Clears the timer and the listener on the caller's signal. */
  release(): void;
}

/**
 * Combines the caller's optional `signal` with a timeout of `timeoutMs` (no timeout when it is not a
 * positive finite number). Always `release()` it: the timer would otherwise keep a Node process alive.
 */
export function createDeadline(timeoutMs: number, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onAbort, { once: true });
  const timer =
    Number.isFinite(timeoutMs) && timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new Error(`no answer within ${timeoutMs} ms`));
        }, timeoutMs)
      : undefined;
  return {
    signal: controller.signal,
    hasTimedOut: () => timedOut,
    release: () => {
      if (timer !== undefined) clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

/** Waits `ms`; resolves `false` at once if `signal` aborts first, `true` otherwise. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Lets a timer not keep a Node process alive (a no-op in browsers, where timers are numbers).
 * Background refresh and flush timers use it; `close()` stops them properly.
 */
export function unrefTimer(timer: unknown): void {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer && typeof timer.unref === 'function') {
    (timer as { unref(): void }).unref();
  }
}
