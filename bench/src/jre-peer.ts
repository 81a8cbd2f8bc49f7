// The work of the server rows' peer (`peer-process.ts`): answers an evaluate request body
// (`{ facts, asOf }`) by running json-rules-engine on the default scorecard, the way a service
// built on it would — the policy's rules held in Engines built once, an Engine taken from a free
// list for each request and given back when its run ends (an Engine must not run two overlapping
// calls), a new one built when every Engine is busy. The answer: the total, the grade and the
// fired lines' ids; no facts check: json-rules-engine at its fastest as a service.
import { compile } from '@precept/rules';
import { findGuidelinePolicy, findGuidelineSubject } from '@precept/schema';
import { createReusedEngine, type ReusedEngineRun } from './jre-reused-engine.js';
import { createFiredLinesScorer } from './scorecard-hand-written.js';

/** A response: the status and the body to serialise. */
export interface PeerAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Creates the peer's answer function, and says how many Engines it has built so far. */
export function createJrePeer(): { answer: (text: string) => Promise<PeerAnswer>; engines: () => number } {
  const policy = findGuidelinePolicy('service-performance-scorecard');
  const subject = findGuidelineSubject('outlet-period');
  if (policy?.document.kind !== 'scorecard' || subject === undefined) {
    throw new Error('the default scorecard is missing');
  }
  const document = policy.document;
  const compiled = compile(document, subject);
  const score = createFiredLinesScorer(document);
  const lineIds = document.lines.map((line) => line.id);
  /** Idle Engines by as-of date (an Engine's date operators are bound to one as-of). */
  const idle = new Map<string, ReusedEngineRun[]>();
  let built = 0;

  const run = async (facts: Record<string, unknown>, asOf: string): Promise<boolean[]> => {
    let free = idle.get(asOf);
    if (free === undefined) {
      free = [];
      idle.set(asOf, free);
    }
    let engine = free.pop();
    if (engine === undefined) {
      engine = createReusedEngine(compiled, asOf);
      built += 1;
    }
    try {
      return await engine(facts);
    } finally {
      free.push(engine);
    }
  };

  const answer = async (text: string): Promise<PeerAnswer> => {
    let input: { facts?: unknown; asOf?: unknown };
    try {
      input = JSON.parse(text) as typeof input;
    } catch {
      return { status: 400, body: { error: 'the body is not JSON' } };
    }
    const { facts, asOf } = input ?? {};
    if (typeof facts !== 'object' || facts === null || Array.isArray(facts) || typeof asOf !== 'string') {
      return { status: 400, body: { error: 'facts (an object) and asOf (a date) are required' } };
    }
    const given = facts as Record<string, unknown>;
    const fired = await run(given, asOf);
    const summary = score(fired, given);
    return {
      status: 200,
      body: {
        total: summary.total,
        grade: summary.grade,
        deductions: summary.deductions,
        bonuses: summary.bonuses,
        fired: lineIds.filter((_, index) => fired[index]),
      },
    };
  };
  return { answer, engines: () => built };
}
