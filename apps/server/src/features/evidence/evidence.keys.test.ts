import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ComplianceConfig } from '../../config.js';
import { createLogger, type Logger } from '../../log/logger.js';
import { loadComplianceKeys } from './evidence.keys.js';

const config = (keysDir: string | null): ComplianceConfig => ({
  piiKey: undefined,
  signingKeyPem: undefined,
  keysDir,
  personalDataRoles: ['auditor'],
  retentionMonths: 120,
  retentionIntervalMs: 0,
});

/** A logger that keeps what it is told. */
function recordingLog(): { log: Logger; lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const base = createLogger('silent');
  const log = {
    ...base,
    info: (message: string) => lines.push({ level: 'info', message }),
    warn: (message: string) => lines.push({ level: 'warn', message }),
  } as Logger;
  return { log, lines };
}

describe('compliance keys', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('generates both keys once beside the data, owner-only, and reuses them at the next start', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'precept-keys-'));
    const keysDir = path.join(dir, 'data.keys');
    const first = recordingLog();
    const made = await loadComplianceKeys(config(keysDir), first.log);
    expect(made.origin).toEqual({ pii: 'generated', signing: 'generated' });
    expect(first.lines.some((l) => /publish its public key/.test(l.message))).toBe(true);
    for (const file of ['pii.key', 'signing-ed25519.pem']) {
      expect(statSync(path.join(keysDir, file)).mode & 0o777).toBe(0o600);
    }
    const again = await loadComplianceKeys(config(keysDir), recordingLog().log);
    expect(again.origin).toEqual({ pii: 'file', signing: 'file' });
    expect(again.piiKey).toEqual(made.piiKey);
    expect(again.publicKeyPem).toBe(made.publicKeyPem);
    expect(again.signingKeyId).toMatch(/^[0-9a-f]{16}$/);
    expect(again.piiKeyId).toMatch(/^[0-9a-f]{8}$/);
  });

  it('makes keys for the process only, with a warning, when there is nowhere to keep them', async () => {
    const { log, lines } = recordingLog();
    const keys = await loadComplianceKeys(config(null), log);
    expect(keys.origin).toEqual({ pii: 'ephemeral', signing: 'ephemeral' });
    expect(lines.find((l) => l.level === 'warn')?.message).toMatch(/change at restart/);
  });
});
