import { describe, expect, it } from 'vitest';
import { createProgress } from './io.js';

function sink(isTTY: boolean) {
  let text = '';
  return { isTTY, write: (chunk: string) => (text += chunk), text: () => text };
}

describe('createProgress', () => {
  it('rewrites one counter line on a terminal and clears it when done', () => {
    const stderr = sink(true);
    const progress = createProgress(stderr, false);
    progress.start('export', 2);
    progress.tick('a');
    progress.tick('b');
    progress.done();
    expect(stderr.text()).toBe('\r\x1b[2K[1/2] export a\r\x1b[2K[2/2] export b\r\x1b[2K');
  });

  it.each([
    { name: 'not a terminal', isTTY: false, quiet: false },
    { name: '--quiet', isTTY: true, quiet: true },
  ])('is silent when $name', ({ isTTY, quiet }) => {
    const stderr = sink(isTTY);
    const progress = createProgress(stderr, quiet);
    progress.start('test', 1);
    progress.tick('a');
    progress.done();
    expect(stderr.text()).toBe('');
  });
});
