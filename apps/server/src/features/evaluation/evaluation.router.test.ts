import { randomUUID } from 'node:crypto';
import { compactOutcome, expandOutcome } from '@precept/rules';
import { CompactEvaluationResultSchema, EvaluateBatchOutputSchema, EvaluationResultSchema } from '@precept/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { appCodeOf, issuesOf } from '../../test/errors.js';
import { rebased, SCORECARD, SCORECARD_FACTS } from '../../test/fixtures.js';
import { PROVIDERS, startTestServer, type TestServer } from '../../test/test-server.js';

describe.each(PROVIDERS)('evaluation on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  it('evaluates with the version in force, records the decision durably and replays it identically', async () => {
    test = await startTestServer(provider);
    const { caller } = test;
    const result = await caller.evaluation.evaluate({
      policyKey: SCORECARD,
      facts: SCORECARD_FACTS,
      asOf: '2026-03-31',
      trace: true,
      detail: 'full',
    });
    expect(result).toMatchObject({ policyKey: SCORECARD, version: 1, asOf: '2026-03-31', source: 'server' });
    expect(result.outcome).toMatchObject({ kind: 'scorecard', total: 110, grade: 'A' });
    if ('detail' in result) throw new Error('detail: "full" answers the full outcome');
    expect(result.trace.length).toBeGreaterThan(0);
    // Without asking, the compact outcome (which the version's document expands to the full one) and no trace.
    const plain = await caller.evaluation.evaluate({
      policyKey: SCORECARD,
      facts: SCORECARD_FACTS,
      asOf: '2026-03-31',
    });
    if (!('detail' in plain)) throw new Error('the default answer is compact');
    const { document } = await caller.policies.getVersion({ policyKey: SCORECARD, version: 1 });
    expect(plain.outcome).toEqual(compactOutcome(result.outcome, document, SCORECARD_FACTS));
    expect(plain.outcome).toMatchObject({ kind: 'scorecard', total: 110, grade: 'A' });
    expect(expandOutcome(plain.outcome, document)).toEqual(result.outcome);
    expect(plain.trace).toEqual([]);
    // The procedure does not re-parse its output on every call; the contract holds here.
    expect(EvaluationResultSchema.parse(result)).toEqual(result);
    expect(CompactEvaluationResultSchema.parse(plain)).toEqual(plain);

    const recorded = await caller.decisions.get({ id: result.decisionId });
    expect(recorded).toMatchObject({
      id: result.decisionId,
      policyKey: SCORECARD,
      version: 1,
      contentHash: result.contentHash,
      engineVersion: result.engineVersion,
      asOf: '2026-03-31',
      facts: SCORECARD_FACTS,
      outcome: result.outcome,
      caller: 'dev',
      source: 'server',
    });

    const replay = await caller.decisions.replay({ id: result.decisionId });
    expect(replay).toMatchObject({
      identical: true,
      version: 1,
      replayed: { outcome: result.outcome, contentHash: result.contentHash },
    });
    expect(replay.replayed.trace).toEqual(result.trace);
  });

  it('names every bad fact with FACTS_INVALID and refuses unknown policies and unpublished versions', async () => {
    test = await startTestServer(provider);
    const { caller } = test;
    const facts = { ...SCORECARD_FACTS, complaints: 'many' };
    delete (facts as Record<string, unknown>).period;
    const call = caller.evaluation.evaluate({ policyKey: SCORECARD, facts });
    expect(await appCodeOf(call)).toBe('FACTS_INVALID');
    const paths = (await issuesOf(caller.evaluation.evaluate({ policyKey: SCORECARD, facts })))
      .map((i) => i.path)
      .sort();
    expect(paths).toEqual(['$.complaints', '$.period']);
    expect(await appCodeOf(caller.evaluation.evaluate({ policyKey: 'no-such-policy', facts: {} }))).toBe(
      'NOT_FOUND',
    );
    await caller.policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    expect(
      await appCodeOf(
        caller.evaluation.evaluate({ policyKey: SCORECARD, facts: SCORECARD_FACTS, version: 2 }),
      ),
    ).toBe('VALIDATION');
    expect(
      await appCodeOf(
        caller.evaluation.evaluate({ policyKey: SCORECARD, facts: SCORECARD_FACTS, version: 9 }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('evaluates a batch item by item: one bad fact set fails alone, the good ones are logged', async () => {
    test = await startTestServer(provider);
    const { caller } = test;
    const before = (await caller.decisions.list({ policyKey: SCORECARD, limit: 200 })).items.length;
    const { results } = await caller.evaluation.evaluateBatch({
      policyKey: SCORECARD,
      asOf: '2026-03-31',
      items: [{ facts: SCORECARD_FACTS }, { facts: {} }, { facts: SCORECARD_FACTS, asOf: '2026-06-30' }],
    });
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(EvaluateBatchOutputSchema.parse({ results })).toEqual({ results });
    const failed = results[1]!;
    expect(failed.ok === false && failed.error.code).toBe('FACTS_INVALID');
    expect(failed.ok === false && failed.error.issues?.every((i) => i.path.startsWith('$.items[1].'))).toBe(
      true,
    );
    const logged = (await caller.decisions.list({ policyKey: SCORECARD, limit: 200 })).items;
    expect(logged.length - before).toBe(2);
    expect(
      await appCodeOf(
        caller.evaluation.evaluateBatch({
          policyKey: SCORECARD,
          items: Array.from({ length: 1001 }, () => ({ facts: {} })),
        }),
      ),
    ).toBe('trpc:BAD_REQUEST');
  });

  it('simulates a draft and an unsaved document without logging', async () => {
    test = await startTestServer(provider);
    const { caller } = test;
    const draft = await caller.policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    const before = await caller.decisions.list({ limit: 200 });
    const simulated = await caller.evaluation.simulate({
      policyKey: SCORECARD,
      version: draft.version,
      facts: SCORECARD_FACTS,
      asOf: '2026-03-31',
    });
    expect(simulated).toMatchObject({ version: draft.version, outcome: { total: 110 } });
    const unsaved = await caller.evaluation.simulate({
      policyKey: SCORECARD,
      document: rebased(draft.document, 90),
      facts: SCORECARD_FACTS,
      asOf: '2026-03-31',
    });
    expect(unsaved).toMatchObject({ version: null, outcome: { baseScore: 90 } });
    const after = await caller.decisions.list({ limit: 200 });
    expect(after.items.map((d) => d.id)).toEqual(before.items.map((d) => d.id));
  });

  it('records reported local decisions once, and refuses ones that name no published version', async () => {
    test = await startTestServer(provider);
    const { caller } = test;
    const local = await caller.evaluation.simulate({
      policyKey: SCORECARD,
      version: 1,
      facts: SCORECARD_FACTS,
      asOf: '2026-03-31',
      trace: false,
    });
    const decision = {
      decisionId: randomUUID(),
      policyKey: SCORECARD,
      version: 1,
      contentHash: local.contentHash,
      engineVersion: local.engineVersion,
      asOf: '2026-03-31',
      facts: SCORECARD_FACTS,
      outcome: local.outcome,
      durationMs: 0.05,
      createdAt: '2026-11-26T10:00:00.000Z',
    };
    expect(await caller.decisions.report({ decisions: [decision] })).toEqual({ accepted: 1, duplicates: 0 });
    expect(await caller.decisions.report({ decisions: [decision] })).toEqual({ accepted: 0, duplicates: 1 });
    const stored = await caller.decisions.get({ id: decision.decisionId });
    expect(stored).toMatchObject({ source: 'local', caller: 'dev', outcome: local.outcome });
    expect((await caller.decisions.replay({ id: decision.decisionId })).identical).toBe(true);

    // A decision whose outcome was altered replays as not identical.
    const altered = {
      ...decision,
      decisionId: randomUUID(),
      outcome: { ...local.outcome, total: 1 } as typeof local.outcome,
    };
    await caller.decisions.report({ decisions: [altered] });
    expect((await caller.decisions.replay({ id: altered.decisionId })).identical).toBe(false);

    const wrong = { ...decision, decisionId: randomUUID(), contentHash: '0'.repeat(64) };
    const issues = await issuesOf(caller.decisions.report({ decisions: [decision, wrong] }));
    expect(issues.map((i) => [i.path, i.code])).toEqual([['$.decisions[1].contentHash', 'hash_mismatch']]);
  });

  it('logs every one of many concurrent evaluations', async () => {
    test = await startTestServer(provider);
    const { caller } = test;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        caller.evaluation.evaluate({
          policyKey: SCORECARD,
          facts: { ...SCORECARD_FACTS, complaints: i % 7 },
          asOf: '2026-03-31',
          trace: false,
          detail: 'full',
        }),
      ),
    );
    const ids = new Set(results.map((r) => r.decisionId));
    const logged = (await caller.decisions.list({ policyKey: SCORECARD, limit: 200 })).items.filter((d) =>
      ids.has(d.id),
    );
    expect(logged).toHaveLength(40);
    for (const decision of logged) {
      const result = results.find((r) => r.decisionId === decision.id)!;
      expect(decision.outcome).toEqual(result.outcome);
    }
  });

  it('pages through the decision log with a cursor', async () => {
    test = await startTestServer(provider);
    const { caller } = test;
    await caller.evaluation.evaluateBatch({
      policyKey: SCORECARD,
      asOf: '2026-03-31',
      items: Array.from({ length: 5 }, () => ({ facts: SCORECARD_FACTS })),
    });
    const first = await caller.decisions.list({ policyKey: SCORECARD, limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await caller.decisions.list({ policyKey: SCORECARD, limit: 3, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((d) => d.id)).size).toBe(5);
  });
});
