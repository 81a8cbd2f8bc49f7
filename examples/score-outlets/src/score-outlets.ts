import type { PolicyDecision, PreceptClient, SdkResult } from '@precept/sdk';
import type { OutletFigures } from './outlets-csv.js';

/** The scorecard policy of the guideline's section 十 (激励与约束). */
export const SCORECARD_POLICY = 'service-performance-scorecard';

/** One outlet's score, or why it has none. */
export interface OutletScore {
  outlet: OutletFigures;
  result: SdkResult<PolicyDecision<'scorecard'>>;
}

/** Most fact sets the server accepts in one batch. */
const BATCH_SIZE = 1000;

/**
 * Scores every outlet with the scorecard in force at `asOf`, in batches. Fails as a whole only when
 * the server cannot be asked (unreachable, policy unknown); an outlet whose figures do not fit the
 * subject gets its own error in its row.
 */
export async function scoreOutlets(
  client: Pick<PreceptClient, 'evaluateBatch'>,
  outlets: readonly OutletFigures[],
  asOf: string,
  signal?: AbortSignal,
): Promise<SdkResult<OutletScore[]>> {
  const scores: OutletScore[] = [];
  for (let start = 0; start < outlets.length; start += BATCH_SIZE) {
    const chunk = outlets.slice(start, start + BATCH_SIZE);
    const batch = await client.evaluateBatch(SCORECARD_POLICY, chunk, {
      kind: 'scorecard',
      asOf,
      trace: false,
      signal,
    });
    if (!batch.ok) return batch;
    batch.value.forEach((result, index) => scores.push({ outlet: chunk[index]!, result }));
  }
  return { ok: true, value: scores };
}

/** Display width of a string: CJK characters take two columns in a terminal. */
function widthOf(text: string): number {
  let width = 0;
  for (const char of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        char,
      )
        ? 2
        : 1;
  return width;
}

const pad = (text: string, width: number, right = false): string =>
  right
    ? ' '.repeat(Math.max(0, width - widthOf(text))) + text
    : text + ' '.repeat(Math.max(0, width - widthOf(text)));

/** The largest deductions of a decision, for the "why" column. */
function mainReasons(decision: PolicyDecision<'scorecard'>): string {
  return decision.outcome.lines
    .filter((line) => line.fired && line.type === 'deduction' && line.points > 0)
    .sort((a, b) => b.points - a.points)
    .slice(0, 2)
    .map((line) => `${line.title.en} −${line.points}`)
    .join('; ');
}

/** Formats the scores as a plain-text table, best total first, failures last. */
export function formatTable(scores: readonly OutletScore[]): string {
  const ordered = [...scores].sort((a, b) => {
    const ta = a.result.ok ? a.result.value.outcome.total : Number.NEGATIVE_INFINITY;
    const tb = b.result.ok ? b.result.value.outcome.total : Number.NEGATIVE_INFINITY;
    return tb - ta;
  });
  const header = ['outlet', 'name', 'total', 'grade', '−', '+', 'main deductions'];
  const rows = ordered.map(({ outlet, result }) => {
    if (!result.ok) {
      return [
        outlet.outletId,
        outlet.outletName ?? '',
        '',
        '',
        '',
        '',
        `${result.error.code}: ${result.error.message}`,
      ];
    }
    const { outcome } = result.value;
    return [
      outlet.outletId,
      outlet.outletName ?? '',
      outcome.total.toFixed(1),
      outcome.grade ?? '-',
      outcome.deductions.toFixed(1),
      outcome.bonuses.toFixed(1),
      mainReasons(result.value),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(widthOf(title), ...rows.map((row) => widthOf(row[column]!))),
  );
  const numeric = new Set([2, 4, 5]);
  const render = (cells: string[]): string =>
    cells
      .map((cell, column) => pad(cell, widths[column]!, numeric.has(column)))
      .join('  ')
      .trimEnd();
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(render)].join(
    '\n',
  );
}
