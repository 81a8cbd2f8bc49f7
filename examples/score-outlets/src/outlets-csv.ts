// Reads the outlet figures CSV a branch exports every month: one row per outlet, one column per
// figure of the `outlet-period` subject. Empty cells are figures the branch did not collect.

/** An outlet's figures for a period, as the `outlet-period` subject names them. */
export interface OutletFigures {
  outletId: string;
  outletName?: string;
  period: string;
  regionType: string;
  [figure: string]: string | number | undefined;
}

/** A row that could not be read, with its line number. */
export interface RowProblem {
  line: number;
  message: string;
}

const TEXT_COLUMNS = new Set(['outletId', 'outletName', 'period', 'regionType']);

/** Splits CSV text (RFC 4180: quoted fields, doubled quotes, commas and newlines inside quotes) into rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (inQuotes) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') inQuotes = false;
      else field += char;
    } else if (char === '"') inQuotes = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

/**
 * Turns CSV text into outlet figures: text columns stay text, every other non-empty cell must be a
 * number. Rows with problems are reported, not guessed at.
 */
export function readOutlets(text: string): { outlets: OutletFigures[]; problems: RowProblem[] } {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) return { outlets: [], problems: [{ line: 1, message: 'the file is empty' }] };
  const columns = header.map((name) => name.trim());
  const outlets: OutletFigures[] = [];
  const problems: RowProblem[] = [];
  rows.forEach((cells, index) => {
    const line = index + 2;
    const figures: Record<string, string | number> = {};
    for (const [position, column] of columns.entries()) {
      const cell = (cells[position] ?? '').trim();
      if (cell === '') continue;
      if (TEXT_COLUMNS.has(column)) figures[column] = cell;
      else if (/^-?\d+(\.\d+)?$/.test(cell)) figures[column] = Number(cell);
      else problems.push({ line, message: `${column} is not a number: "${cell}"` });
    }
    if (typeof figures.outletId !== 'string') problems.push({ line, message: 'outletId is empty' });
    else outlets.push(figures as OutletFigures);
  });
  return { outlets, problems };
}
