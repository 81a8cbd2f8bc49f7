import { FACT_PATH_PATTERN, FORBIDDEN_NAMES } from '@precept/schema';

/** One step of a fact path: a property name or an array index. */
export type PathSegment = string | number;

const SEGMENT = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g;

/** Why a path is refused, in English; undefined when it is acceptable. */
export function explainBadPath(path: unknown): string | undefined {
  if (typeof path !== 'string') return 'a path must be a string such as "$.a.b[0]"';
  if (path.length > 512) return 'a path must be at most 512 characters';
  if (!FACT_PATH_PATTERN.test(path)) {
    return `path ${JSON.stringify(path)} is not allowed: only "$" followed by ".name" and "[index]" steps (no filters, scripts, wildcards or "..")`;
  }
  for (const match of path.matchAll(SEGMENT)) {
    const name = match[1];
    if (name !== undefined && FORBIDDEN_NAMES.includes(name)) {
      return `path ${JSON.stringify(path)} names "${name}", which is never allowed`;
    }
  }
  return undefined;
}

/**
 * Splits a fact path into segments, or returns undefined when it is not an allowed path
 * (see {@link explainBadPath}): it is not JSONPath, nothing in it is ever executed.
 */
export function parseFactPath(path: unknown): PathSegment[] | undefined {
  if (explainBadPath(path) !== undefined) return undefined;
  const segments: PathSegment[] = [];
  for (const match of (path as string).matchAll(SEGMENT)) {
    segments.push(match[1] ?? Number(match[2]));
  }
  return segments;
}

/**
 * Follows segments through own properties only: a name steps into a plain (non-array) object that
 * has it as an own property, an index into an array within its length. Anything else is undefined.
 */
export function readSegments(value: unknown, segments: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return undefined;
      current = (current as unknown[])[segment];
    } else {
      if (Array.isArray(current) || !Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/**
 * The `pathResolver` given to json-rules-engine in place of its JSONPath default (jsonpath-plus, the
 * door of CVE-2024-21534 and CVE-2025-1302): an allowed path is followed through own properties; any
 * other path resolves to undefined without being interpreted.
 */
export function resolveFactPath(value: unknown, path: string): unknown {
  const segments = parseFactPath(path);
  return segments === undefined ? undefined : readSegments(value, segments);
}

/**
 * What a condition sees for a fact value and an optional path, exactly as json-rules-engine's
 * almanac does it: a path applies to an object value (array included); any other value is seen
 * as it is. Shared by both evaluators so that they agree.
 */
export function applyFactPath(
  factValue: unknown,
  segments: readonly PathSegment[] | undefined | null,
): unknown {
  if (segments === undefined) return factValue;
  if (factValue === null || typeof factValue !== 'object') return factValue;
  return segments === null ? undefined : readSegments(factValue, segments);
}
