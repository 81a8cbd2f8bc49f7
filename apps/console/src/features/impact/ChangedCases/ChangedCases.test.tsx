import type { ImpactCase, ImpactSummary } from '@precept/schema';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ComponentProps } from 'react';
import { renderWithTrpc } from '../../../test/trpc';
import { ChangedCases } from './ChangedCases';

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const aCase = (i: number, before: string, after: string): ImpactCase => ({
  decisionId: uuid(i),
  recordedAt: '2026-11-01T02:00:00.000Z',
  asOf: '2026-11-01',
  verdictBefore: before,
  verdictAfter: after,
  numbersBefore: { total: 90 },
  numbersAfter: { total: 86 },
  changes: [{ path: '$.total', before: 90, after: 86 }],
});
/** 450 changed decisions: 400 from A to B, 50 from B to C. */
const ALL = [
  ...Array.from({ length: 400 }, (_, i) => aCase(i, 'A', 'B')),
  ...Array.from({ length: 50 }, (_, i) => aCase(400 + i, 'B', 'C')),
];
const summary: ImpactSummary = {
  evaluated: 1000,
  unchanged: 550,
  changed: 450,
  errors: 0,
  errorsByReason: [],
  verdicts: [
    { before: 'A', after: 'A', count: 500 },
    { before: 'A', after: 'B', count: 400 },
    { before: 'B', after: 'C', count: 50 },
    { before: 'B', after: 'B', count: 50 },
  ],
  elements: [],
  distributions: [],
};

/** `impact.cases` as the server pages it: by cursor (an offset here), optionally one verdict pair. */
function cases(input: unknown) {
  const { limit, cursor, verdictBefore, verdictAfter } = input as {
    limit: number;
    cursor?: string;
    verdictBefore?: string;
    verdictAfter?: string;
  };
  const matching = ALL.filter(
    (c) =>
      (verdictBefore === undefined || c.verdictBefore === verdictBefore) &&
      (verdictAfter === undefined || c.verdictAfter === verdictAfter),
  );
  const start = Number(cursor ?? 0);
  const items = matching.slice(start, start + limit);
  return { items, nextCursor: start + limit < matching.length ? String(start + limit) : null };
}

const labels = {
  verdict: (v: string) => `等级${v}`,
  field: (f: string) => (f === 'total' ? '总分' : f),
  element: (id: string) => id,
  outcomeKey: (key: string) => (key === 'total' ? '总分' : key),
};

/** The table of report r1, answering `impact.cases` as the server pages it. */
function renderCases(
  props: Partial<ComponentProps<typeof ChangedCases>>,
  options?: Parameters<typeof renderWithTrpc>[2],
) {
  return renderWithTrpc(
    <ChangedCases
      reportId="r1"
      summary={summary}
      casesStored={450}
      labels={labels}
      filter={null}
      onFilterChange={() => {}}
      onOpen={() => {}}
      fileName="impact"
      {...props}
    />,
    { 'impact.cases': cases },
    options,
  );
}

// jsdom lays nothing out: give the scroll area its 420 px and each row 44 px, as a browser would.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return this.tagName === 'TR' ? 44 : 420;
  });
  vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(1000);
});
afterEach(() => vi.restoreAllMocks());

describe('ChangedCases', () => {
  it('renders only the rows in view of a page of 200, and says how many are loaded of how many', async () => {
    renderCases({});
    await waitFor(() => expect(screen.getByTestId('cases-shown')).toHaveTextContent('已载入 200 / 450 条'));
    const rows = screen.getByTestId('cases-table').querySelectorAll('tbody tr[data-decision]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]).toHaveTextContent('等级A');
    expect(rows[0]).toHaveTextContent('等级B');
    expect(rows[0]).toHaveTextContent('90 → 86');
  });

  it('loads the next page when the reader scrolls to the end of what is loaded', async () => {
    renderCases({});
    await waitFor(() => expect(screen.getByTestId('cases-shown')).toHaveTextContent('已载入 200 / 450 条'));
    const region = screen.getByRole('region', { name: '有变化的决策（可滚动）' });
    // jsdom keeps scrollTop at 0: say where the reader scrolled to.
    Object.defineProperty(region, 'scrollTop', { configurable: true, value: 200 * 44 - 420 });
    fireEvent.scroll(region);
    await waitFor(() => expect(screen.getByTestId('cases-shown')).toHaveTextContent('已载入 400 / 450 条'));
    const shown = [...region.querySelectorAll('tbody tr[data-index]')].map((tr) =>
      Number(tr.getAttribute('data-index')),
    );
    expect(Math.max(...shown)).toBeGreaterThanOrEqual(199);
    expect(shown.length).toBeLessThan(40);
  });

  it('asks the server for one verdict pair and opens a decision from its row', async () => {
    const onOpen = vi.fn();
    const { user, calls } = renderCases({ filter: { before: 'B', after: 'C' }, onOpen });
    await waitFor(() => expect(screen.getByTestId('cases-shown')).toHaveTextContent('已载入 50 / 50 条'));
    expect(calls[0]?.input).toMatchObject({ id: 'r1', verdictBefore: 'B', verdictAfter: 'C', limit: 200 });
    await user.click(screen.getAllByRole('button', { name: /决策 00000000 的详情/ })[0]!);
    expect(onOpen).toHaveBeenCalledWith(uuid(400));
  });

  it('downloads every changed case as CSV with a byte-order mark, page after page', async () => {
    let blob: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:impact';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const { user, calls } = renderCases({}, { language: 'en' });
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(blob).toBeDefined());
    const bytes = new Uint8Array(await blob!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { data } = Papa.parse<string[]>(new TextDecoder().decode(bytes.slice(3)), { skipEmptyLines: true });
    expect(data[0]).toEqual([
      'Decision',
      'Recorded',
      'As of',
      'Verdict before',
      'Verdict after',
      '总分 before',
      '总分 after',
      'Changes',
    ]);
    expect(data).toHaveLength(451);
    expect(calls.filter((c) => (c.input as { limit: number }).limit === 5000)).toHaveLength(1);
  });
});
