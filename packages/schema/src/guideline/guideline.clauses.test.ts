// The default policies read against the guideline: every text a person reads is in both languages
// (and each language only in its own script), every element names the clause it encodes, and the
// clauses a misreading once broke are pinned by tests that quote them.
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../document.js';
import { SYSTEM_CHANGE_NOTES, changeNoteIn } from '../policy.js';
import { GUIDELINE_POLICIES, GUIDELINE_SUBJECTS, findGuidelinePolicy } from './index.js';

const HAN = /\p{Script=Han}/u;
/** The guideline's section numerals, 一 … 十六. */
const SECTIONS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
  '十六',
];

/** Keys whose values people read: localized texts and names. Everything else is an id, a fact or a code. */
const TEXT_KEYS = new Set(['title', 'label', 'description', 'owner', 'reportTo', 'authority', 'unit']);

/** Every people-read value under `value`, with its JSON path. */
function textsOf(value: unknown, path: string, inText = false): { path: string; value: unknown }[] {
  if (inText && (typeof value === 'string' || (typeof value === 'object' && value !== null && 'zh' in value)))
    return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => textsOf(v, `${path}[${i}]`, inText));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => textsOf(v, `${path}.${key}`, TEXT_KEYS.has(key)));
}

/**
 * Every people-read value of a policy package or subject: its texts, and the names of its test
 * cases (`name` elsewhere is a field's id, so test-case names are collected by place, not by key).
 */
function readTextsOf(value: object): { path: string; value: unknown }[] {
  const testCases = 'testCases' in value && Array.isArray(value.testCases) ? value.testCases : [];
  return [
    ...textsOf(value, '$'),
    ...testCases.map((testCase: { name: unknown }, i) => ({
      path: `$.testCases[${i}].name`,
      value: testCase.name,
    })),
  ];
}

/** Why a text fails the two-language rule, or null. `%` is the one unit that needs no translation. */
function languageProblem(value: unknown): string | null {
  if (value === '%') return null;
  if (typeof value === 'string') return 'is one text, not { zh, en }';
  const { zh, en } = value as { zh?: unknown; en?: unknown };
  if (typeof zh !== 'string' || zh.trim() === '') return 'lacks zh';
  if (typeof en !== 'string' || en.trim() === '') return 'lacks en';
  if (!HAN.test(zh) && zh !== '%') return `zh "${zh}" has no Chinese`;
  if (HAN.test(en)) return `en "${en}" has Chinese`;
  if (/\([A-Za-z][^)]*\)\s*$/.test(zh)) return `zh "${zh}" carries an English gloss`;
  return null;
}

/** Every element of a document that must name its clause, with its `section`. */
function elementsOf(document: PolicyDocument): { id: string; section?: string | undefined }[] {
  switch (document.kind) {
    case 'standard':
      return document.targets;
    case 'checklist':
      return document.sections.flatMap((s) => [s, ...s.items]);
    case 'scorecard':
      return [...document.lines, ...(document.categories ?? [])];
    case 'qualification':
      return document.posts.flatMap((p) => [p, ...p.requirements]);
    case 'escalation':
      return document.levels;
    case 'ruleset':
      return document.rules.map((r) => ({ id: r.id, section: undefined }));
  }
}

describe('every text people read is in both languages', () => {
  const owners = [
    ...GUIDELINE_POLICIES.map((p) => ({ where: `policy ${p.policy.key}`, value: p })),
    ...GUIDELINE_SUBJECTS.map((s) => ({ where: `subject ${s.key}`, value: s })),
  ];
  it.each(owners.map((o) => [o.where, o.value] as const))('%s', (_, value) => {
    const texts = readTextsOf(value);
    expect(texts.length).toBeGreaterThan(0);
    const problems = texts.flatMap((t) => {
      const problem = languageProblem(t.value);
      return problem ? [`${t.path} ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('finds a text that lacks a language (the check can fail)', () => {
    expect(languageProblem('服务管理办公室 (Service Management Office)')).toMatch(/one text/);
    expect(languageProblem({ zh: '服务管理办公室 (Service Management Office)', en: 'Office' })).toMatch(
      /gloss/,
    );
    expect(languageProblem({ zh: 'customer', en: 'Customer' })).toMatch(/no Chinese/);
    expect(languageProblem({ zh: '客户', en: '' })).toMatch(/lacks en/);
    expect(languageProblem({ zh: '客户', en: '客户 customer' })).toMatch(/has Chinese/);
    expect(textsOf({ document: { lines: [{ title: 'x', category: 'c' }] } }, '$')).toEqual([
      { path: '$.document.lines[0].title', value: 'x' },
    ]);
    // A default test case named in one language fails like any other text.
    const oneLanguageCase = {
      testCases: [{ name: '全部目标达成 / every target met', facts: {}, expect: {} }],
    };
    expect(readTextsOf(oneLanguageCase).map((t) => `${t.path} ${languageProblem(t.value)}`)).toEqual([
      '$.testCases[0].name is one text, not { zh, en }',
    ]);
    expect(languageProblem({ zh: '全部目标达成', en: '' })).toMatch(/lacks en/);
  });

  it('names every scorecard category a line adds up under', () => {
    for (const { policy, document } of GUIDELINE_POLICIES) {
      if (document.kind !== 'scorecard') continue;
      const named = new Set((document.categories ?? []).map((c) => c.id));
      for (const line of document.lines) expect(named, `${policy.key} ${line.id}`).toContain(line.category);
      for (const cap of document.categoryCaps) expect(named, `${policy.key} cap`).toContain(cap.category);
    }
  });

  it('writes the seeding change notes in both languages', () => {
    for (const [key, note] of Object.entries(SYSTEM_CHANGE_NOTES)) {
      expect(languageProblem(note), key).toBeNull();
      expect(changeNoteIn(key, 'zh')).toBe(note.zh);
      expect(changeNoteIn(key, 'en')).toBe(note.en);
    }
    expect(changeNoteIn('raised the complaint deduction', 'zh')).toBe('raised the complaint deduction');
  });
});

describe('every element names the clause it encodes', () => {
  it.each(GUIDELINE_POLICIES.map((p) => [p.policy.key, p] as const))('%s', (_, { policy, document }) => {
    expect(SECTIONS).toContain(policy.section);
    for (const element of elementsOf(document)) {
      const numeral = element.section?.split('.')[0];
      expect(SECTIONS, `${policy.key} ${element.id}`).toContain(numeral);
      // A clause path names the section and at least the heading below it.
      expect(element.section?.split('.').length, `${policy.key} ${element.id}`).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('十二 应急响应', () => {
  const escalation = findGuidelinePolicy('service-incident-escalation');
  const levels = escalation?.document.kind === 'escalation' ? escalation.document.levels : [];
  const zhOf = (names: readonly unknown[]) =>
    names.map((n) => (typeof n === 'string' ? n : (n as { zh: string }).zh));

  it.each(levels.map((l) => [l.id, l] as const))(
    '"同时报告文明优质服务领导小组和上级行业务主管部门": %s reports to both',
    (_, level) => {
      expect(zhOf(level.reportTo)).toEqual(
        expect.arrayContaining(['文明优质服务领导小组', '上级行业务主管部门']),
      );
      expect(level.actions.map((a) => a.id)).toContain('report-superior');
    },
  );

  it('"视事件等级决定是否报告总行文明优质服务领导小组": only the most severe level goes to the head office', () => {
    expect(levels.length).toBeGreaterThan(1);
    for (const [index, level] of levels.entries())
      expect(zhOf(level.reportTo).includes('总行文明优质服务领导小组'), level.id).toBe(index === 0);
  });
});
