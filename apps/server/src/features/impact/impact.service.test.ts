// Impact analysis inside the review: a draft that changes a weight is re-evaluated against the
// decisions already made; the report says exactly which decisions change and how, it goes stale
// when the draft is edited, submitting needs a current one, and the approval records the report.
import { compile, diffOutcomes, evaluate, outcomeElements, outcomeNumbers, standInFacts } from '@precept/rules';
import {
  GUIDELINE_POLICIES,
  GUIDELINE_SUBJECTS,
  generateDemoFacts,
  verdictOf,
  type Actor,
  type JsonObject,
  type PolicyDocument,
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

/** The scorecard with its complaint line costing three times as much. */
function heavierComplaintsDocument(source: PolicyDocument): ScorecardDocument {
  const document = structuredClone(source) as ScorecardDocument;
  for (const line of document.lines) if (line.id.includes('complaint')) line.points = { ...line.points, value: line.points.value * 3 };
  return document;
}

/** The qualifications with the first post's first requirement gone. */
function firstRequirementDropped(source: PolicyDocument): PolicyDocument {
  const document = structuredClone(source) as Extract<PolicyDocument, { kind: 'qualification' }>;
  document.posts[0]!.requirements.shift();
  return document;
}

/** A draft of the scorecard whose complaint line costs more. */
async function heavierComplaints(test: TestServer): Promise<{ version: number; lockVersion: number; document: ScorecardDocument }> {
  const author = test.server.createCaller(AUTHOR);
  const draft = await author.policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
  const document = heavierComplaintsDocument(scorecard.document);
  const saved = await author.policies.updateDraft({ policyKey: SCORECARD, version: draft.version, lockVersion: draft.lockVersion, document });
  return { version: draft.version, lockVersion: saved.lockVersion, document };
}

/** A small seeded generator (mulberry32): the same decisions every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The demo decisions of a policy, `copies` times, their numbers moved a little each time. */
async function decideGenerated(test: TestServer, policyKey: string, copies: number): Promise<void> {
  const random = seeded(13);
  const move = (value: unknown): unknown =>
    typeof value === 'number' ? Math.max(0, Number.isInteger(value) ? value + Math.floor(random() * 3) - 1 : Math.min(100, Math.round((value + random() * 4 - 2) * 10) / 10)) : value;
  const caller = test.server.createCaller(SERVICE);
  for (let copy = 0; copy < copies; copy += 1) {
    for (const set of generateDemoFacts().filter((s) => s.policyKey === policyKey)) {
      const facts = Object.fromEntries(Object.entries(set.facts).map(([key, value]) => [key, move(value)]));
      // A moved value the subject refuses (out of its range): the set is decided as it was.
      await caller.evaluation
        .evaluate({ policyKey, facts, asOf: set.asOf, trace: false })
        .catch(() => caller.evaluation.evaluate({ policyKey, facts: set.facts, asOf: set.asOf, trace: false }));
    }
  }
}

/**
 * The report straightforwardly: every stored decision read whole, stand-ins made for each version,
 * evaluated with both documents, the outcomes diffed; what the service must find however it gets there.
 */
async function straightforwardReport(test: TestServer, policyKey: string, before: PolicyDocument, after: PolicyDocument) {
  const policy = GUIDELINE_POLICIES.find((p) => p.policy.key === policyKey)!;
  const subject = GUIDELINE_SUBJECTS.find((s) => s.key === policy.policy.subjectKey)!;
  const versions = [compile(before, subject), compile(after, subject)] as const;
  const rows = await rawQuery<{ id: string; as_of: string; facts: JsonObject; pseudonymised: string[] | null }>(
    test,
    `select id, as_of, facts, pseudonymised from decisions where policy_key = $1`,
    [policyKey],
  );
  const changed = new Map<string, unknown>();
  const verdicts = new Map<string, number>();
  const elements = new Map<string, { gained: number; lost: number }>();
  const sums = new Map<string, number>();
  for (const row of rows) {
    const [b, a] = versions.map((compiled) =>
      evaluate(compiled, standInFacts(row.facts, row.pseudonymised ?? [], subject), { asOf: row.as_of, timeZone: test.config.timeZone }).outcome,
    ) as [ReturnType<typeof evaluate>['outcome'], ReturnType<typeof evaluate>['outcome']];
    const pair = `${verdictOf(b)} → ${verdictOf(a)}`;
    verdicts.set(pair, (verdicts.get(pair) ?? 0) + 1);
    const changes = diffOutcomes(b, a, 50);
    if (changes.length > 0) changed.set(row.id, changes);
    // An element missing from one side does not hold there.
    const held = new Map(outcomeElements(b).map((e) => [e.id, e.holds]));
    const holds = new Map(outcomeElements(a).map((e) => [e.id, e.holds]));
    for (const id of new Set([...held.keys(), ...holds.keys()])) {
      const now = holds.get(id) ?? false;
      if ((held.get(id) ?? false) === now) continue;
      const entry = elements.get(id) ?? { gained: 0, lost: 0 };
      if (now) entry.gained += 1;
      else entry.lost += 1;
      elements.set(id, entry);
    }
    for (const [field, value] of Object.entries(outcomeNumbers(b))) sums.set(`${field} before`, (sums.get(`${field} before`) ?? 0) + value);
    for (const [field, value] of Object.entries(outcomeNumbers(a))) sums.set(`${field} after`, (sums.get(`${field} after`) ?? 0) + value);
  }
  const means = new Map([...sums].map(([key, sum]) => [key, Math.round((sum / rows.length) * 100) / 100]));
  return { evaluated: rows.length, changed, verdicts, elements, means };
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

  it.each([
    ['service-performance-scorecard', (d: PolicyDocument) => heavierComplaintsDocument(d)],
    ['post-qualifications', (d: PolicyDocument) => firstRequirementDropped(d)],
  ] as const)('finds on generated %s decisions exactly what re-evaluating each one straightforwardly finds', async (policyKey, edit) => {
    test = await startTestServer(provider);
    await decideGenerated(test, policyKey, 4);
    const policy = GUIDELINE_POLICIES.find((p) => p.policy.key === policyKey)!;
    const document = edit(policy.document);
    const author = test.server.createCaller(AUTHOR);
    const draft = await author.policies.createDraft({ policyKey, fromVersion: 1 });
    await author.policies.updateDraft({ policyKey, version: draft.version, lockVersion: draft.lockVersion, document });
    const report = await test.server.services.impact.run(AUTHOR, { policyKey, version: draft.version }, { wait: true });
    const expected = await straightforwardReport(test, policyKey, policy.document, document);

    expect(report.status).toBe('done');
    const summary = report.summary!;
    expect(expected.changed.size).toBeGreaterThan(0);
    expect(expected.changed.size).toBeLessThan(expected.evaluated);
    expect(summary).toMatchObject({ evaluated: expected.evaluated, changed: expected.changed.size, errors: 0 });
    expect(new Map(summary.verdicts.map((v) => [`${v.before} → ${v.after}`, v.count]))).toEqual(expected.verdicts);
    expect(new Map(summary.elements.map(({ id, ...counts }) => [id, counts]))).toEqual(expected.elements);
    expect(new Map(summary.distributions.flatMap((d) => [[`${d.field} before`, d.before.mean], [`${d.field} after`, d.after.mean]]))).toEqual(expected.means);
    const cases = await author.impact.cases({ id: report.id, limit: 5000 });
    expect(new Map(cases.items.map((c) => [c.decisionId, c.changes]))).toEqual(expected.changed);
  });
});