import {
  GUIDELINE_POLICIES,
  GUIDELINE_SUBJECTS,
  generateDemoFacts,
  isPseudonym,
  type Field,
  type JsonObject,
  type JsonValue,
  type Subject,
} from '@precept/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  checkFacts,
  compile,
  evaluate,
  dottedPathOf,
  personalPathsOf,
  planPersonalData,
  touchesPersonalData,
  pseudonymiseFacts,
  readFieldsOf,
  standInFacts,
  standInValue,
} from './index.js';
import { asOfArb, documentArbs, factsArb } from './test/arbitraries.js';
import { field, subject as fixtureSubject } from './test/fixtures.js';

/** A stand-in pseudonym (the server's is a keyed HMAC): recognisable, and the same for the same value. */
const pseudonym = (value: JsonValue): string => {
  let h = 0;
  for (const ch of canonicalJson(value)) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return `hmac-sha256:00000000:${h.toString(16).padStart(64, '0')}`;
};

/** Every field personal, at every depth: the strongest test of what a version reads. */
function allPersonal(subject: Subject): Subject {
  const mark = (fields: readonly Field[]): Field[] =>
    fields.map((f) => ({ ...f, personal: true, ...(f.fields ? { fields: mark(f.fields) } : {}) }));
  return { ...subject, fields: mark(subject.fields) };
}

const people: Subject = {
  key: 'people',
  title: { zh: '人', en: 'People' },
  fields: [
    field('staffNo', 'string', { required: true, personal: true }),
    field('age', 'integer', { min: 16, max: 80, personal: true }),
    field('score', 'number'),
    field('holder', 'object', {
      fields: [field('phone', 'string', { personal: true }), field('city', 'string')],
    }),
    field('contacts', 'object[]', {
      fields: [field('phone', 'string', { personal: true }), field('kind', 'string')],
    }),
  ],
};

describe('planPersonalData and pseudonymiseFacts', () => {
  const facts: JsonObject = {
    staffNo: 'E1001',
    age: 41,
    score: 93,
    holder: { phone: '13800000000', city: '长沙' },
    contacts: [{ phone: '1', kind: 'home' }, { kind: 'work' }],
  };

  it('replaces every personal value the version does not read, and names each path', () => {
    const result = pseudonymiseFacts(facts, planPersonalData(personalPathsOf(people), ['score']), pseudonym);
    expect(result.pseudonymised).toEqual(['$.staffNo', '$.age', '$.holder.phone', '$.contacts[0].phone']);
    expect(result.facts.score).toBe(93);
    expect((result.facts.holder as JsonObject).city).toBe('长沙');
    expect(isPseudonym(result.facts.staffNo)).toBe(true);
    expect(result.facts.staffNo).toBe(pseudonym('E1001'));
    expect(facts.staffNo).toBe('E1001');
  });

  it('keeps in clear what the version reads, whole top-level fields included', () => {
    const result = pseudonymiseFacts(
      facts,
      planPersonalData(personalPathsOf(people), ['age', 'holder']),
      pseudonym,
    );
    expect(result.pseudonymised).toEqual(['$.staffNo', '$.contacts[0].phone']);
    expect(result.facts.age).toBe(41);
    expect((result.facts.holder as JsonObject).phone).toBe('13800000000');
  });

  it('returns the same object when nothing is personal or everything personal is read', () => {
    const plan = planPersonalData(personalPathsOf(people), ['staffNo', 'age', 'holder', 'contacts']);
    expect(plan.isEmpty).toBe(true);
    expect(pseudonymiseFacts(facts, plan, pseudonym).facts).toBe(facts);
  });

  it('is idempotent: pseudonyms are not pseudonymised again', () => {
    const once = pseudonymiseFacts(facts, planPersonalData(personalPathsOf(people)), pseudonym);
    const twice = pseudonymiseFacts(once.facts, planPersonalData(personalPathsOf(people)), pseudonym);
    expect(twice.facts).toEqual(once.facts);
    expect(twice.pseudonymised).toEqual([]);
  });
});

describe('personal paths', () => {
  it('lists personal fields as dotted paths, list elements unnamed', () => {
    expect(personalPathsOf(people)).toEqual(['staffNo', 'age', 'holder.phone', 'contacts.phone']);
  });

  it.each([
    ['holder', '$.phone', 'holder.phone'],
    ['contacts', '$[0].phone', 'contacts.phone'],
    ['contacts[1].phone', undefined, 'contacts.phone'],
    ['age', undefined, 'age'],
  ] as const)('dottedPathOf(%s, %s) = %s', (fact, path, expected) => {
    expect(dottedPathOf(fact, path)).toBe(expected);
  });

  it.each([
    ['age', true],
    ['holder', true],
    ['holder.phone', true],
    ['holder.city', false],
    ['score', false],
    ['staffNumber', false],
  ] as const)('touchesPersonalData(%s) = %s', (dotted, expected) => {
    expect(touchesPersonalData(dotted, personalPathsOf(people))).toBe(expected);
  });
});

describe('standInValue', () => {
  it.each([
    [field('a', 'string'), ''],
    [field('a', 'integer', { min: 16.5, max: 80 }), 17],
    [field('a', 'integer', { max: -3 }), -3],
    [field('a', 'number', { max: 10 }), 0],
    [field('a', 'boolean'), false],
    [field('a', 'date'), '2000-01-01'],
    [field('a', 'string[]'), []],
  ] as const)('%j → %j', (f, expected) => {
    expect(standInValue(f)).toEqual(expected);
  });

  it('fills the facts check of every default subject, all fields pseudonymised', () => {
    for (const subject of GUIDELINE_SUBJECTS) {
      const sets = generateDemoFacts().filter((set) => set.subjectKey === subject.key);
      for (const set of sets.slice(0, 5)) {
        const { facts, pseudonymised } = pseudonymiseFacts(
          set.facts,
          planPersonalData(personalPathsOf(allPersonal(subject))),
          pseudonym,
        );
        const stored = structuredClone(facts);
        const standIn = standInFacts(facts, pseudonymised, subject);
        expect(checkFacts(standIn, subject)).toEqual([]);
        // Stand-ins go into a copy: the facts given stay as they were.
        expect(facts).toEqual(stored);
        if (pseudonymised.length > 0) expect(standIn).not.toEqual(stored);
      }
    }
  });
});

describe('readFieldsOf', () => {
  it('names the facts of conditions, references, per-unit points and a qualification’s records', () => {
    const byKey = Object.fromEntries(GUIDELINE_POLICIES.map((p) => [p.policy.key, readFieldsOf(p.document)]));
    expect(byKey['post-qualifications']).toEqual(
      expect.arrayContaining(['post', 'certificates', 'skillTests', 'trainings']),
    );
    expect(byKey['post-qualifications']).not.toContain('name');
    expect(byKey['service-performance-scorecard']).toContain('complaints');
  });

  // The property the decision log relies on: a value the version does not read cannot change its
  // outcome, so a replay with stand-ins where pseudonyms were stored reproduces the outcome exactly.
  it.each(Object.entries(documentArbs))('%s: fields it does not read never change the outcome', (_, arb) => {
    const subject = allPersonal(fixtureSubject);
    fc.assert(
      fc.property(
        arb,
        fc.array(factsArb, { minLength: 3, maxLength: 5 }),
        asOfArb,
        (document, sets, asOf) => {
          const compiled = compile(document, subject);
          const plan = planPersonalData(personalPathsOf(subject), readFieldsOf(compiled.document));
          for (const facts of sets) {
            if (checkFacts(facts, subject).length > 0) continue;
            const stored = pseudonymiseFacts(facts as JsonObject, plan, pseudonym);
            const replayed = standInFacts(stored.facts, stored.pseudonymised, subject);
            expect(canonicalJson(evaluate(compiled, replayed, { asOf }).outcome)).toBe(
              canonicalJson(evaluate(compiled, facts, { asOf }).outcome),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('holds for every default policy on the demo facts', () => {
    for (const { policy, document } of GUIDELINE_POLICIES) {
      const subject = allPersonal(GUIDELINE_SUBJECTS.find((s) => s.key === policy.subjectKey)!);
      const compiled = compile(document, subject);
      const plan = planPersonalData(personalPathsOf(subject), readFieldsOf(compiled.document));
      const sets = generateDemoFacts().filter((set) => set.policyKey === policy.key);
      expect(sets.length).toBeGreaterThan(0);
      for (const set of sets) {
        const stored = pseudonymiseFacts(set.facts, plan, pseudonym);
        const replayed = standInFacts(stored.facts, stored.pseudonymised, subject);
        expect(canonicalJson(evaluate(compiled, replayed, { asOf: set.asOf }).outcome)).toBe(
          canonicalJson(evaluate(compiled, set.facts, { asOf: set.asOf }).outcome),
        );
      }
    }
  });
});
