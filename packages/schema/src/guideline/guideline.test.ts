import { describe, expect, it } from 'vitest';
import type { Condition } from '../condition.js';
import type { PolicyDocument } from '../document.js';
import { startOfDateIn } from '../time-zone.js';
import {
  DemoFactSetSchema,
  GUIDELINE_EFFECTIVE_FROM,
  GUIDELINE_POLICIES,
  GUIDELINE_SUBJECTS,
  findGuidelinePolicy,
  findGuidelineSubject,
  generateDemoFacts,
} from './index.js';

/** Every fact a condition tree reads (leaves and fact references). */
function factsOf(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(factsOf);
  if ('any' in condition) return condition.any.flatMap(factsOf);
  if ('not' in condition) return factsOf(condition.not);
  const value = condition.value;
  const ref =
    typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.fact === 'string'
      ? [value.fact]
      : [];
  return [condition.fact, ...ref];
}

/** Every condition of a document, with the section reference of its element. */
function elementsOf(document: PolicyDocument): { section: string | undefined; conditions: Condition[] }[] {
  switch (document.kind) {
    case 'standard':
      return document.targets.map((t) => ({ section: t.section, conditions: [t.condition] }));
    case 'checklist':
      return document.sections.flatMap((s) =>
        s.items.map((i) => ({ section: i.section, conditions: [i.condition] })),
      );
    case 'scorecard':
      return document.lines.map((l) => ({ section: l.section, conditions: [l.condition] }));
    case 'qualification':
      return document.posts.flatMap((p) =>
        p.requirements.map((r) => ({
          section: r.section,
          conditions: r.type === 'condition' ? [r.condition] : [],
        })),
      );
    case 'escalation':
      return document.levels.map((l) => ({ section: l.section, conditions: [l.condition] }));
    case 'ruleset':
      return document.rules.map((r) => ({ section: undefined, conditions: [r.conditions] }));
  }
}

describe('default subjects', () => {
  it('are the five subjects of DESIGN.md, each once', () => {
    expect(GUIDELINE_SUBJECTS.map((s) => s.key).sort()).toEqual(
      ['employee', 'incident', 'inspection', 'org-unit', 'outlet-period'].sort(),
    );
  });
  it.each(GUIDELINE_SUBJECTS.map((s) => [s.key, s] as const))('%s has unique field names', (_, subject) => {
    const names = subject.fields.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(subject.fields.some((f) => f.required)).toBe(true);
  });
  it('offers the six front-line posts', () => {
    const post = findGuidelineSubject('employee')?.fields.find((f) => f.name === 'post');
    expect(post?.values?.map((v) => v.label.zh)).toEqual([
      '综合柜员',
      '网点主任',
      '大堂经理',
      '理财经理',
      '市场营销',
      '客服座席',
    ]);
  });
});

describe('default policies', () => {
  it('are the eight policies of DESIGN.md, in its order', () => {
    expect(
      GUIDELINE_POLICIES.map((p) => `${p.policy.key}:${p.document.kind}:${p.policy.subjectKey}`),
    ).toEqual([
      'service-targets:standard:org-unit',
      'outlet-facilities:checklist:inspection',
      'service-inspection:checklist:inspection',
      'rectification-routing:escalation:inspection',
      'service-performance-scorecard:scorecard:outlet-period',
      'post-qualifications:qualification:employee',
      'service-incident-escalation:escalation:incident',
      'organization-requirements:standard:org-unit',
    ]);
    expect(GUIDELINE_EFFECTIVE_FROM).toBe(startOfDateIn('2026-01-01', 'Asia/Shanghai'));
  });

  it.each(GUIDELINE_POLICIES.map((p) => [p.policy.key, p] as const))(
    '%s: kind matches, cites sections, reads only subject fields, has ≥ 3 test cases in 2026',
    (_, { policy, document, testCases }) => {
      expect(document.kind).toBe(policy.kind);
      const subject = findGuidelineSubject(policy.subjectKey);
      expect(subject).toBeDefined();
      const fieldNames = new Set(subject?.fields.map((f) => f.name));
      for (const element of elementsOf(document)) {
        expect(element.section?.startsWith(policy.section) || element.section?.startsWith('三')).toBe(true);
        for (const fact of element.conditions.flatMap(factsOf)) expect(fieldNames).toContain(fact);
      }
      expect(testCases.length).toBeGreaterThanOrEqual(3);
      const ids = testCases.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const testCase of testCases) {
        expect(testCase.asOf?.startsWith('2026-')).toBe(true);
        for (const name of Object.keys(testCase.facts)) expect(fieldNames).toContain(name);
      }
      expect(policy.description?.zh).toMatch(/默认|指引/);
    },
  );

  it('finds a policy by key', () => {
    expect(findGuidelinePolicy('service-performance-scorecard')?.document.kind).toBe('scorecard');
    expect(findGuidelinePolicy('nope')).toBeUndefined();
  });
});

describe('generateDemoFacts', () => {
  const demo = generateDemoFacts();

  it('is deterministic for a seed and varies with it', () => {
    expect(generateDemoFacts()).toEqual(demo);
    expect(generateDemoFacts(7)).toEqual(generateDemoFacts(7));
    expect(generateDemoFacts(7)).not.toEqual(demo);
  });

  it('covers the default policies with the promised amounts', () => {
    const count = (key: string) => demo.filter((d) => d.policyKey === key).length;
    expect(count('service-performance-scorecard')).toBe(144);
    expect(count('post-qualifications')).toBe(18);
    expect(count('service-incident-escalation')).toBeGreaterThanOrEqual(4);
    expect(count('service-inspection')).toBeGreaterThanOrEqual(4);
    expect(count('service-targets')).toBeGreaterThanOrEqual(3);
    for (const { policy } of GUIDELINE_POLICIES) expect(count(policy.key)).toBeGreaterThan(0);
  });

  it('gives well-formed items whose facts name only subject fields', () => {
    for (const item of demo) {
      expect(DemoFactSetSchema.safeParse(item).success).toBe(true);
      expect(item.asOf.startsWith('2026-')).toBe(true);
      expect(findGuidelinePolicy(item.policyKey)?.policy.subjectKey).toBe(item.subjectKey);
      const subject = findGuidelineSubject(item.subjectKey);
      const names = new Set(subject?.fields.map((f) => f.name));
      for (const name of Object.keys(item.facts)) expect(names).toContain(name);
      for (const field of subject?.fields.filter((f) => f.required) ?? [])
        expect(item.facts).toHaveProperty(field.name);
    }
  });

  it('spreads employees over the six posts and outlets over months', () => {
    const posts = new Set(demo.filter((d) => d.subjectKey === 'employee').map((d) => d.facts.post));
    expect(posts.size).toBe(6);
    const periods = new Set(demo.filter((d) => d.subjectKey === 'outlet-period').map((d) => d.facts.period));
    expect(periods.size).toBe(12);
  });
});
