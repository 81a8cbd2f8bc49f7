import { describe, expect, it } from 'vitest';
import { ReportQueue } from './report-queue.js';

describe('ReportQueue', () => {
  it.each([
    { capacity: 3, pushed: [1, 2], kept: [1, 2], dropped: 0 },
    { capacity: 3, pushed: [1, 2, 3], kept: [1, 2, 3], dropped: 0 },
    { capacity: 3, pushed: [1, 2, 3, 4, 5], kept: [3, 4, 5], dropped: 2 },
    { capacity: 1, pushed: [1, 2, 3], kept: [3], dropped: 2 },
  ])(
    'capacity $capacity after $pushed keeps $kept and counts $dropped drops',
    ({ capacity, pushed, kept, dropped }) => {
      const queue = new ReportQueue<number>(capacity);
      for (const n of pushed) queue.push(n);
      expect(queue.take(10)).toEqual(kept);
      expect(queue.dropped).toBe(dropped);
      expect(queue.size).toBe(0);
    },
  );

  it('takes the oldest first, in batches', () => {
    const queue = new ReportQueue<number>(10);
    for (const n of [1, 2, 3, 4, 5]) queue.push(n);
    expect(queue.take(2)).toEqual([1, 2]);
    expect(queue.take(2)).toEqual([3, 4]);
    expect(queue.take(2)).toEqual([5]);
    expect(queue.take(2)).toEqual([]);
  });

  it('puts unsent items back ahead of newer ones and drops them first when full', () => {
    const queue = new ReportQueue<number>(4);
    for (const n of [1, 2, 3]) queue.push(n);
    const batch = queue.take(2);
    queue.push(4);
    queue.push(5);
    queue.putBack(batch);
    expect(queue.dropped).toBe(1);
    expect(queue.take(10)).toEqual([2, 3, 4, 5]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses capacity %s', (capacity) => {
    expect(() => new ReportQueue(capacity)).toThrow(RangeError);
  });
});
