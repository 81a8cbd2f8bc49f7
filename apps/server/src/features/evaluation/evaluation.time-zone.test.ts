// The business time zone gives dates their meaning: a revision published effective 2027-01-01 is
// in force from 00:00 in Beijing (16:00 UTC the day before), not from 08:00; an as-of date is that
// day's start there; the bundle tells local evaluators the zone. Checked at 23:59:59 and 00:00:00
// local on the boundary, on PGlite and PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { AUTHOR, createClock, REVIEWER, retitled, SCORECARD, SCORECARD_FACTS } from '../../test/fixtures.js';
import { PROVIDERS, startTestServer, type TestServer } from '../../test/test-server.js';

describe.each(PROVIDERS)('the business time zone on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  /** Publishes a new scorecard version effective `effectiveFrom`; returns its number and window start. */
  const publishRevision = async (effectiveFrom: string): Promise<{ version: number; from: string }> => {
    const author = test.server.createCaller(AUTHOR);
    const reviewer = test.server.createCaller(REVIEWER);
    const draft = await author.policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    const edited = await author.policies.updateDraft({
      policyKey: SCORECARD,
      version: draft.version,
      lockVersion: draft.lockVersion,
      document: retitled(draft.document, '2027 revision'),
    });
    const ref = { policyKey: SCORECARD, version: draft.version };
    const submitted = await author.policies.submit({
      ...ref,
      lockVersion: edited.lockVersion,
      changeNote: 'why: 2027',
    });
    const approved = await reviewer.policies.approve({ ...ref, lockVersion: submitted.lockVersion });
    const published = await reviewer.policies.publish({
      ...ref,
      lockVersion: approved.lockVersion,
      effectiveFrom,
    });
    return { version: published.version, from: published.effectiveFrom! };
  };

  const versionAt = async (asOf: string): Promise<number> =>
    (
      await test.server
        .createCaller(AUTHOR)
        .evaluation.evaluate({ policyKey: SCORECARD, facts: SCORECARD_FACTS, asOf })
    ).version;

  it('starts an effective date at midnight in Asia/Shanghai, by default', async () => {
    const clock = createClock('2026-12-20T02:00:00.000Z');
    test = await startTestServer(provider, { now: clock.now });
    const { version, from } = await publishRevision('2027-01-01');
    expect(from).toBe('2026-12-31T16:00:00.000Z');

    expect(await versionAt('2026-12-31T23:59:59+08:00')).toBe(1);
    expect(await versionAt('2026-12-31T15:59:59.999Z')).toBe(1);
    expect(await versionAt('2027-01-01T00:00:00+08:00')).toBe(version);
    expect(await versionAt('2026-12-31')).toBe(1);
    expect(await versionAt('2027-01-01')).toBe(version);

    const caller = test.server.createCaller(AUTHOR);
    expect((await caller.system.info()).timeZone).toBe('Asia/Shanghai');
    const bundle = await caller.bundles.get({ policyKeys: [SCORECARD], asOf: '2027-01-01' });
    expect(bundle.timeZone).toBe('Asia/Shanghai');
    expect(bundle.versions.map((v) => [v.version, v.effectiveFrom])).toEqual([
      [version, '2026-12-31T16:00:00.000Z'],
    ]);
    // The day before, the bundle holds the version in force and the scheduled one.
    const before = await caller.bundles.get({ policyKeys: [SCORECARD], asOf: '2026-12-31' });
    expect(before.versions.map((v) => v.version)).toEqual([1, version]);
  });

  it('follows PRECEPT_TIME_ZONE, and refuses a zone it does not know', async () => {
    const clock = createClock('2026-12-20T02:00:00.000Z');
    test = await startTestServer(provider, { now: clock.now, env: { PRECEPT_TIME_ZONE: 'UTC' } });
    const { version, from } = await publishRevision('2027-01-01');
    expect(from).toBe('2027-01-01T00:00:00.000Z');
    expect(await versionAt('2027-01-01T07:59:59+08:00')).toBe(1);
    expect(await versionAt('2027-01-01T08:00:00+08:00')).toBe(version);
    expect(() => loadConfig({ PRECEPT_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      /PRECEPT_TIME_ZONE: an IANA time-zone name/,
    );
  });
});
