// Signed evidence: an exported package verifies offline against the published key, and any change
// to any byte of it — a row, a filter, the hash, the signature — fails the check.
import { generateKeyPairSync } from 'node:crypto';
import { AuditExportSchema, DecisionExportSchema, type Actor } from '@precept/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { SCORECARD, SCORECARD_FACTS } from '../../test/fixtures.js';
import { PROVIDERS, startTestServer, type TestServer } from '../../test/test-server.js';
import { verifyEvidence } from './evidence.signature.js';
import { runVerifyCommand } from './evidence.verify-command.js';

const AUDITOR: Actor = { id: 'ada', kind: 'user', credential: 'test', roles: ['auditor'] };
const DAY = 86_400_000;

function aroundNow(): { from: string; to: string } {
  return { from: new Date(Date.now() - DAY).toISOString(), to: new Date(Date.now() + DAY).toISOString() };
}

/** Runs the offline command on in-memory files. */
async function command(files: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runVerifyCommand(args, {
    readFile: (path) => (path in files ? Promise.resolve(files[path]!) : Promise.reject(new Error('no such file'))),
    out: (line) => lines.push(line),
    err: (line) => lines.push(line),
  });
  return { code, out: lines.join('\n') };
}

describe.each(PROVIDERS)('signed evidence on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  it('signs decision and audit exports; they verify offline and a changed byte fails', async () => {
    test = await startTestServer(provider);
    for (let i = 0; i < 2; i += 1) {
      await test.caller.evaluation.evaluate({ policyKey: SCORECARD, facts: SCORECARD_FACTS, trace: false });
    }
    const ada = test.server.createCaller(AUDITOR);
    const published = await test.server.createCaller(null).system.signingKey();
    expect(published.algorithm).toBe('Ed25519');
    expect(published.keyId).toBe(test.server.keys.signingKeyId);

    const decisions = await ada.decisions.export(aroundNow());
    const audit = await ada.audit.export(aroundNow());
    // The procedures do not re-validate these megabytes on the way out (trustedOutput): the
    // packages must still be exactly what their schemas describe, nothing stripped or added.
    expect(decisions.count).toBeGreaterThan(0);
    expect(DecisionExportSchema.parse(decisions)).toEqual(decisions);
    expect(AuditExportSchema.parse(audit)).toEqual(audit);

    for (const exported of [decisions, audit]) {
      expect(exported.signature.keyId).toBe(published.keyId);
      // What a recipient downloads is the JSON text of the package.
      const text = JSON.stringify(exported, null, 2);
      const good = await command({ 'e.json': text, 'k.pem': published.publicKey }, 'e.json', '--public-key', 'k.pem');
      expect(good.code, good.out).toBe(0);
      expect(good.out).toMatch(/verified$/);

      // One byte of one row changed: the rows hash and the signature both fail.
      const tampered = text.replace(/"durationMs": [0-9.e-]+|"actor": "[^"]+"/, (m) => (m.includes('durationMs') ? '"durationMs": 99' : '"actor": "mallory"'));
      expect(tampered).not.toBe(text);
      const bad = await command({ 'e.json': tampered, 'k.pem': published.publicKey }, 'e.json', '--public-key', 'k.pem');
      expect(bad.code).toBe(1);
      expect(bad.out).toMatch(/FAIL signature/);

      // A filter rewritten: the signature fails.
      const forged: Record<string, unknown> = structuredClone(exported);
      forged.filters = { ...exported.filters, policyKey: 'something-else' };
      expect(verifyEvidence(forged, published.publicKey)).toMatchObject({ ok: false });

      // Signed by another key than the trusted one.
      const stranger = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }) as string;
      const wrongKey = verifyEvidence(JSON.parse(text), stranger);
      expect(wrongKey.ok).toBe(false);
      expect(wrongKey.checks.find((c) => c.name === 'key')).toMatchObject({ ok: false });

      // Without a trusted key the package's own key is used, and the check says so.
      const own = verifyEvidence(JSON.parse(text));
      expect(own.ok).toBe(true);
      expect(own.checks.find((c) => c.name === 'key')?.detail).toMatch(/compare it with the key the bank publishes/);

      // The server checks an uploaded package the same way.
      expect((await ada.evidence.verify({ evidence: JSON.parse(text) })).ok).toBe(true);
      expect((await ada.evidence.verify({ evidence: JSON.parse(tampered) })).ok).toBe(false);
    }
  });

  it('detects an audit row edited and re-signed by nobody: the row hash breaks the chain check', async () => {
    test = await startTestServer(provider);
    const ada = test.server.createCaller(AUDITOR);
    const exported = await ada.audit.export(aroundNow());
    const edited = structuredClone(exported);
    edited.rows[0] = { ...edited.rows[0]!, reason: 'rewritten' };
    const result = verifyEvidence(edited, test.server.keys.publicKeyPem);
    expect(result.ok).toBe(false);
    expect(result.checks.find((c) => c.name === 'chain')).toMatchObject({ ok: false });
  });
});

describe('the offline verifier (evidence-verify.js)', () => {
  it('explains bad arguments and unreadable files with exit code 2', async () => {
    expect((await command({})).code).toBe(2);
    expect((await command({}, 'missing.json')).out).toMatch(/missing.json: no such file/);
    expect((await command({ 'e.json': '{not json' }, 'e.json')).out).toMatch(/not JSON/);
    expect((await command({ 'e.json': '{}' }, 'e.json', '--public-key')).code).toBe(2);
    const notPackage = await command({ 'e.json': '{"rows": 1}' }, 'e.json');
    expect(notPackage).toMatchObject({ code: 1 });
    expect(notPackage.out).toMatch(/not an evidence package/);
  });
});
