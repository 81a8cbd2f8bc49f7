import { applyFactPath } from './fact-path.js';
import type { FactRead } from './rule-spec.js';

/** A set of facts after checking: a plain object of subject fields. */
export type Facts = Readonly<Record<string, unknown>>;

/** Reads one fact (own property only) and applies its path; undefined when absent. */
export type FactReader = (facts: Facts) => unknown;

/**
 * Compiles a {@link FactRead} to a reader. Own properties only, so a subject field called `toString`
 * reads the fact, never `Object.prototype.toString`; a path applies as json-rules-engine's almanac
 * applies it (see `applyFactPath`).
 */
export function compileFactReader(read: FactRead): FactReader {
  const { fact, segments } = read;
  if (segments === undefined) return (facts) => (Object.hasOwn(facts, fact) ? facts[fact] : undefined);
  return (facts) => applyFactPath(Object.hasOwn(facts, fact) ? facts[fact] : undefined, segments);
}
