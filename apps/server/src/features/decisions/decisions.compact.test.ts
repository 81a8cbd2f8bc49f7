// Compact outcomes in the decision log: a decision stores its compact outcome and the hash of its
// full outcome; every reader (get, list, replay, export) gets the full outcome rebuilt from the
// immutable version and checked against that hash. Decisions stored before — full outcome, no
// hash — read as they were stored, and their exports verify offline as before.
import { randomUUID } from 'node:crypto';
import { compactOutcome, contentHash } from '@precept/rules';
import type { Actor, EvaluationResult, Outcome } from '@precept/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { appCodeOf } from '../../test/errors.js';
import { SCORECARD, SCORECARD_FACTS } from '../../test/fixtures.js';
import { PROVIDERS, rawQuery, startTestServer, type TestServer } from '../../test/test-server.js';
import { verifyEvidence } from '../evidence/evidence.signature.js';

const AUDITOR: Actor = { id: 'ada', kind: 'user', credential: 'session:ada', roles: ['auditor'] };
const AS_OF = '2026-03-31';
const DAY = 86_400_000;
const aroundNow = () => ({ from: new Date(Date.now() - DAY).toISOString(), to: new Date(Date.now() + DAY).toISOString() });

/** The outcome and its hash as the log holds them. */
async function storedOutcome(test: TestServer, id: string): Promise<{ outcome: unknown; hash: string | null }> {
  const [row] = await rawQuery<{ outcome: string; outcome_hash: string | null }>(
    test,
    `select outcome::text as outcome, outcome_hash from decisions where id = $1`,
    [id],
  );
  return { outcome: JSON.parse(row!.outcome), hash: row!.outcome_hash };
}

describe.each(PROVIDERS)('compact outcomes in the decision log on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  const evaluateFull = async (facts = SCORECARD_FACTS): Promise<EvaluationResult> => {
    const result = await test.caller.evaluation.evaluate({ policyKey: SCORECARD, facts, asOf: AS_OF, detail: 'full' });
    if ('detail' in result) throw new Error('detail: "full" answers the full outcome');
    return result;
  };

  it('stores the compact outcome and the full outcome’s hash; every reader gets the full outcome back', async () => {
    test = await startTestServer(provider);
    const made = await evaluateFull();
    const compactAnswer = await test.caller.evaluation.evaluate({ policyKey: SCORECARD, facts: SCORECARD_FACTS, asOf: AS_OF });
    const { document } = await test.caller.policies.getVersion({ policyKey: SCORECARD, version: 1 });
    for (const id of [made.decisionId, compactAnswer.decisionId]) {
      const stored = await storedOutcome(test, id);
      expect(stored.outcome).toEqual(compactOutcome(made.outcome, document, SCORECARD_FACTS));
      expect(stored.hash).toBe(contentHash(made.outcome));
      expect((await test.caller.decisions.get({ id })).outcome).toEqual(made.outcome);
    }
    const listed = (await test.caller.decisions.list({ policyKey: SCORECARD, limit: 10 })).items;
    expect(listed.map((d) => d.outcome)).toEqual([made.outcome, made.outcome]);
    const replay = await test.caller.decisions.replay({ id: made.decisionId });
    expect(replay.identical).toBe(true);
    expect(replay.recorded.outcome).toEqual(made.outcome);

    const evidence = await test.server.createCaller(AUDITOR).decisions.export(aroundNow());
    expect(evidence.rows.map((row) => row.outcome)).toEqual([made.outcome, made.outcome]);
    expect(verifyEvidence(JSON.parse(JSON.stringify(evidence))).ok).toBe(true);
  });

  it('reads a decision stored before compact outcomes as stored; its export verifies, before and after', async () => {
    test = await startTestServer(provider);
    const made = await evaluateFull();
    const auditor = test.server.createCaller(AUDITOR);
    // Signed while the log holds only the decision made now.
    const before = JSON.parse(JSON.stringify(await auditor.decisions.export(aroundNow()))) as unknown;
    // As the log held a decision before: the full outcome as evaluated, no hash.
    const legacyId = randomUUID();
    await rawQuery(
      test,
      `insert into decisions (id, policy_key, version, content_hash, engine_version, as_of, facts, outcome, verdict,
                              pseudonymised, pseudonyms, duration_ms, caller, source, created_at)
       select $1, policy_key, version, content_hash, engine_version, as_of, facts, $2::json, verdict,
              pseudonymised, pseudonyms, duration_ms, caller, source, created_at
         from decisions where id = $3`,
      [legacyId, JSON.stringify(made.outcome), made.decisionId],
    );
    expect((await storedOutcome(test, legacyId)).hash).toBeNull();
    expect((await test.caller.decisions.get({ id: legacyId })).outcome).toEqual(made.outcome);
    expect((await test.caller.decisions.replay({ id: legacyId })).identical).toBe(true);
    const after = await auditor.decisions.export(aroundNow());
    expect(after.rows.map((row) => row.id).sort()).toEqual([made.decisionId, legacyId].sort());
    expect(after.rows.find((row) => row.id === legacyId)!.outcome).toEqual(made.outcome);
    expect(verifyEvidence(JSON.parse(JSON.stringify(after))).ok).toBe(true);
    expect(verifyEvidence(before).ok).toBe(true);
  });

  it('refuses to show an outcome that does not rebuild to its hash', async () => {
    test = await startTestServer(provider);
    const made = await evaluateFull();
    const forgedId = randomUUID();
    await rawQuery(
      test,
      `insert into decisions (id, policy_key, version, content_hash, engine_version, as_of, facts, outcome, outcome_hash,
                              verdict, pseudonymised, pseudonyms, duration_ms, caller, source, created_at)
       select $1, policy_key, version, content_hash, engine_version, as_of, facts, outcome, $2,
              verdict, pseudonymised, pseudonyms, duration_ms, caller, source, created_at
         from decisions where id = $3`,
      [forgedId, 'b'.repeat(64), made.decisionId],
    );
    expect(await appCodeOf(test.caller.decisions.get({ id: forgedId }))).toBe('INTERNAL');
    // The server's log names the decision; the caller gets an error id.
    await expect(test.server.services.decisions.get(AUDITOR, forgedId)).rejects.toThrow(forgedId);
    expect(await appCodeOf(test.server.createCaller(AUDITOR).decisions.export(aroundNow()))).toBe('INTERNAL');
    // The true decision still reads.
    expect((await test.caller.decisions.get({ id: made.decisionId })).outcome).toEqual(made.outcome);
  });

  it('stores a reported outcome compact when the version rebuilds it, else in full', async () => {
    test = await startTestServer(provider);
    const local = await test.caller.evaluation.simulate({ policyKey: SCORECARD, version: 1, facts: SCORECARD_FACTS, asOf: AS_OF, trace: false });
    const report = (outcome: Outcome) => ({
      decisionId: randomUUID(),
      policyKey: SCORECARD,
      version: 1,
      contentHash: local.contentHash,
      engineVersion: local.engineVersion,
      asOf: AS_OF,
      facts: SCORECARD_FACTS,
      outcome,
      durationMs: 0.05,
      createdAt: new Date().toISOString(),
    });
    if (local.outcome.kind !== 'scorecard') throw new Error('a scorecard');
    const faithful = report(local.outcome);
    // A local evaluator of another engine version might word a reason otherwise.
    const worded = report({
      ...local.outcome,
      lines: local.outcome.lines.map((line, index) => (index === 0 ? { ...line, reason: `${line.reason} (older wording)` } : line)),
    });
    await test.caller.decisions.report({ decisions: [faithful, worded] });
    expect((await storedOutcome(test, faithful.decisionId)).hash).toBe(contentHash(local.outcome));
    expect(await storedOutcome(test, worded.decisionId)).toEqual({ outcome: worded.outcome, hash: null });
    for (const decision of [faithful, worded]) {
      expect((await test.caller.decisions.get({ id: decision.decisionId })).outcome).toEqual(decision.outcome);
    }
  });
});
