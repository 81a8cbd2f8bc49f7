import { ok, type SdkError, type SdkResult } from '../sdk-error.js';
import type { ReportStatus } from '../types.js';
import { unrefTimer } from '../transport/signals.js';
import { ReportQueue } from './report-queue.js';

/** How local decisions travel back to the server's decision log. */
export interface DecisionReporterOptions<T> {
  /** Sends one batch; a failed result keeps the batch queued for the next flush. */
  send: (batch: T[]) => Promise<SdkResult<unknown>>;
  /** Most decisions held while the server is unreachable; beyond it the oldest are dropped and counted. */
  capacity: number;
  /** Most decisions per request. */
  batchSize: number;
  /** Flush interval; 0 flushes only on demand and on close. */
  flushMs: number;
  /**
   * Whether a failed batch may succeed later (server unreachable, busy). A batch refused for good
   * (`VALIDATION`, `FORBIDDEN`, …) is dropped and counted as rejected, so that one bad batch cannot
   * block every later one. Default: only `UNAVAILABLE` is retried.
   */
  isRetryable?: ((error: SdkError) => boolean) | undefined;
}

/**
 * Batches decisions into a bounded {@link ReportQueue} and sends them on an interval, as soon as a
 * full batch is waiting, and on `close()`. One flush runs at a time; a failed batch goes back to the
 * head of the queue and waits for the next flush.
 */
export class DecisionReporter<T> {
  readonly #options: DecisionReporterOptions<T>;
  readonly #queue: ReportQueue<T>;
  #sent = 0;
  #rejected = 0;
  #lastError: SdkError | null = null;
  #flushing: Promise<SdkResult<number>> | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(options: DecisionReporterOptions<T>) {
    this.#options = options;
    this.#queue = new ReportQueue<T>(options.capacity);
    if (options.flushMs > 0) {
      this.#timer = setInterval(() => void this.flush(), options.flushMs);
      unrefTimer(this.#timer);
    }
  }

  /** Queues a decision; starts a flush when a full batch is waiting. Ignored after `close()`. */
  enqueue(item: T): void {
    if (this.#closed) return;
    this.#queue.push(item);
    if (this.#queue.size >= this.#options.batchSize && this.#flushing === null) void this.flush();
  }

  /**
   * Sends everything queued, batch by batch, stopping at the first retryable failure. Resolves with
   * how many were sent, or that failure (the unsent stay queued). Joins a flush already running.
   */
  flush(): Promise<SdkResult<number>> {
    this.#flushing ??= this.#drain().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  /** Stops the interval, then flushes what is left once. Later decisions are ignored. */
  async close(): Promise<SdkResult<number>> {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.#flushing;
    return this.flush();
  }

  /** Counters and the last error. */
  status(): ReportStatus {
    return {
      queued: this.#queue.size,
      sent: this.#sent,
      dropped: this.#queue.dropped,
      rejected: this.#rejected,
      lastError: this.#lastError,
    };
  }

  async #drain(): Promise<SdkResult<number>> {
    let sent = 0;
    while (this.#queue.size > 0) {
      const batch = this.#queue.take(this.#options.batchSize);
      let result: SdkResult<unknown>;
      try {
        result = await this.#options.send(batch);
      } catch (error) {
        // `send` is meant to return results; a throw is a bug in it, but must not lose the batch.
        result = {
          ok: false,
          error: { code: 'INTERNAL', message: error instanceof Error ? error.message : 'send failed' },
        };
      }
      if (!result.ok) {
        this.#lastError = result.error;
        const isRetryable = this.#options.isRetryable ?? ((error: SdkError) => error.code === 'UNAVAILABLE');
        if (isRetryable(result.error)) {
          this.#queue.putBack(batch);
          return result;
        }
        this.#rejected += batch.length;
        continue;
      }
      sent += batch.length;
      this.#sent += batch.length;
      this.#lastError = null;
    }
    return ok(sent);
  }
}
