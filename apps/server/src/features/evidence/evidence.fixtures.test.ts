// Packages signed before a change to how exports are written must keep verifying: the fixtures are
// real exports of the server as it was before the export pipeline was made faster (canonical JSON
// through JSON.stringify, rows encoded once, no output re-validation), from a scratch database of
// synthetic bench decisions and the bench's fixed signing key. A change to the canonical form would
// fail them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyEvidence } from './evidence.signature.js';
import { runVerifyCommand } from './evidence.verify-command.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
const PUBLIC_KEY = fixture('signing-key.pem');

describe('evidence packages signed before the export pipeline was rewritten', () => {
  it.each([
    ['decisions-clear.json', 'a decision export in clear (auditor)'],
    ['decisions-masked.json', 'a decision export with personal values masked'],
    ['audit.json', 'an audit export with its chain'],
  ])('%s (%s) still verifies offline, and a changed byte fails', async (name) => {
    const text = fixture(name);
    const result = verifyEvidence(JSON.parse(text), PUBLIC_KEY);
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.ok).toBe(true);

    const lines: string[] = [];
    const code = await runVerifyCommand([name, '--public-key', 'key.pem'], {
      readFile: (path) => Promise.resolve(path === 'key.pem' ? PUBLIC_KEY : text),
      out: (line) => lines.push(line),
      err: (line) => lines.push(line),
    });
    expect(code, lines.join('\n')).toBe(0);

    const tampered = text.replace(/"count": (\d+)/, (_, n: string) => `"count": ${Number(n) + 1}`);
    expect(tampered).not.toBe(text);
    expect(verifyEvidence(JSON.parse(tampered), PUBLIC_KEY).ok).toBe(false);
  });
});
