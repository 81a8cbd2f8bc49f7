import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { classifyDatabaseError, isUniqueViolation } from './database-errors.js';

/** The error a promise rejects with. */
async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('classifyDatabaseError with real driver errors', () => {
  let pglite: PGlite;
  beforeAll(async () => {
    pglite = new PGlite();
    await pglite.exec(`
      create table t (id int primary key);
      create function refuse() returns trigger language plpgsql as $$
      begin raise exception 'no' using errcode = 'P0001', hint = 'precept:immutable'; end $$;
      create table frozen (id int);
      create trigger frozen_guard before insert on frozen for each row execute function refuse();
      insert into t values (1);
    `);
  });
  afterAll(() => pglite.close());

  it.each([
    ['a duplicate key', () => pglite.query('insert into t values (1)'), 'CONFLICT'],
    ['a guard trigger of ours', () => pglite.query('insert into frozen values (1)'), 'CONFLICT'],
    [
      'a refused connection',
      () => new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2000 }).connect(),
      'UNAVAILABLE',
    ],
    ['a syntax error (our bug)', () => pglite.query('selec 1'), undefined],
  ])('%s', async (_name, run, code) => {
    const error = await errorOf(run());
    expect(classifyDatabaseError(error)?.code).toBe(code);
  });

  it('recognises unique violations by constraint', async () => {
    const error = await errorOf(pglite.query('insert into t values (1)'));
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, 't_pkey')).toBe(true);
    expect(isUniqueViolation(error, 'other')).toBe(false);
    expect(isUniqueViolation(new Error('x'))).toBe(false);
  });

  const adminUrl = inject('pgAdminUrl');
  it.skipIf(adminUrl === '')('a connection terminated by the server is UNAVAILABLE', async () => {
    const victim = new pg.Client({ connectionString: adminUrl });
    victim.on('error', () => undefined);
    await victim.connect();
    const pid = (await victim.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const killer = new pg.Client({ connectionString: adminUrl });
    await killer.connect();
    const slow = errorOf(victim.query('select pg_sleep(30)'));
    // Terminate it once it is busy with the query, so the error reaches an in-flight request.
    await vi.waitFor(
      async () => {
        const { rows } = await killer.query<{ state: string }>(
          'select state from pg_stat_activity where pid = $1',
          [pid],
        );
        expect(rows[0]?.state).toBe('active');
      },
      { timeout: 5000, interval: 20 },
    );
    await killer.query('select pg_terminate_backend($1)', [pid]);
    await killer.end();
    const error = await slow;
    expect(classifyDatabaseError(error)?.code).toBe('UNAVAILABLE');
    await victim.end().catch(() => undefined);
  });
});
