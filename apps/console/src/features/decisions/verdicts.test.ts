import type { PolicyDocument } from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/i18n';
import { pickText } from '../../i18n/use-language';
import { guidelineDocument } from '../../test/fixtures';
import { verdictLabel, verdictOptions, type VerdictWords } from './verdicts';

function words(language: 'zh-CN' | 'en'): VerdictWords {
  const i18n = createI18n(language);
  return { t: i18n.t, pick: (text) => pickText(text, language === 'en' ? 'en' : 'zh') };
}

describe('verdict options', () => {
  it.each([
    ['service-targets', 'standard', ['达标', '未达标']],
    ['outlet-facilities', 'checklist', ['合格', '不合格']],
    ['post-qualifications', 'qualification', ['具备任职资格', '不具备任职资格']],
  ] as const)('names the verdicts of %s (%s) in words', (key, kind, labels) => {
    const { document } = guidelineDocument(key, kind);
    expect(verdictOptions([document], words('zh-CN')).map((o) => o.label)).toEqual(labels);
  });

  it("labels a scorecard's grades by their labels, best first, with no grade last", () => {
    const { document } = guidelineDocument('service-performance-scorecard', 'scorecard');
    const options = verdictOptions([document], words('en'));
    expect(options.map((o) => o.value)).toEqual([...document.grades.map((g) => g.grade), 'no-grade']);
    expect(options[0]).toEqual({ value: 'A', label: 'Excellent (A)' });
    expect(options.at(-1)).toEqual({ value: 'no-grade', label: 'No grade' });
  });

  it("labels an escalation's levels by their titles, and no level", () => {
    const { document } = guidelineDocument('service-incident-escalation', 'escalation');
    const options = verdictOptions([document], words('zh-CN'));
    expect(options.map((o) => o.value)).toEqual([...document.levels.map((l) => l.id), 'none']);
    expect(options[0]!.label).toBe(document.levels[0]!.title.zh);
    expect(options.at(-1)!.label).toBe('未达到任何处置级别');
  });

  it('keeps the verdicts only older versions know, labelled by the newest version that names them', () => {
    const { document: v1 } = guidelineDocument('service-performance-scorecard', 'scorecard');
    const v2: PolicyDocument = {
      ...v1,
      grades: [
        { grade: 'A', label: { zh: '卓越', en: 'Outstanding' }, minScore: 95 },
        { grade: 'C', label: { zh: '合格', en: 'Adequate' }, minScore: 0 },
      ],
    };
    const options = verdictOptions([v2, v1], words('en'));
    // The newest version's grades first, then the older ones', "no grade" last whoever names it.
    expect(options.map((o) => o.value)).toEqual([
      'A',
      'C',
      ...v1.grades.map((g) => g.grade).filter((g) => g !== 'A' && g !== 'C'),
      'no-grade',
    ]);
    expect(options[0]!.label).toBe('Outstanding (A)');
    expect(verdictLabel('B', [v2, v1], words('en'))).toBe(
      `${v1.grades.find((g) => g.grade === 'B')!.label.en} (B)`,
    );
  });

  it('shows a ruleset event type as it is, and an unknown verdict as itself', () => {
    const ruleset: PolicyDocument = {
      kind: 'ruleset',
      rules: [
        { id: 'r1', priority: 1, conditions: { all: [] }, event: { type: 'route-to-branch' } },
        { id: 'r2', priority: 1, conditions: { all: [] }, event: { type: 'route-to-branch' } },
      ],
    } as unknown as PolicyDocument;
    expect(verdictOptions([ruleset], words('en'))).toEqual([
      { value: 'route-to-branch', label: 'route-to-branch' },
      { value: 'none', label: 'No event' },
    ]);
    expect(verdictLabel('something-else', [ruleset], words('en'))).toBe('something-else');
    expect(verdictOptions([], words('en'))).toEqual([]);
  });
});
