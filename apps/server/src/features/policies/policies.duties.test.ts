// Separation of duties, enforced by the lifecycle service for everyone — administrators included:
// whoever edited a version cannot approve, publish or re-publish it; an edit after approval revokes
// the approval; N required approvals need N different people; refusals are audited.
import { GUIDELINE_POLICIES, isAppError, type Actor } from '@precept/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { appCodeOf } from '../../test/errors.js';
import { createClock, retitled, SCORECARD } from '../../test/fixtures.js';
import { PROVIDERS, startTestServer, type TestServer } from '../../test/test-server.js';

const person = (id: string, ...roles: Actor['roles']): Actor => ({
  id,
  kind: 'user',
  credential: 'test',
  roles,
});
/** An administrator who also holds every authoring and reviewing role. */
const ROOT = person('root', 'admin', 'author', 'reviewer');
const ALICE = person('alice', 'author');
const RITA = person('rita', 'reviewer');
const VICTOR = person('victor', 'reviewer');

describe.each(PROVIDERS)('separation of duties on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  const as = (actor: Actor) => test.server.createCaller(actor);

  /** A new version of the scorecard drafted, edited and submitted by `author`. */
  const submitted = async (
    author: Actor,
    title = 'edited',
  ): Promise<{ version: number; lockVersion: number }> => {
    const draft = await as(author).policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    const edited = await as(author).policies.updateDraft({
      policyKey: SCORECARD,
      version: draft.version,
      lockVersion: draft.lockVersion,
      document: retitled(draft.document, title),
    });
    const inReview = await as(author).policies.submit({
      policyKey: SCORECARD,
      version: draft.version,
      lockVersion: edited.lockVersion,
      changeNote: `why: ${title}`,
    });
    return { version: inReview.version, lockVersion: inReview.lockVersion };
  };

  const refusals = async (): Promise<[string, string, string][]> =>
    (await test.server.services.audit.list({ limit: 100 }))
      .filter((entry) => entry.action.endsWith('.refused'))
      .reverse()
      .map((entry) => [entry.action, entry.actor, entry.entityId]);

  it('an administrator who authored a draft can neither approve nor publish it; the refusals are audited', async () => {
    test = await startTestServer(provider);
    const { version, lockVersion } = await submitted(ROOT);
    const ref = { policyKey: SCORECARD, version };

    const approve = as(ROOT).policies.approve({ ...ref, lockVersion, comment: 'mine, fine' });
    expect(await appCodeOf(approve)).toBe('FORBIDDEN');
    const approved = await as(RITA).policies.approve({ ...ref, lockVersion, comment: 'ok' });
    expect(approved.status).toBe('approved');
    expect(await appCodeOf(as(ROOT).policies.publish({ ...ref, lockVersion: approved.lockVersion }))).toBe(
      'FORBIDDEN',
    );
    expect(await refusals()).toEqual([
      ['policy.approve.refused', 'root', `${SCORECARD}@${version}`],
      ['policy.publish.refused', 'root', `${SCORECARD}@${version}`],
    ]);
    // The refused steps changed nothing; a reviewer who did not edit it publishes.
    const published = await as(RITA).policies.publish({ ...ref, lockVersion: approved.lockVersion });
    expect(published).toMatchObject({ status: 'published', editors: ['root'] });
  });

  it('counts everyone who edited, not only the author', async () => {
    test = await startTestServer(provider);
    const draft = await as(ALICE).policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    const bob = person('bob', 'author', 'reviewer');
    const edited = await as(bob).policies.updateDraft({
      policyKey: SCORECARD,
      version: draft.version,
      lockVersion: draft.lockVersion,
      document: retitled(draft.document, 'bob was here'),
    });
    expect(edited.editors).toEqual(['alice', 'bob']);
    const inReview = await as(ALICE).policies.submit({
      policyKey: SCORECARD,
      version: draft.version,
      lockVersion: edited.lockVersion,
      changeNote: 'two hands',
    });
    expect(
      await appCodeOf(
        as(bob).policies.approve({
          policyKey: SCORECARD,
          version: draft.version,
          lockVersion: inReview.lockVersion,
        }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('sends a version edited after approval back to draft and revokes the approval', async () => {
    const clock = createClock('2026-11-26T09:00:00.000Z');
    test = await startTestServer(provider, { now: clock.now });
    const { version, lockVersion } = await submitted(ALICE);
    const ref = { policyKey: SCORECARD, version };
    const approved = await as(RITA).policies.approve({ ...ref, lockVersion, comment: 'ok' });
    expect(approved.status).toBe('approved');

    // Same instant: only the revocation mark, not the clock, tells the old approval from a new one.
    const reopened = await as(ALICE).policies.updateDraft({
      ...ref,
      lockVersion: approved.lockVersion,
      document: retitled(approved.document, 'changed after approval'),
    });
    expect(reopened.status).toBe('draft');
    expect(reopened.reviews).toEqual([
      {
        by: 'rita',
        decision: 'approved',
        comment: 'ok',
        at: clock.now().toISOString(),
        revokedAt: clock.now().toISOString(),
      },
    ]);
    expect(await appCodeOf(as(RITA).policies.publish({ ...ref, lockVersion: reopened.lockVersion }))).toBe(
      'CONFLICT',
    );
    const edits = await test.server.services.audit.list({
      action: 'policy.draft.update',
      entityId: `${SCORECARD}@${version}`,
      limit: 5,
    });
    expect(edits[0]!.details).toEqual({ reopenedFrom: 'approved', revokedApprovals: ['rita'] });

    const again = await as(ALICE).policies.submit({
      ...ref,
      lockVersion: reopened.lockVersion,
      changeNote: 'fixed',
    });
    expect(again.status).toBe('in_review');
    const reapproved = await as(RITA).policies.approve({
      ...ref,
      lockVersion: again.lockVersion,
      comment: 'still ok',
    });
    expect(reapproved.status).toBe('approved');

    // An approver who edits becomes an editor: their own approval is gone and they cannot give another.
    const ritaWhoWrites = person('rita', 'author', 'reviewer');
    const edited = await as(ritaWhoWrites).policies.updateDraft({
      ...ref,
      lockVersion: reapproved.lockVersion,
      document: retitled(reapproved.document, 'rita rewrote it'),
    });
    const resubmitted = await as(ALICE).policies.submit({
      ...ref,
      lockVersion: edited.lockVersion,
      changeNote: 'rita’s wording',
    });
    expect(
      await appCodeOf(as(ritaWhoWrites).policies.approve({ ...ref, lockVersion: resubmitted.lockVersion })),
    ).toBe('FORBIDDEN');
  });

  it('needs N different approvers for a policy that requires N; a rejection revokes the approvals given', async () => {
    test = await startTestServer(provider);
    const scorecard = GUIDELINE_POLICIES.find((entry) => entry.policy.key === SCORECARD)!;
    const key = 'two-person-scorecard';
    const created = await as(ALICE).policies.create({
      policy: { ...scorecard.policy, key, requiredApprovals: 2 },
      document: scorecard.document,
    });
    for (const testCase of scorecard.testCases) {
      await as(ALICE).testCases.create({ policyKey: key, version: created.version.version, testCase });
    }
    const ref = { policyKey: key, version: created.version.version };
    let lockVersion = (await as(ALICE).policies.submit({ ...ref, lockVersion: 0, changeNote: 'first' }))
      .lockVersion;

    const first = await as(RITA).policies.approve({ ...ref, lockVersion, comment: '1 of 2' });
    expect(first.status).toBe('in_review');
    expect(await appCodeOf(as(RITA).policies.approve({ ...ref, lockVersion: first.lockVersion }))).toBe(
      'FORBIDDEN',
    );
    // A rejection by the second reviewer sends it back; the first approval no longer counts.
    const rejected = await as(VICTOR).policies.reject({
      ...ref,
      lockVersion: first.lockVersion,
      comment: 'not yet',
    });
    expect(rejected.reviews[0]).toHaveProperty('revokedAt');
    lockVersion = (
      await as(ALICE).policies.submit({ ...ref, lockVersion: rejected.lockVersion, changeNote: 'again' })
    ).lockVersion;
    const one = await as(VICTOR).policies.approve({ ...ref, lockVersion });
    expect(one.status).toBe('in_review');
    const two = await as(RITA).policies.approve({ ...ref, lockVersion: one.lockVersion });
    expect(two.status).toBe('approved');
    expect(
      await test.server.services.audit.list({ action: 'policy.approve', entityId: `${key}@1`, limit: 5 }),
    ).toHaveLength(3);
  });

  it('lets nobody roll back to content they wrote, and keeps the content’s editors on the copy', async () => {
    const clock = createClock('2026-11-26T09:00:00.000Z');
    test = await startTestServer(provider, { now: clock.now });
    const alice = person('alice', 'author', 'reviewer');
    const { version, lockVersion } = await submitted(alice);
    const approved = await as(RITA).policies.approve({ policyKey: SCORECARD, version, lockVersion });
    await as(RITA).policies.publish({ policyKey: SCORECARD, version, lockVersion: approved.lockVersion });
    clock.advance(60_000);
    expect(
      await appCodeOf(
        as(alice).policies.rollback({ policyKey: SCORECARD, toVersion: version, changeNote: 'mine again' }),
      ),
    ).toBe('FORBIDDEN');
    const restored = await as(RITA).policies.rollback({
      policyKey: SCORECARD,
      toVersion: 1,
      changeNote: 'back',
    });
    expect(restored).toMatchObject({ status: 'published', author: 'rita', editors: ['system'], basedOn: 1 });
  });

  it('requires a change note on submit, in the service itself', async () => {
    test = await startTestServer(provider);
    const draft = await as(ALICE).policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    const refused = await test.server.services.policies
      .submit(ALICE, {
        policyKey: SCORECARD,
        version: draft.version,
        lockVersion: draft.lockVersion,
        changeNote: '  ',
      })
      .then(
        () => 'resolved',
        (error: unknown) => (isAppError(error) ? error.code : 'other'),
      );
    expect(refused).toBe('VALIDATION');
  });
});
