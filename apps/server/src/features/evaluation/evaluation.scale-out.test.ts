// Two server instances on one database share nothing but it: a publish through one reaches the
// other through LISTEN/NOTIFY. The second instance has the old windows cached (it evaluated before
// the publish) and no expiry, so only the notification can make it switch.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PreceptServer } from '../../server.js';
import { retitled, SCORECARD, SCORECARD_FACTS, AUTHOR, REVIEWER } from '../../test/fixtures.js';
import { PROVIDERS, startSecondServer, startTestServer, type TestServer } from '../../test/test-server.js';

describe.each(PROVIDERS)('two instances on one %s database', (provider) => {
  let first: TestServer;
  let second: PreceptServer | undefined;
  afterEach(async () => {
    await second?.close();
    await first?.close();
  });

  it('serves a publish made through the other instance within a second', async () => {
    first = await startTestServer(provider);
    second = await startSecondServer(first);
    const author = first.server.createCaller(AUTHOR);
    const reviewer = first.server.createCaller(REVIEWER);
    const b = second.createCaller();
    expect(
      (await b.evaluation.evaluate({ policyKey: SCORECARD, facts: SCORECARD_FACTS, trace: false })).version,
    ).toBe(1);

    const invalidated = vi.spyOn(second.services.evaluation, 'invalidate');
    const draft = await author.policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    const edited = await author.policies.updateDraft({
      policyKey: SCORECARD,
      version: 2,
      lockVersion: 0,
      document: retitled(draft.document, 'v2'),
    });
    const submitted = await author.policies.submit({
      policyKey: SCORECARD,
      version: 2,
      lockVersion: edited.lockVersion,
      changeNote: 'v2',
    });
    const approved = await reviewer.policies.approve({
      policyKey: SCORECARD,
      version: 2,
      lockVersion: submitted.lockVersion,
      comment: '',
    });
    await reviewer.policies.publish({ policyKey: SCORECARD, version: 2, lockVersion: approved.lockVersion });

    await vi.waitFor(() => expect(invalidated).toHaveBeenCalledWith(SCORECARD), {
      timeout: 1000,
      interval: 10,
    });
    const after = await b.evaluation.evaluate({ policyKey: SCORECARD, facts: SCORECARD_FACTS, trace: false });
    expect(after.version).toBe(2);
  });
});
