import { createPublicKey, verify } from 'node:crypto';
import { canonicalJson } from '@precept/rules';
import { afterEach, describe, expect, it } from 'vitest';
import { GUIDELINE_EFFECTIVE_FROM } from '@precept/schema';
import { createClock, retitled, SCORECARD, AUTHOR, REVIEWER } from '../../test/fixtures.js';
import { PROVIDERS, startTestServer, type TestServer } from '../../test/test-server.js';

describe.each(PROVIDERS)('bundles on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  it("holds each policy's version in force with its subject; the ETag follows content only", async () => {
    const clock = createClock('2026-11-26T09:00:00.000Z');
    test = await startTestServer(provider, { now: clock.now });
    const author = test.server.createCaller(AUTHOR);
    const reviewer = test.server.createCaller(REVIEWER);
    const { caller } = test;
    const all = await caller.bundles.get();
    expect(all.versions).toHaveLength(8);
    expect(all.versions.every((v) => v.version === 1 && v.subject.key !== '' && v.effectiveTo === null)).toBe(
      true,
    );
    clock.advance(1000);
    expect((await caller.bundles.get()).etag).toBe(all.etag);

    const one = await caller.bundles.get({ policyKeys: [SCORECARD] });
    expect(one.versions.map((v) => v.policyKey)).toEqual([SCORECARD]);
    expect(one.etag).not.toBe(all.etag);

    // A scheduled publish enters the bundle at once (local evaluators switch at its start).
    const draft = await author.policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    const edited = await author.policies.updateDraft({
      policyKey: SCORECARD,
      version: 2,
      lockVersion: 0,
      document: retitled(draft.document, 'y'),
    });
    const submitted = await author.policies.submit({
      policyKey: SCORECARD,
      version: 2,
      lockVersion: edited.lockVersion,
      changeNote: 'y',
    });
    const approved = await reviewer.policies.approve({
      policyKey: SCORECARD,
      version: 2,
      lockVersion: submitted.lockVersion,
      comment: '',
    });
    await reviewer.policies.publish({
      policyKey: SCORECARD,
      version: 2,
      lockVersion: approved.lockVersion,
      effectiveFrom: '2027-01-01T00:00:00.000Z',
    });
    const next = await caller.bundles.get({ policyKeys: [SCORECARD] });
    expect(next.versions.map((v) => [v.version, v.effectiveFrom, v.effectiveTo])).toEqual([
      [1, GUIDELINE_EFFECTIVE_FROM, '2027-01-01T00:00:00.000Z'],
      [2, '2027-01-01T00:00:00.000Z', null],
    ]);
    expect(next.etag).not.toBe(one.etag);
    const later = await caller.bundles.get({ policyKeys: [SCORECARD], asOf: '2027-02-01' });
    expect(later.versions.map((v) => v.version)).toEqual([2]);
  });

  it('answers If-None-Match with 304 over HTTP', async () => {
    test = await startTestServer(provider);
    const { url } = await test.server.listen(0, '127.0.0.1');
    const first = await fetch(`${url}/api/v1/bundles?policies=${SCORECARD},service-targets`);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const body = (await first.json()) as { etag: string; versions: unknown[] };
    expect(etag).toBe(`"${body.etag}"`);
    expect(body.versions).toHaveLength(2);
    const again = await fetch(`${url}/api/v1/bundles?policies=${SCORECARD},service-targets`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    const other = await fetch(`${url}/api/v1/bundles?policies=${SCORECARD}`, {
      headers: { 'if-none-match': etag },
    });
    expect(other.status).toBe(200);
  });

  it('signs each bundle with the evidence key, over its canonical JSON as it travels', async () => {
    test = await startTestServer(provider);
    const key = await test.caller.system.signingKey();
    const publicKey = createPublicKey(key.publicKey);
    const verifies = (bundle: Record<string, unknown>): boolean => {
      const { signature, ...unsigned } = bundle as { signature: { value: string } };
      return verify(null, Buffer.from(canonicalJson(unsigned)), publicKey, Buffer.from(signature.value, 'base64'));
    };
    const { url } = await test.server.listen(0, '127.0.0.1');
    // Parsed from the wire, as the SDK reads it: nothing between the service and the client may
    // change what was signed.
    const body = (await (await fetch(`${url}/api/v1/bundles?policies=${SCORECARD}`)).json()) as {
      signature: { algorithm: string; keyId: string };
      versions: { effectiveFrom: string }[];
    } & Record<string, unknown>;
    expect(body.signature).toMatchObject({ algorithm: 'Ed25519', keyId: key.keyId });
    expect(verifies(body)).toBe(true);
    const tampered = structuredClone(body);
    tampered.versions[0]!.effectiveFrom = '2020-01-01T00:00:00.000Z';
    expect(verifies(tampered)).toBe(false);
    expect(verifies({ ...body, timeZone: 'UTC' })).toBe(false);
    expect(verifies((await test.caller.bundles.get()) as unknown as Record<string, unknown>)).toBe(true);
  });
});

