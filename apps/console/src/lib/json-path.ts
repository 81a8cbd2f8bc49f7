/**
 * JSON paths as the server and the validator write them: `$`, `$.lines[2].condition.all[0].value`.
 * Editors build the path of each input with {@link childPath} and look up issues by it.
 */

/** One step of a path: a property name or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The path of a child: `childPath('$.lines', 2)` → `$.lines[2]`; `childPath('$', 'lines')` → `$.lines`. */
export function childPath(base: string, ...segments: PathSegment[]): string {
  let path = base;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** The JSON path of a zod issue path (`['lines', 2, 'points']` → `$.lines[2].points`). */
export function pathFromSegments(segments: readonly PropertyKey[]): string {
  return childPath('$', ...segments.map((s) => (typeof s === 'number' ? s : String(s))));
}

/** Splits a JSON path into its segments; `$` → `[]`. Unparseable rest is kept as one segment. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const re = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let index = path.startsWith('$') ? 1 : 0;
  while (index < path.length) {
    re.lastIndex = index;
    const match = re.exec(path);
    if (!match) {
      segments.push(path.slice(index));
      break;
    }
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(match[3]) as string);
    index = re.lastIndex;
  }
  return segments;
}

/** True when `path` is `prefix` or lies inside it (`$.lines[2].x` is under `$.lines[2]`, not under `$.lines[20]`). */
export function isPathUnder(path: string, prefix: string): boolean {
  if (path === prefix) return true;
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === '.' || next === '[';
}
