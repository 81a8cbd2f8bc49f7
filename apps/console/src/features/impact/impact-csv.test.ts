import type { ImpactCase } from '@precept/schema';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { guidelineDocument } from '../../test/fixtures';
import { elementTitle } from './element-titles';
import { UTF8_BOM, impactCasesCsv, type ImpactCsvWords } from './impact-csv';

const words: ImpactCsvWords = {
  decision: '决策',
  recordedAt: '记录时间',
  asOf: '评估日期',
  verdictBefore: '之前结论',
  verdictAfter: '之后结论',
  changes: '变化',
  verdict: (v) => ({ A: '优秀 (A)', B: '良好 (B)' })[v] ?? v,
  numberBefore: (f) => `之前 ${f}`,
  numberAfter: (f) => `之后 ${f}`,
};

const changed = (id: string, before: number, after: number, extra: Partial<ImpactCase> = {}): ImpactCase => ({
  decisionId: id,
  recordedAt: '2026-11-01T02:00:00.000Z',
  asOf: '2026-11-01',
  verdictBefore: 'A',
  verdictAfter: 'B',
  numbersBefore: { total: before },
  numbersAfter: { total: after },
  changes: [
    { path: '$.total', before, after },
    { path: '$.grade', before: 'A', after: 'B' },
  ],
  ...extra,
});

describe('impactCasesCsv', () => {
  it('starts with a byte-order mark and reads back as the cases, Chinese intact', () => {
    const csv = impactCasesCsv([changed('d-1', 92, 88.5), changed('d-2', 90, 87)], words);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const { data, errors } = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
    expect(errors).toEqual([]);
    expect(data[0]).toEqual([
      '决策',
      '记录时间',
      '评估日期',
      '之前结论',
      '之后结论',
      '之前 total',
      '之后 total',
      '变化',
    ]);
    expect(data[1]).toEqual([
      'd-1',
      '2026-11-01T02:00:00.000Z',
      '2026-11-01',
      '优秀 (A)',
      '良好 (B)',
      '92',
      '88.5',
      '$.total: 92 → 88.5\n$.grade: "A" → "B"',
    ]);
    expect(data).toHaveLength(3);
  });

  it('quotes commas and line breaks, leaves a missing number empty, and defuses formulae', () => {
    const csv = impactCasesCsv(
      [
        changed('d-3', 80, 70, {
          numbersAfter: {},
          changes: [{ path: '$.lines[complaints].reason', before: '=HYPERLINK("x")', after: undefined }],
          verdictAfter: '=1+1',
        }),
      ],
      words,
    );
    const { data } = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
    expect(data[1]?.[4]).toBe("'=1+1");
    expect(data[1]?.[6]).toBe('');
    expect(data[1]?.[7]).toBe('$.lines[complaints].reason: "=HYPERLINK(\\"x\\")" → —');
  });
});

describe('elementTitle', () => {
  it('names a scorecard line by its title, the first document that knows it winning', () => {
    const { document } = guidelineDocument('service-performance-scorecard', 'scorecard');
    const renamed = structuredClone(document);
    const line = renamed.lines.find((l) => l.id === 'complaints')!;
    line.title = { zh: '投诉（新）', en: 'Complaints (new)' };
    expect(elementTitle('complaints', [document])?.en).toBe('Customer complaints');
    expect(elementTitle('complaints', [renamed, document])?.en).toBe('Complaints (new)');
    expect(elementTitle('no-such-line', [renamed, document])).toBeUndefined();
  });

  it('names a scorecard category by its label', () => {
    const { document } = guidelineDocument('service-performance-scorecard', 'scorecard');
    const reputation = document.categories!.find((c) => c.id === 'reputation')!;
    expect(elementTitle('reputation', [document])).toEqual(reputation.label);
  });

  it('names checklist items, qualification requirements and escalation levels', () => {
    const { document: checklist } = guidelineDocument('service-inspection', 'checklist');
    const item = checklist.sections[0]!.items[0]!;
    expect(elementTitle(item.id, [checklist])).toEqual(item.title);
    const { document: qualification } = guidelineDocument('post-qualifications', 'qualification');
    const requirement = qualification.posts[0]!.requirements[0]!;
    expect(elementTitle(requirement.id, [qualification])).toEqual(requirement.title);
    const { document: escalation } = guidelineDocument('service-incident-escalation', 'escalation');
    expect(elementTitle(escalation.levels[0]!.id, [escalation])).toEqual(escalation.levels[0]!.title);
  });
});
