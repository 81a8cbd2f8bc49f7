import { describe, expect, it } from 'vitest';
import { publicKeyFileName, verifyCommand } from './use-evidence-export';

describe('verifying an exported package offline', () => {
  it('names the key file by its id and gives the command that checks the package against it', () => {
    expect(publicKeyFileName('45182f53358aa4eb')).toBe('precept-signing-key-45182f53358aa4eb.pem');
    expect(verifyCommand('precept-audit-2026-12-01-2026-12-07.json', '45182f53358aa4eb')).toBe(
      'node apps/server/dist/evidence-verify.js precept-audit-2026-12-01-2026-12-07.json --public-key precept-signing-key-45182f53358aa4eb.pem',
    );
  });
});
