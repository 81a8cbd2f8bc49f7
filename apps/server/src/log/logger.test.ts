import { describe, expect, it } from 'vitest';
import { createLogger, lazyChild } from './logger.js';

const capture = (level: Parameters<typeof createLogger>[0]) => {
  const lines: string[] = [];
  const log = createLogger(level, (line) => lines.push(line));
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, lines, records };
};

describe('createLogger', () => {
  it('writes one JSON object per line: level as a word, an ISO time, the message and the fields', () => {
    const { log, lines, records } = capture('info');
    log.info('listening', { port: 3000 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const [record] = records();
    expect(record).toMatchObject({ level: 'info', msg: 'listening', port: 3000 });
    expect(new Date(record!.time as string).toISOString()).toBe(record!.time);
  });

  it('drops lines below its level', () => {
    const { log, records } = capture('warn');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(records().map((record) => record.level)).toEqual(['warn', 'error']);
    const silent = capture('silent');
    silent.log.error('nothing');
    expect(silent.lines).toEqual([]);
  });

  it('writes an error with its type, message, stack and cause, and other values as they are', () => {
    const { log, records } = capture('info');
    log.error('failed', { error: new Error('outer', { cause: new TypeError('inner') }) });
    log.warn('lost', { error: 'connection reset' });
    const [failed, lost] = records() as [{ error: Record<string, unknown> }, { error: unknown }];
    expect(failed.error).toMatchObject({
      type: 'Error',
      message: 'outer',
      cause: { type: 'TypeError', message: 'inner' },
    });
    expect(failed.error.stack).toContain('outer');
    expect(lost.error).toBe('connection reset');
  });

  it('adds a child’s fields to every line, and a lazy child’s only once it writes', () => {
    const { log, records } = capture('info');
    log.child({ requestId: 'r1' }).info('one', { n: 1 });
    const lazy = lazyChild(log, { requestId: 'r2' });
    lazy.debug('below the level');
    lazy.child({ path: '/x' }).warn('two');
    expect(records()).toEqual([
      expect.objectContaining({ requestId: 'r1', msg: 'one', n: 1 }),
      expect.objectContaining({ requestId: 'r2', path: '/x', msg: 'two', level: 'warn' }),
    ]);
  });
});
