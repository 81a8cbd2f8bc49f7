import { compile, evaluate } from '@precept/rules';
import {
  findGuidelinePolicy,
  findGuidelineSubject,
  generateDemoFacts,
  type OutcomeOf,
} from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { createJrePeer } from './jre-peer.js';

const AS_OF = '2026-03-31';
const policy = findGuidelinePolicy('service-performance-scorecard')!;
const compiled = compile(policy.document, findGuidelineSubject('outlet-period')!);
const factSets = generateDemoFacts()
  .filter((set) => set.policyKey === policy.policy.key)
  .map((set) => set.facts);

describe('createJrePeer', () => {
  it('answers every demo fact set with the total and grade evaluate gives, many runs at once', async () => {
    const peer = createJrePeer();
    const answers = await Promise.all(
      factSets.map((facts) => peer.answer(JSON.stringify({ facts, asOf: AS_OF }))),
    );
    answers.forEach((answer, i) => {
      const outcome = evaluate(compiled, factSets[i], { asOf: AS_OF }).outcome as OutcomeOf<'scorecard'>;
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ total: outcome.total, grade: outcome.grade });
      expect(JSON.stringify(answer.body)).toContain(`"total":${outcome.total},`);
    });
    // Runs overlapped, so more than one Engine was built; none ran two of them at once (it would throw).
    expect(peer.engines()).toBeGreaterThan(1);
  });

  it('reuses its Engines for runs one after another', async () => {
    const peer = createJrePeer();
    for (const facts of factSets.slice(0, 5)) await peer.answer(JSON.stringify({ facts, asOf: AS_OF }));
    expect(peer.engines()).toBe(1);
  });

  it.each([
    ['not JSON', '{'],
    ['no facts', JSON.stringify({ asOf: AS_OF })],
    ['facts a list', JSON.stringify({ facts: [], asOf: AS_OF })],
    ['no asOf', JSON.stringify({ facts: {} })],
  ])('refuses a body with %s (400)', async (_, text) => {
    expect((await createJrePeer().answer(text)).status).toBe(400);
  });
});
