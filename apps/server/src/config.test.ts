import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const SIGNING_PEM = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
const RSA_PEM = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
const PII_HEX = 'ab'.repeat(32);

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
    [{}, { metricsTokens: [], accessLog: true, shutdown: { delayMs: 0, graceMs: 5000 } }],
    [
      { PRECEPT_METRICS_TOKEN: '', DATABASE_URL: '', PRECEPT_ADMIN_PASSWORD: '', PORT: '' },
      { metricsTokens: [], database: { kind: 'pglite' }, identity: { adminPassword: undefined }, port: 3000 },
    ],
    [{ PRECEPT_METRICS_TOKEN: 'a-long-scrape-token' }, { metricsTokens: ['a-long-scrape-token'] }],
    [
      { PRECEPT_METRICS_TOKEN: 'old-scrape-token-1,new-scrape-token-2' },
      { metricsTokens: ['old-scrape-token-1', 'new-scrape-token-2'] },
    ],
    [
      { PRECEPT_ACCESS_LOG: '0', PRECEPT_SHUTDOWN_DELAY_MS: '5000', PRECEPT_SHUTDOWN_GRACE_MS: '20000' },
      { accessLog: false, shutdown: { delayMs: 5000, graceMs: 20000 } },
    ],
  ])('reads %j', (env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [{ PRECEPT_DEMO: 'maybe' }, /PRECEPT_DEMO/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ PRECEPT_PII_KEY: 'short' }, /PRECEPT_PII_KEY: at least 32 random bytes/],
    [{ PRECEPT_PII_KEY: 'ab'.repeat(16) }, /PRECEPT_PII_KEY/],
    [{ PRECEPT_SIGNING_KEY: RSA_PEM }, /PRECEPT_SIGNING_KEY: an Ed25519 private key/],
    [{ PRECEPT_SIGNING_KEY: 'not a key' }, /PRECEPT_SIGNING_KEY/],
    [{ PRECEPT_PII_ROLES: 'auditor,service' }, /PRECEPT_PII_ROLES/],
    [{ PRECEPT_RETENTION_MONTHS: '0' }, /PRECEPT_RETENTION_MONTHS/],
    [
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db', PRECEPT_SIGNING_KEY: SIGNING_PEM },
      /PRECEPT_PII_KEY: required in production/,
    ],
    [
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db', PRECEPT_PII_KEY: PII_HEX },
      /PRECEPT_SIGNING_KEY: required in production/,
    ],
    [{ PRECEPT_METRICS_TOKEN: 'short' }, /PRECEPT_METRICS_TOKEN/],
    [{ PRECEPT_METRICS_TOKEN: 'has a space in the token' }, /PRECEPT_METRICS_TOKEN/],
    [
      { PRECEPT_METRICS_TOKEN: 'one-long-token-1,two-long-token-2,three-long-token3' },
      /PRECEPT_METRICS_TOKEN/,
    ],
    [{ PRECEPT_SHUTDOWN_DELAY_MS: '-1' }, /PRECEPT_SHUTDOWN_DELAY_MS/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the compliance keys and settings, and where generated keys are kept', () => {
    const der = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u@h/db',
      PRECEPT_PII_KEY: Buffer.alloc(32, 7).toString('base64'),
      PRECEPT_SIGNING_KEY: der,
      PRECEPT_PII_ROLES: 'auditor,admin',
      PRECEPT_RETENTION_MONTHS: '84',
    });
    expect(config.compliance.piiKey).toEqual(Buffer.alloc(32, 7));
    expect(config.compliance.signingKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(config.compliance).toMatchObject({ keysDir: null, personalDataRoles: ['auditor', 'admin'], retentionMonths: 84 });
    expect(loadConfig({}).compliance.keysDir).toMatch(/\.precept[/\\]data\.keys$/);
    expect(loadConfig({ PRECEPT_DATA_DIR: 'memory://' }).compliance.keysDir).toBeNull();
  });
});
