import { applyFactPath, type PathSegment } from './fact-path.js';
import type { FieldValues } from './facts-intake.js';
import type { FactRead } from './rule-spec.js';

/** A set of facts after checking: a plain object of subject fields. */
export type Facts = Readonly<Record<string, unknown>>;

/** Reads one fact from the field values of a set of facts and applies its path; undefined when absent. */
export type FactReader = (values: FieldValues) => unknown;

/** Subject field name → position in {@link FieldValues}. */
export type FieldIndex = ReadonlyMap<string, number>;

const readNothing: FactReader = () => undefined;

/** Where a fact is read, as plain data: its field position (−1: not a field of the subject) and path. */
export interface FactSlot {
  readonly field: number;
  readonly segments: readonly PathSegment[] | null | undefined;
}

/** The {@link FactSlot} of a {@link FactRead}. */
export function factSlotOf(read: FactRead, fieldIndex: FieldIndex): FactSlot {
  return { field: fieldIndex.get(read.fact) ?? -1, segments: read.segments };
}

/**
 * Reads a fact at a slot: what a compiled reader of it reads, without a closure call (hot loops
 * that read many different facts call this rather than many different closures, which V8 cannot
 * inline).
 */
export function readFactSlot(
  values: FieldValues,
  field: number,
  segments: readonly PathSegment[] | null | undefined,
): unknown {
  if (field < 0) return undefined;
  const value = values[field];
  return segments === undefined ? value : applyFactPath(value, segments);
}

/**
 * Compiles a {@link FactRead} to a reader of field values. The values hold own properties only, so
 * a subject field called `toString` reads the fact, never `Object.prototype.toString`; a fact that
 * is not a field of the subject reads nothing; a path applies as json-rules-engine's almanac
 * applies it (see `applyFactPath`).
 */
export function compileFactReader(read: FactRead, fieldIndex: FieldIndex): FactReader {
  const field = fieldIndex.get(read.fact);
  const { segments } = read;
  if (field === undefined) return readNothing;
  if (segments === undefined) return (values) => values[field];
  return (values) => applyFactPath(values[field], segments);
}
