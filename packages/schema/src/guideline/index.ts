// The guideline (`guideline.zh.md`) encoded as the default subjects and policies the server seeds as
// published v1. The JSON files are the source; they are parsed here through the zod contract so a
// broken file fails loudly at import time, not later inside an evaluation.
import { PolicyPackageSchema, type PolicyPackage } from '../policy.js';
import { SubjectSchema, type Subject } from '../subject.js';
import employee from './subjects/employee.json' with { type: 'json' };
import incident from './subjects/incident.json' with { type: 'json' };
import inspection from './subjects/inspection.json' with { type: 'json' };
import orgUnit from './subjects/org-unit.json' with { type: 'json' };
import outletPeriod from './subjects/outlet-period.json' with { type: 'json' };
import organizationRequirements from './policies/organization-requirements.json' with { type: 'json' };
import outletFacilities from './policies/outlet-facilities.json' with { type: 'json' };
import postQualifications from './policies/post-qualifications.json' with { type: 'json' };
import rectificationRouting from './policies/rectification-routing.json' with { type: 'json' };
import serviceIncidentEscalation from './policies/service-incident-escalation.json' with { type: 'json' };
import serviceInspection from './policies/service-inspection.json' with { type: 'json' };
import servicePerformanceScorecard from './policies/service-performance-scorecard.json' with { type: 'json' };
import serviceTargets from './policies/service-targets.json' with { type: 'json' };

export { generateDemoFacts, DemoFactSetSchema, type DemoFactSet } from './demo-facts.js';

/**
 * When the default policies take effect: their v1 `effectiveFrom` as the server seeds them —
 * 2026-01-01 00:00 in Beijing, the bank's time zone (16:00 UTC the day before).
 */
export const GUIDELINE_EFFECTIVE_FROM = '2025-12-31T16:00:00.000Z';

function parseAll<T>(what: string, parse: (value: unknown) => T, entries: Record<string, unknown>): T[] {
  return Object.entries(entries).map(([file, value]) => {
    try {
      return parse(value);
    } catch (error) {
      throw new Error(`guideline ${what} "${file}" does not match the schema`, { cause: error });
    }
  });
}

/**
 * The five default subjects (fact schemas): `outlet-period`, `employee`, `incident`, `inspection`,
 * `org-unit`. Each policy in {@link GUIDELINE_POLICIES} names one by `policy.subjectKey`.
 */
export const GUIDELINE_SUBJECTS: Subject[] = parseAll('subject', (value) => SubjectSchema.parse(value), {
  'outlet-period': outletPeriod,
  employee,
  incident,
  inspection,
  'org-unit': orgUnit,
});

/**
 * The eight default policies of the guideline, each with its metadata, v1 document and test cases,
 * in the order of DESIGN.md's table (sections 一, 七, 八, 九, 十, 十一, 十二, 十六).
 *
 * @example
 * const scorecard = GUIDELINE_POLICIES.find((p) => p.policy.key === 'service-performance-scorecard');
 */
export const GUIDELINE_POLICIES: PolicyPackage[] = parseAll(
  'policy',
  (value) => PolicyPackageSchema.parse(value),
  {
    'service-targets': serviceTargets,
    'outlet-facilities': outletFacilities,
    'service-inspection': serviceInspection,
    'rectification-routing': rectificationRouting,
    'service-performance-scorecard': servicePerformanceScorecard,
    'post-qualifications': postQualifications,
    'service-incident-escalation': serviceIncidentEscalation,
    'organization-requirements': organizationRequirements,
  },
);

/** The default subject with this key, or `undefined`. */
export function findGuidelineSubject(key: string): Subject | undefined {
  return GUIDELINE_SUBJECTS.find((subject) => subject.key === key);
}

/** The default policy package with this key, or `undefined`. */
export function findGuidelinePolicy(key: string): PolicyPackage | undefined {
  return GUIDELINE_POLICIES.find((entry) => entry.policy.key === key);
}
