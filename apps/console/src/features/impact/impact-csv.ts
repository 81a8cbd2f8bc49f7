// The changed cases of an impact report as a CSV file for a spreadsheet: one row a decision, the
// verdicts in words, each number before and after, and every changed value by its path.
import type { ImpactCase } from '@precept/schema';
import Papa from 'papaparse';

/** Byte-order mark: without it Excel reads UTF-8 as the system code page and garbles Chinese. */
export const UTF8_BOM = '\uFEFF';

/** The column headings and the words the CSV needs, in the reader's language. */
export interface ImpactCsvWords {
  decision: string;
  recordedAt: string;
  asOf: string;
  verdictBefore: string;
  verdictAfter: string;
  changes: string;
  /** The label of a verdict. */
  verdict: (verdict: string) => string;
  /** The headings of a number's two columns. */
  numberBefore: (field: string) => string;
  numberAfter: (field: string) => string;
}

/** A changed value as text: `$.total: 92 → 88.5` (absent on one side reads `—`). */
function describeChange(change: ImpactCase['changes'][number]): string {
  const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));
  return `${change.path}: ${show(change.before)} → ${show(change.after)}`;
}

/**
 * The CSV text of `cases`, UTF-8 with a byte-order mark so that Excel opens Chinese correctly.
 * Quoting and escaping are papaparse's (RFC 4180); cells that start like a formula are escaped.
 *
 * @example
 * downloadText('impact.csv', impactCasesCsv(cases, words), 'text/csv;charset=utf-8');
 */
export function impactCasesCsv(cases: readonly ImpactCase[], words: ImpactCsvWords): string {
  const fields = [
    ...new Set(cases.flatMap((c) => [...Object.keys(c.numbersBefore), ...Object.keys(c.numbersAfter)])),
  ];
  const header = [
    words.decision,
    words.recordedAt,
    words.asOf,
    words.verdictBefore,
    words.verdictAfter,
    ...fields.flatMap((field) => [words.numberBefore(field), words.numberAfter(field)]),
    words.changes,
  ];
  const rows = cases.map((c) => [
    c.decisionId,
    c.recordedAt,
    c.asOf,
    words.verdict(c.verdictBefore),
    words.verdict(c.verdictAfter),
    ...fields.flatMap((field) => [c.numbersBefore[field] ?? '', c.numbersAfter[field] ?? '']),
    c.changes.map(describeChange).join('\n'),
  ]);
  return UTF8_BOM + Papa.unparse({ fields: header, data: rows }, { escapeFormulae: true, newline: '\r\n' });
}
