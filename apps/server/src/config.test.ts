import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to PGlite in .precept/data with the demo, on 127.0.0.1:3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      database: { kind: 'pglite', dataDir: '.precept/data' },
      seed: true,
      demo: true,
      decisionLog: true,
      isProduction: false,
    });
    expect(config.consoleDir.endsWith(`${'/'}console${'/'}dist`)).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [
      { DATABASE_URL: 'postgres://u@h:5432/db' },
      { database: { kind: 'postgres', url: 'postgres://u@h:5432/db', poolMax: 10 }, demo: false },
    ],
    [{ DATABASE_URL: 'postgres://u@h/db', PRECEPT_DEMO: '1' }, { demo: true }],
    [
      { PRECEPT_DEMO: 'off', PRECEPT_DECISION_LOG: '0' },
      { demo: false, decisionLog: false },
    ],
    [
      { NODE_ENV: 'production', PORT: '8080', HOST: '0.0.0.0' },
      { isProduction: true, port: 8080, host: '0.0.0.0' },
    ],
    [{ PRECEPT_DATA_DIR: '/var/lib/precept' }, { database: { kind: 'pglite', dataDir: '/var/lib/precept' } }],
  ])('reads %j', (env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [{ PRECEPT_DEMO: 'maybe' }, /PRECEPT_DEMO/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
