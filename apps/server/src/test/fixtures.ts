// Shared fixtures: the default scorecard's document and facts, and small edits of it.
import {
  GUIDELINE_POLICIES,
  type Actor,
  type JsonObject,
  type PolicyDocument,
  type ScorecardDocument,
} from '@precept/schema';

/** The policy most tests edit. */
export const SCORECARD = 'service-performance-scorecard';

const scorecard = GUIDELINE_POLICIES.find((entry) => entry.policy.key === SCORECARD)!;

/** The facts of the scorecard's first test case (a valid outlet-period). */
export const SCORECARD_FACTS: JsonObject = scorecard.testCases[0]!.facts;

/** A copy of a document with the first scorecard line's English title changed: no outcome number moves. */
export function retitled(document: PolicyDocument, title: string): PolicyDocument {
  const copy = structuredClone(document) as ScorecardDocument;
  copy.lines[0]!.title = { ...copy.lines[0]!.title, en: title };
  return copy;
}

/** A copy with a different base score: the scorecard's test cases then fail. */
export function rebased(document: PolicyDocument, baseScore: number): PolicyDocument {
  const copy = structuredClone(document) as ScorecardDocument;
  copy.baseScore = baseScore;
  return copy;
}

/** A pinned, movable clock. */
export function createClock(start: string): {
  now: () => Date;
  set: (iso: string) => void;
  advance: (ms: number) => void;
} {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (iso) => {
      current = new Date(iso).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/** An author: drafts, edits and submits. */
export const AUTHOR: Actor = { id: 'alice', kind: 'user', credential: 'test', roles: ['author'] };
/** A reviewer who edited nothing: approves, rejects, publishes, retires, rolls back. */
export const REVIEWER: Actor = { id: 'rita', kind: 'user', credential: 'test', roles: ['reviewer'] };
