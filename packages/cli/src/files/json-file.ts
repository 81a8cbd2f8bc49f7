// Reading and writing the folder's JSON files: a stable layout for git (keys in one fixed order,
// two-space indent, a trailing newline) and parse errors that name the line and column.
import { readFile, writeFile } from 'node:fs/promises';

/**
 * Keys that come first in every object, in this order, because a reader looks for them first;
 * every other key follows alphabetically. The server stores documents as jsonb, whose key order is
 * its own, so the order here must not depend on what the server returned.
 */
const LEADING_KEYS = [
  'format',
  'key',
  'id',
  'name',
  'policyKey',
  'version',
  'status',
  'contentHash',
  'kind',
  'type',
  'title',
  'label',
  'policy',
  'subject',
  'source',
  'document',
  'testCases',
];
const LEADING_RANK = new Map(LEADING_KEYS.map((key, index) => [key, index]));

function compareKeys(a: string, b: string): number {
  const rankA = LEADING_RANK.get(a) ?? LEADING_KEYS.length;
  const rankB = LEADING_RANK.get(b) ?? LEADING_KEYS.length;
  if (rankA !== rankB) return rankA - rankB;
  return a < b ? -1 : a > b ? 1 : 0;
}

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort(compareKeys)) {
    if (record[key] !== undefined) out[key] = ordered(record[key]);
  }
  return out;
}

/**
 * A JSON value as the folder stores it: keys in a fixed order (leading keys such as `key`, `id`,
 * `title` first, the rest alphabetical), two-space indent, trailing newline. Equal values give
 * equal text, so a diff in git shows only what changed.
 *
 * @example
 * stableJson({ b: 1, id: 'x', a: 2 }) // '{\n  "id": "x",\n  "a": 2,\n  "b": 1\n}\n'
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(ordered(value), null, 2)}\n`;
}

/** Writes `value` to `file` as {@link stableJson}. */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await writeFile(file, stableJson(value), 'utf8');
}

/** A file that could not be read as JSON: where and why. */
export interface JsonReadError {
  ok: false;
  /** `line 4, column 7: Unexpected token …`, or the file system's reason. */
  message: string;
}

/** The line and column (1-based) of a character offset in `text`. */
function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Parses JSON text; a syntax error names its line and column. */
export function parseJsonText(text: string): { ok: true; value: unknown } | JsonReadError {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // V8 names the offset ("… at position 41" or "… (line 3 column 5)"); the latter is kept as is.
    const position = /at position (\d+)/.exec(reason);
    if (position !== null && !/\(line \d+ column \d+\)/.test(reason)) {
      const { line, column } = lineColumnOf(text, Number(position[1]));
      return { ok: false, message: `line ${line}, column ${column}: ${reason}` };
    }
    return { ok: false, message: reason };
  }
}

/** Reads and parses a JSON file. */
export async function readJsonFile(file: string): Promise<{ ok: true; value: unknown } | JsonReadError> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return parseJsonText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}
