// Impact analysis inside the review: a draft that changes a weight is re-evaluated against the
// decisions already made; the report says exactly which decisions change and how, it goes stale
// when the draft is edited, submitting needs a current one, and the approval records the report.
import {
  GUIDELINE_POLICIES,
  generateDemoFacts,
  type Actor,
  type ScorecardDocument,
} from '@precept/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { appCodeOf } from '../../test/errors.js';
import { AUTHOR, retitled, REVIEWER, SCORECARD } from '../../test/fixtures.js';
import { PROVIDERS, rawQuery, startTestServer, type TestServer } from '../../test/test-server.js';

const SERVICE: Actor = { id: 'key-1', kind: 'key', credential: 'key:key-1', roles: ['service'] };
const scorecard = GUIDELINE_POLICIES.find((p) => p.policy.key === SCORECARD)!;

/** Every demo outlet-period through the scorecard: a year of real decisions. */
async function decideTheDemoYear(test: TestServer): Promise<number> {
  const sets = generateDemoFacts().filter((set) => set.policyKey === SCORECARD);
  const caller = test.server.createCaller(SERVICE);
  for (const set of sets) await caller.evaluation.evaluate({ policyKey: SCORECARD, facts: set.facts, asOf: set.asOf, trace: false });
  return sets.length;
}

/** A draft of the scorecard whose complaint line costs more. */
async function heavierComplaints(test: TestServer): Promise<{ version: number; lockVersion: number; document: ScorecardDocument }> {
  const author = test.server.createCaller(AUTHOR);
  const draft = await author.policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
  const document = structuredClone(scorecard.document) as ScorecardDocument;
  const complaints = document.lines.find((line) => line.id.includes('complaint'))!;
  complaints.points =
    complaints.points.mode === 'perUnit' ? { ...complaints.points, value: complaints.points.value * 3 } : { ...complaints.points, value: complaints.points.value * 3 };
  const saved = await author.policies.updateDraft({ policyKey: SCORECARD, version: draft.version, lockVersion: draft.lockVersion, document });
  return { version: draft.version, lockVersion: saved.lockVersion, document };
}

describe.each(PROVIDERS)('impact analysis on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  it('says which decisions a draft changes and how, goes stale on an edit, and gates the review', async () => {
    test = await startTestServer(provider);
    const decided = await decideTheDemoYear(test);
    const draft = await heavierComplaints(test);
    const author = test.server.createCaller(AUTHOR);

    const started = await author.impact.run({ policyKey: SCORECARD, version: draft.version });
    expect(started.progress.total).toBe(decided);
    let report = started;
    for (let i = 0; i < 200 && report.status === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      report = await author.impact.get({ id: started.id });
    }
    expect(report).toMatchObject({ status: 'done', current: true, baselineVersion: 1, progress: { done: decided, total: decided } });
    const summary = report.summary!;
    expect(summary.evaluated).toBe(decided);
    expect(summary.evaluated).toBe(summary.changed + summary.unchanged);
    expect(summary.errors).toBe(0);
    expect(summary.changed).toBeGreaterThan(0);
    expect(summary.verdicts.reduce((sum, cell) => sum + cell.count, 0)).toBe(decided);
    const total = summary.distributions.find((d) => d.field === 'total')!;
    expect(total.after.mean!).toBeLessThan(total.before.mean!);
    expect(total.beforeCounts.reduce((a, b) => a + b, 0)).toBe(decided);
    expect(summary.elements.some((e) => e.id.includes('complaint'))).toBe(false);
    expect(report.casesStored).toBe(summary.changed);

    // The changed cases, by verdict pair, each with its changes; one in full.
    const cases = await author.impact.cases({ id: report.id, limit: 5000 });
    expect(cases.items).toHaveLength(summary.changed);
    // Complaints cost more: no total rises; where a category cap absorbs it, only the line changes.
    expect(cases.items.every((c) => c.numbersAfter.total! <= c.numbersBefore.total!)).toBe(true);
    const lower = cases.items.filter((c) => c.numbersAfter.total! < c.numbersBefore.total!);
    expect(lower.length).toBeGreaterThan(0);
    expect(lower.every((c) => c.changes.some((change) => change.path === '$.total'))).toBe(true);
    expect(cases.items.every((c) => c.changes.some((change) => /^\$\.lines\[[^\]]*complaint[^\]]*\]/.test(change.path)))).toBe(true);
    const flips = summary.verdicts.filter((cell) => cell.before !== cell.after);
    if (flips.length > 0) {
      const pair = await author.impact.cases({ id: report.id, verdictBefore: flips[0]!.before, verdictAfter: flips[0]!.after, limit: 5000 });
      expect(pair.items).toHaveLength(flips[0]!.count);
    }
    const paged = await author.impact.cases({ id: report.id, limit: 2 });
    const next = await author.impact.cases({ id: report.id, limit: 2, cursor: paged.nextCursor! });
    expect(next.items[0]!.decisionId).toBe(cases.items[2]!.decisionId);
    const detail = await author.impact.case({ id: report.id, decisionId: cases.items[0]!.decisionId });
    expect(detail.before).toMatchObject({ kind: 'scorecard', total: cases.items[0]!.numbersBefore.total });
    expect(detail.after).toMatchObject({ kind: 'scorecard', total: cases.items[0]!.numbersAfter.total });
    expect(detail.facts).toHaveProperty('complaints');

    // An edit makes it stale; submitting runs a fresh one (the window is small) and records it.
    const document = retitled(draft.document, 'Customer evaluation rate below target');
    const edited = await author.policies.updateDraft({ policyKey: SCORECARD, version: draft.version, lockVersion: draft.lockVersion, document });
    expect((await author.impact.get({ id: report.id })).current).toBe(false);
    const submitted = await author.policies.submit({ policyKey: SCORECARD, version: draft.version, lockVersion: edited.lockVersion, changeNote: 'complaints cost more' });
    const fresh = (await author.impact.latest({ policyKey: SCORECARD, version: draft.version }))!;
    expect(fresh).toMatchObject({ status: 'done', current: true });
    expect(fresh.id).not.toBe(report.id);
    const submitRow = (await test.caller.audit.list({ action: 'policy.submit', limit: 1 })).items[0]!;
    expect(submitRow.details).toMatchObject({ impactReport: fresh.id, impactReportHash: fresh.reportHash });

    // The reviewer approves with the report read; an old report id is refused.
    const reviewer = test.server.createCaller(REVIEWER);
    expect(
      await appCodeOf(reviewer.policies.approve({ policyKey: SCORECARD, version: draft.version, lockVersion: submitted.lockVersion, impactReportId: report.id })),
    ).toBe('CONFLICT');
    await reviewer.policies.approve({ policyKey: SCORECARD, version: draft.version, lockVersion: submitted.lockVersion, impactReportId: fresh.id, comment: 'read the impact' });
    const approveRow = (await test.caller.audit.list({ action: 'policy.approve', limit: 1 })).items[0]!;
    expect(approveRow.details).toMatchObject({ impactReport: fresh.id, impactReportHash: fresh.reportHash });

    // A finished report is evidence: the database refuses to change it or to add cases.
    await expect(rawQuery(test, `update impact_reports set report_hash = 'x' where id = $1`, [fresh.id])).rejects.toThrow(/does not change/);
  });

  it('says plainly when a policy has no stored decisions', async () => {
    test = await startTestServer(provider);
    const draft = await heavierComplaints(test);
    const report = await test.server.createCaller(AUTHOR).impact.run({ policyKey: SCORECARD, version: draft.version });
    let done = report;
    for (let i = 0; i < 100 && done.status === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done = await test.caller.impact.get({ id: report.id });
    }
    expect(done).toMatchObject({ status: 'done', progress: { total: 0 }, summary: { evaluated: 0, changed: 0, verdicts: [], distributions: [] } });
  });

  it('counts a decision a new version cannot re-evaluate, naming why: it reads a value stored only as a pseudonym', async () => {
    test = await startTestServer(provider);
    const key = 'post-qualifications';
    const qualifications = GUIDELINE_POLICIES.find((p) => p.policy.key === key)!;
    const sets = generateDemoFacts().filter((set) => set.policyKey === key);
    const caller = test.server.createCaller(SERVICE);
    for (const set of sets) await caller.evaluation.evaluate({ policyKey: key, facts: set.facts, asOf: set.asOf, trace: false });

    const author = test.server.createCaller(AUTHOR);
    const draft = await author.policies.createDraft({ policyKey: key, fromVersion: 1 });
    const document = structuredClone(qualifications.document) as Extract<typeof qualifications.document, { kind: 'qualification' }>;
    document.posts[0]!.requirements.push({
      id: 'named',
      type: 'condition',
      title: { zh: '登记姓名', en: 'Name on record' },
      condition: { all: [{ fact: 'name', operator: 'notEqual', value: '' }] },
    });
    await author.policies.updateDraft({ policyKey: key, version: draft.version, lockVersion: draft.lockVersion, document });
    let report = await author.impact.run({ policyKey: key, version: draft.version });
    for (let i = 0; i < 200 && report.status === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      report = await author.impact.get({ id: report.id });
    }
    expect(report.status).toBe('done');
    expect(report.summary).toMatchObject({
      evaluated: 0,
      errors: sets.length,
      errorsByReason: [{ code: 'personal_data', count: sets.length, message: expect.stringContaining('"name"') as string }],
    });

    // Only drafts and versions in review are analysed; unknown reports are NOT_FOUND; a finished one is not cancelled.
    expect(await appCodeOf(author.impact.run({ policyKey: key, version: 1 }))).toBe('CONFLICT');
    expect(await appCodeOf(author.impact.get({ id: 'impact-nope' }))).toBe('NOT_FOUND');
    expect(await appCodeOf(author.impact.cancel({ id: report.id }))).toBe('CONFLICT');
  });

  it('stops a running analysis when asked, and keeps it cancelled', async () => {
    test = await startTestServer(provider);
    const draft = await heavierComplaints(test);
    // Twenty thousand decisions: long enough to be caught running.
    await rawQuery(test, `select decisions_ensure_partition('decisions_p202601', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')`);
    await rawQuery(
      test,
      `insert into decisions (id, policy_key, version, content_hash, engine_version, as_of, facts, outcome, verdict, duration_ms, caller, source, created_at)
       select gen_random_uuid(), $1, 1, 'h', 'e', '2026-01-15', $2::json, '{"kind":"ruleset","events":[]}', 'none', 0, 'seed', 'server',
              timestamptz '2026-01-10T00:00:00Z' + g * interval '1 second'
       from generate_series(1, 20000) as g`,
      [SCORECARD, JSON.stringify(scorecard.testCases[0]!.facts)],
    );
    const author = test.server.createCaller(AUTHOR);
    const running = await author.impact.run({ policyKey: SCORECARD, version: draft.version, from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' });
    expect(running).toMatchObject({ status: 'running', progress: { total: 20000 } });
    const cancelled = await author.impact.cancel({ id: running.id });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.progress.done).toBeLessThan(20000);
    expect(cancelled.current).toBe(false);
  });
});
