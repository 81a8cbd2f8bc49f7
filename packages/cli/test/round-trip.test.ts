// Policy as code end to end, over HTTP against real servers: export a seeded installation, check
// the folder offline, import it into an empty installation as drafts, publish them there through
// the normal review flow (an author submits, a different reviewer approves and publishes), and
// find the same content hashes. Then an edit in the folder becomes a new draft and nothing more.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GUIDELINE_POLICIES, GUIDELINE_SUBJECTS } from '@precept/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editJson, memoryIo, removeDir, tempDir } from './fixtures.js';
import { startServer, TEST_PASSWORD, type TestServer } from './server-harness.js';
import { runCli } from '../src/cli.js';
import { createApi } from '../src/server/connection.js';
import { EXIT } from '../src/exit-codes.js';

const SCORECARD = 'service-performance-scorecard';

describe('export → import into an empty installation → publish', () => {
  let seeded: TestServer;
  let empty: TestServer;
  let dir: string;

  beforeAll(async () => {
    [seeded, empty] = await Promise.all([startServer({ seed: true }), startServer({ seed: false })]);
    dir = await tempDir();
  });
  afterAll(async () => {
    await Promise.all([seeded?.stop(), empty?.stop()]);
    await removeDir(dir);
  });

  it('reproduces every content hash', async () => {
    // Export from the seeded installation, as an auditor (any role reads).
    const exported = memoryIo(seeded.envAs('auditor'));
    expect(await runCli(['export', dir, '--quiet'], exported), exported.err()).toBe(EXIT.ok);
    expect(exported.out()).toContain(
      `exported ${GUIDELINE_POLICIES.length} policies and ${GUIDELINE_SUBJECTS.length} subjects`,
    );
    expect((await readdir(join(dir, 'policies'))).sort()).toEqual(
      GUIDELINE_POLICIES.map((entry) => `${entry.policy.key}.json`).sort(),
    );
    const scorecardText = await readFile(join(dir, 'policies', `${SCORECARD}.json`), 'utf8');
    expect(scorecardText.endsWith('}\n')).toBe(true);
    expect(scorecardText).toMatch(/^\{\n {2}"policy": \{\n {4}"key": "service-performance-scorecard",/);

    const asAuditor = await seeded.signIn('auditor');
    const seededPolicies = await asAuditor.policies.list.query({});
    const seededSubjects = await asAuditor.subjects.list.query();
    const scorecardFile = JSON.parse(scorecardText) as { source: { contentHash: string; version: number } };
    expect(scorecardFile.source).toMatchObject({
      version: 1,
      contentHash: seededPolicies.find((p) => p.policy.key === SCORECARD)!.inForce!.contentHash,
    });

    // Offline: the export validates and its test cases pass.
    expect(await runCli(['validate', dir], memoryIo())).toBe(EXIT.ok);
    const tested = memoryIo();
    expect(await runCli(['test', dir], tested), tested.err()).toBe(EXIT.ok);

    // Against the seeded server nothing differs; against the empty one everything is local only.
    const same = memoryIo(seeded.envAs('auditor'));
    expect(await runCli(['diff', dir, '--exit-code'], same), same.err()).toBe(EXIT.ok);
    expect(same.out()).not.toMatch(/^ +(changed|only)/m);
    const before = memoryIo(empty.envAs('author'));
    expect(await runCli(['diff', dir, '--exit-code'], before)).toBe(EXIT.failed);
    expect(before.out().match(/only local/g)).toHaveLength(
      GUIDELINE_POLICIES.length + GUIDELINE_SUBJECTS.length,
    );

    // Import into the empty installation as the author: drafts, nothing published.
    const imported = memoryIo(empty.envAs('author'));
    expect(
      await runCli(['import', dir, '--reason', 'Move the policy set to the new installation'], imported),
      imported.err(),
    ).toBe(EXIT.ok);
    expect(imported.out().match(/^created /gm)).toHaveLength(GUIDELINE_POLICIES.length);
    const asAuthor = await empty.signIn('author');
    const drafted = await asAuthor.policies.list.query({});
    expect(drafted.every((p) => p.inForce === null && p.pending[0]?.status === 'draft')).toBe(true);

    // Publish there through the review flow: the author submits, the reviewer approves and publishes.
    const asReviewer = await empty.signIn('reviewer');
    for (const summary of drafted) {
      const policyKey = summary.policy.key;
      const draft = await asAuthor.policies.getVersion.query({ policyKey, version: 1 });
      expect(draft.changeNote).toBe('Move the policy set to the new installation');
      const submitted = await asAuthor.policies.submit.mutate({
        policyKey,
        version: 1,
        lockVersion: draft.lockVersion,
        changeNote: 'Moved from the test installation',
      });
      // Approving takes the reviewer role, which the author does not hold.
      await expect(
        asAuthor.policies.approve.mutate({ policyKey, version: 1, lockVersion: submitted.lockVersion }),
      ).rejects.toThrow(/reviewer/);
      const approved = await asReviewer.policies.approve.mutate({
        policyKey,
        version: 1,
        lockVersion: submitted.lockVersion,
        comment: 'same content as production',
      });
      await asReviewer.policies.publish.mutate({ policyKey, version: 1, lockVersion: approved.lockVersion });
    }

    const published = await asAuthor.policies.list.query({});
    const hashes = (list: typeof published) =>
      Object.fromEntries(list.map((p) => [p.policy.key, p.inForce?.contentHash ?? null]));
    expect(hashes(published)).toEqual(hashes(seededPolicies));
    expect(Object.values(hashes(published)).every((hash) => hash !== null)).toBe(true);
    const subjectHashes = (list: typeof seededSubjects) =>
      Object.fromEntries(list.map((s) => [s.key, s.contentHash]));
    expect(subjectHashes(await asAuthor.subjects.list.query())).toEqual(subjectHashes(seededSubjects));

    // The test cases came along too, and pass on the server.
    for (const summary of published) {
      const run = await asAuthor.testCases.run.query({ policyKey: summary.policy.key, version: 1 });
      expect(run.failed).toBe(0);
      expect(run.passed).toBe(
        GUIDELINE_POLICIES.find((p) => p.policy.key === summary.policy.key)!.testCases.length,
      );
    }

    // A second import finds nothing to do.
    const again = memoryIo(empty.envAs('author'));
    expect(await runCli(['import', dir, '--reason', 'again'], again), again.err()).toBe(EXIT.ok);
    expect(again.out().match(/^unchanged /gm)).toHaveLength(GUIDELINE_POLICIES.length);
  });

  it('turns an edit in the folder into a new draft with the reason, and leaves the version in force', async () => {
    await editJson(join(dir, 'policies', `${SCORECARD}.json`), (file) => {
      file.document.lines[1].condition.all[0].value = 96;
      file.testCases[0].name = 'exemplary outlet (renamed)';
    });
    const diffed = memoryIo(seeded.envAs('auditor'));
    expect(await runCli(['diff', dir, '--exit-code'], diffed)).toBe(EXIT.failed);
    expect(diffed.out()).toContain(`changed     ${SCORECARD} (v1 published)`);
    expect(diffed.out()).toContain('~ $.lines[id=satisfaction-rate].condition.all[0].value: 95 → 96');
    expect(diffed.out()).toContain('test cases: 0 added, 0 removed, 1 changed');

    const imported = memoryIo(seeded.envAs('author'));
    expect(
      await runCli(['import', dir, '--reason', 'Raise the satisfaction threshold'], imported),
      imported.err(),
    ).toBe(EXIT.ok);
    expect(imported.out()).toContain(`updated     ${SCORECARD} v2 (new draft from v1)`);
    expect(imported.out().match(/^unchanged /gm)).toHaveLength(GUIDELINE_POLICIES.length - 1);

    const api = await seeded.signIn('auditor');
    const detail = await api.policies.get.query({ policyKey: SCORECARD });
    expect(detail.inForce?.version).toBe(1);
    expect(detail.pending).toEqual([{ version: 2, status: 'draft' }]);
    const draft = await api.policies.getVersion.query({ policyKey: SCORECARD, version: 2 });
    expect(draft.changeNote).toBe('Raise the satisfaction threshold');
    const cases = await api.testCases.list.query({ policyKey: SCORECARD, version: 2 });
    expect(cases[0]!.name).toBe('exemplary outlet (renamed)');

    // Importing again edits the same draft instead of opening another; diff now compares with it.
    const after = memoryIo(seeded.envAs('auditor'));
    expect(await runCli(['diff', dir, '--exit-code'], after)).toBe(EXIT.ok);
    expect(after.out()).toContain(`unchanged   ${SCORECARD} (v2 draft)`);

    // --drafts exports the open draft; without it, the version in force.
    const draftsDir = await tempDir();
    try {
      expect(await runCli(['export', draftsDir, '--drafts', '-q'], memoryIo(seeded.envAs('auditor')))).toBe(
        EXIT.ok,
      );
      const withDraft = JSON.parse(await readFile(join(draftsDir, 'policies', `${SCORECARD}.json`), 'utf8'));
      expect(withDraft.source).toMatchObject({ version: 2, status: 'draft', contentHash: draft.contentHash });
      expect(withDraft.document.lines[1].condition.all[0].value).toBe(96);
      expect(await runCli(['export', draftsDir, '-q'], memoryIo(seeded.envAs('auditor')))).toBe(EXIT.ok);
      const inForce = JSON.parse(await readFile(join(draftsDir, 'policies', `${SCORECARD}.json`), 'utf8'));
      expect(inForce.source).toMatchObject({ version: 1, status: 'published' });
    } finally {
      await removeDir(draftsDir);
    }

    // Once that draft is in review, an import refuses to reopen it (exit 3) and changes nothing.
    const asAuthor = await seeded.signIn('author');
    const inReview = await asAuthor.policies.submit.mutate({
      policyKey: SCORECARD,
      version: 2,
      lockVersion: draft.lockVersion,
      changeNote: 'Raise the satisfaction threshold',
    });
    await editJson(join(dir, 'policies', `${SCORECARD}.json`), (file) => {
      file.document.lines[1].condition.all[0].value = 97;
    });
    const refused = memoryIo(seeded.envAs('author'));
    expect(await runCli(['import', dir, '--reason', 'one more'], refused)).toBe(EXIT.server);
    expect(refused.err()).toContain(
      `error: ${SCORECARD}: v2 is in review; import does not reopen a version under review`,
    );
    const unchanged = await api.policies.getVersion.query({ policyKey: SCORECARD, version: 2 });
    expect(unchanged).toMatchObject({
      status: 'in_review',
      lockVersion: inReview.lockVersion,
      contentHash: draft.contentHash,
    });
    await editJson(join(dir, 'policies', `${SCORECARD}.json`), (file) => {
      file.document.lines[1].condition.all[0].value = 96;
    });
  });

  it('stores a login for later commands and forgets it at logout', async () => {
    const configDir = await tempDir();
    try {
      const env = { PRECEPT_URL: seeded.url, PRECEPT_CONFIG_DIR: configDir };
      const login = memoryIo(env, `${TEST_PASSWORD}\n`);
      expect(await runCli(['login', '--user', 'reviewer', '--password-stdin'], login), login.err()).toBe(
        EXIT.ok,
      );
      expect(login.out()).toMatch(
        /^signed in to http:\/\/127\.0\.0\.1:\d+\/ as reviewer \(roles: reviewer\)/,
      );
      expect(login.err()).toContain('import needs the author role');
      const file = join(configDir, 'credentials.json');
      expect((await stat(file)).mode & 0o777).toBe(0o600);

      const exported = memoryIo(env);
      expect(await runCli(['export', join(configDir, 'out'), '-q'], exported), exported.err()).toBe(EXIT.ok);

      const { token } = JSON.parse(await readFile(file, 'utf8')) as { token: string };
      expect(await runCli(['logout'], memoryIo(env))).toBe(EXIT.ok);
      await expect(stat(file)).rejects.toThrow(/ENOENT/);
      // The session ended on the server too, not only in the file.
      await expect(createApi(`${seeded.url}/`, token).policies.list.query({})).rejects.toMatchObject({
        data: { appCode: 'UNAUTHORIZED' },
      });
      const after = memoryIo(env);
      expect(await runCli(['export', join(configDir, 'out'), '-q'], after)).toBe(EXIT.server);
      expect(after.err()).toContain('not signed in to');
    } finally {
      await removeDir(configDir);
    }
  });

  it("exits 3 with the server's reason when the credential or the role does not do", async () => {
    const wrong = memoryIo({ ...seeded.envAs('author'), PRECEPT_PASSWORD: 'not-the-password' });
    expect(await runCli(['export', dir], wrong)).toBe(EXIT.server);
    expect(wrong.err()).toMatch(/^error: sign in as author: UNAUTHORIZED: /);

    const auditor = memoryIo(seeded.envAs('auditor'));
    await editJson(join(dir, 'policies', 'service-targets.json'), (file) => {
      file.policy.owner = 'someone else';
      file.testCases[0].name = 'renamed by an auditor';
    });
    expect(await runCli(['import', dir, '--reason', 'auditors change nothing'], auditor)).toBe(EXIT.server);
    expect(auditor.err()).toContain('FORBIDDEN');
  });
});
