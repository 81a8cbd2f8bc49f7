/**
 * A bounded first-in-first-out queue that, when full, drops its oldest items and counts them: a
 * business line's evaluations must never stall or grow memory without bound because the decision
 * log is unreachable, but the loss must be visible.
 */
export class ReportQueue<T> {
  readonly #capacity: number;
  #items: T[] = [];
  #dropped = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.#capacity = capacity;
  }

  /** Items waiting. */
  get size(): number {
    return this.#items.length;
  }

  /** Items dropped so far because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Appends `item`, dropping the oldest when the queue is full. */
  push(item: T): void {
    this.#items.push(item);
    this.#trim();
  }

  /** Removes and returns up to `count` of the oldest items. */
  take(count: number): T[] {
    return this.#items.splice(0, Math.max(0, count));
  }

  /**
   * Puts back items that could not be sent, ahead of newer ones (they are older). If that overfills
   * the queue, the oldest go first, so the put-back items are the first dropped.
   */
  putBack(items: readonly T[]): void {
    this.#items.unshift(...items);
    this.#trim();
  }

  #trim(): void {
    const excess = this.#items.length - this.#capacity;
    if (excess > 0) {
      this.#items.splice(0, excess);
      this.#dropped += excess;
    }
  }
}
