// The default data: on an empty database, the guideline's subjects and its eight policies as
// published v1 with their test cases; with the demo switched on, the synthetic fact sets evaluated
// once so a newcomer's decision log is not empty.
import {
  GUIDELINE_EFFECTIVE_FROM,
  GUIDELINE_POLICIES,
  GUIDELINE_SUBJECTS,
  type SYSTEM_CHANGE_NOTES,
  generateDemoFacts,
  type Actor,
  type JsonObject,
} from '@precept/schema';
import type { Db } from '../../db/database.js';
import type { Logger } from '../../log/logger.js';
import type { EvaluationService } from '../evaluation/evaluation.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import type { SubjectsService } from '../subjects/subjects.service.js';
import { isDatabaseEmpty, lockSeeding } from './seed.store.js';

/** Dependencies of {@link createSeedService}. */
export interface SeedServiceDeps {
  db: Db;
  subjects: SubjectsService;
  policies: PoliciesService;
  evaluation: EvaluationService;
  log: Logger;
  /** The actor seeding is attributed to. */
  actor: Actor;
}

/** What a seeding run did. */
export interface SeedResult {
  seeded: boolean;
  subjects: number;
  policies: number;
  demoDecisions: number;
}

/** Loads the default data into an empty database (and nothing into a non-empty one). */
export interface SeedService {
  seed(options: { demo: boolean }): Promise<SeedResult>;
}

// Stored as keys of SYSTEM_CHANGE_NOTES: the console shows them in the reader's language.
const SEED_POLICY_NOTE = 'precept:seeded-policy' satisfies keyof typeof SYSTEM_CHANGE_NOTES;
const SEED_SUBJECT_NOTE = 'precept:seeded-subject' satisfies keyof typeof SYSTEM_CHANGE_NOTES;

/** Creates the {@link SeedService}. */
export function createSeedService({
  db,
  subjects,
  policies,
  evaluation,
  log,
  actor,
}: SeedServiceDeps): SeedService {
  return {
    async seed({ demo }) {
      const seeded = await db.transaction().execute(async (trx) => {
        await lockSeeding(trx);
        if (!(await isDatabaseEmpty(trx))) return false;
        for (const subject of GUIDELINE_SUBJECTS) {
          await subjects.saveIn(trx, actor, subject, SEED_SUBJECT_NOTE);
        }
        for (const entry of GUIDELINE_POLICIES) {
          await policies.seedPublished(trx, actor, {
            policy: entry.policy,
            document: entry.document,
            testCases: entry.testCases,
            effectiveFrom: new Date(GUIDELINE_EFFECTIVE_FROM),
            changeNote: SEED_POLICY_NOTE,
          });
        }
        return true;
      });
      if (!seeded) return { seeded: false, subjects: 0, policies: 0, demoDecisions: 0 };
      for (const entry of GUIDELINE_POLICIES) evaluation.invalidate(entry.policy.key);

      let demoDecisions = 0;
      if (demo) {
        const byPolicy = new Map<string, { facts: JsonObject; asOf: string }[]>();
        for (const set of generateDemoFacts()) {
          byPolicy.set(set.policyKey, [
            ...(byPolicy.get(set.policyKey) ?? []),
            { facts: set.facts, asOf: set.asOf },
          ]);
        }
        for (const [policyKey, items] of byPolicy) {
          const { results } = await evaluation.evaluateBatch(actor, { policyKey, items, trace: false, detail: 'compact' });
          for (const [index, result] of results.entries()) {
            if (result.ok) demoDecisions += 1;
            else log.warn('demo fact set not evaluated', { policyKey, index, error: result.error });
          }
        }
      }
      log.info('seeded the default policies', {
        subjects: GUIDELINE_SUBJECTS.length,
        policies: GUIDELINE_POLICIES.length,
        demoDecisions,
      });
      return {
        seeded: true,
        subjects: GUIDELINE_SUBJECTS.length,
        policies: GUIDELINE_POLICIES.length,
        demoDecisions,
      };
    },
  };
}
