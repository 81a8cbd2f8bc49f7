import type { Field, Subject } from '@precept/schema';
import { parseDay } from './calendar-dates.js';
import { testField, type ValueTest } from './field-tests.js';

// The hot path of every evaluation: one pass over the facts that checks them against the subject
// and copies each field's value to its position in a flat array, which the rule closures and the
// outcome builders then read by index. Reading `facts[name]` by a name held in a closure is a
// megamorphic property load in V8 (about 10 ns each); `Object.keys` and `Object.values` read every
// property by its slot.
//
// A key is mapped to its field by a trie of the key orders seen so far (facts built the same way
// list their keys in the same order), so the common case costs one comparison per key and no hash
// lookup. Simple field types are checked inline; lists and objects call their compiled test.

/**
 * The subject's top-level field values in one set of facts, by field position in the subject
 * (`undefined` for an absent field). Only own enumerable properties are read: what JSON carries,
 * and exactly what the facts check looked at.
 */
export type FieldValues = readonly unknown[];

/** Field kinds checked inline; anything else calls the field's compiled test. */
const KIND_OTHER = 0;
const KIND_NUMBER = 1;
const KIND_INTEGER = 2;
const KIND_STRING = 3;
const KIND_BOOLEAN = 4;
const KIND_DATE = 5;

/** At most this many trie nodes per subject: beyond, keys are looked up by name (still correct). */
const MAX_KEY_NODES = 4096;

function kindOf(field: Field): number {
  switch (field.type) {
    case 'number':
      return KIND_NUMBER;
    case 'integer':
      return KIND_INTEGER;
    case 'string':
      return KIND_STRING;
    case 'boolean':
      return KIND_BOOLEAN;
    case 'date':
      return KIND_DATE;
    case 'enum':
    case 'string[]':
    case 'number[]':
    case 'object':
    case 'object[]':
      return KIND_OTHER;
  }
}

/**
 * A key of the facts mapped to its field, with what the field's value must be. The same object is
 * a node of the key-order trie: the field's check is copied into every node, so that the loop reads
 * one object per key.
 */
class KeyNode {
  /** The first key seen after this one (the common case: facts of one shape). */
  first: KeyNode | null = null;
  /** Other keys seen after this one. */
  others: KeyNode[] | null = null;
  constructor(
    readonly key: string,
    readonly field: number,
    readonly kind: number,
    readonly min: number,
    readonly max: number,
    /** 1 when the field is required, else 0. */
    readonly required: number,
    readonly test: ValueTest,
  ) {}

  /**
   * A node for the same field, to put in the trie, holding the key as the facts spell it: a key
   * from `Object.keys` is an interned string, so comparing it with the next one is comparing
   * pointers.
   */
  copyFor(key: string): KeyNode {
    return new KeyNode(key, this.field, this.kind, this.min, this.max, this.required, this.test);
  }
}

/** Whether a value (not undefined, not null) fits the field of a node. */
function fits(node: KeyNode, value: unknown): boolean {
  switch (node.kind) {
    case KIND_NUMBER:
      return typeof value === 'number' && Number.isFinite(value) && value >= node.min && value <= node.max;
    case KIND_INTEGER:
      return typeof value === 'number' && Number.isInteger(value) && value >= node.min && value <= node.max;
    case KIND_STRING:
      return typeof value === 'string';
    case KIND_BOOLEAN:
      return typeof value === 'boolean';
    case KIND_DATE:
      return !Number.isNaN(parseDay(value));
    default:
      return node.test(value);
  }
}

/** Reads facts into {@link FieldValues}, checking them on the way. Compiled once per subject. */
export interface FactsIntake {
  /** Subject field name → position in {@link FieldValues}. */
  readonly fieldIndex: ReadonlyMap<string, number>;
  /** The subject's field names, by position. */
  readonly fieldNames: readonly string[];
  /**
   * The field values when the facts fit the subject (a plain object of known fields, every value
   * of its field's type, every required field present and not null); undefined when they do not
   * (the reporting check then says why).
   */
  read(facts: unknown): FieldValues | undefined;
  /** The field values of a plain object without checking them (own enumerable properties only). */
  readUnchecked(facts: Readonly<Record<string, unknown>>): FieldValues;
}

/**
 * True while no enumerable property has been added to `Object.prototype` (which `for…in` would
 * list as if it were a fact). Polluted or not, the intake stays correct: it then checks each key.
 */
function isObjectPrototypeClean(): boolean {
  for (const _key in Object.prototype) return false;
  return true;
}

/** Compiles the intake of a subject's facts. */
export function compileFactsIntake(subject: Subject): FactsIntake {
  const fields = subject.fields;
  const count = fields.length;
  const fieldNames = fields.map((field) => field.name);
  const fieldIndex = new Map<string, number>();
  fieldNames.forEach((name, index) => {
    if (!fieldIndex.has(name)) fieldIndex.set(name, index);
  });
  const checks = fields.map(
    (field, index) =>
      new KeyNode(
        field.name,
        index,
        kindOf(field),
        field.min ?? -Infinity,
        field.max ?? Infinity,
        field.required ? 1 : 0,
        testField(field),
      ),
  );
  const requiredCount = fields.filter((field) => field.required).length;
  // A subject that names a field twice does not validate; should one get here, every set of facts
  // takes the reporting check, which knows what to make of it.
  const isUnique = fieldIndex.size === count;
  const blank: unknown[] = new Array<unknown>(count).fill(undefined);
  const root = new KeyNode('', -1, KIND_OTHER, -Infinity, Infinity, 0, () => false);
  let nodes = 0;

  /** The node after `node` for `key`, made on first sight; null for an unknown key or a full trie. */
  function nextNode(node: KeyNode, key: string): KeyNode | null {
    if (node.first !== null && node.others !== null) {
      for (const other of node.others) if (other.key === key) return other;
    }
    const field = fieldIndex.get(key);
    if (field === undefined || nodes >= MAX_KEY_NODES) return null;
    const made = checks[field]!.copyFor(key);
    nodes += 1;
    if (node.first === null) node.first = made;
    else (node.others ??= []).push(made);
    return made;
  }

  /** The careful path (a polluted `Object.prototype`, a full trie): each key checked to be own. */
  function readByName(facts: Readonly<Record<string, unknown>>): FieldValues | undefined {
    const values = blank.slice();
    let requiredSeen = 0;
    for (const key in facts) {
      if (!Object.hasOwn(facts, key)) continue;
      const field = fieldIndex.get(key);
      if (field === undefined) return undefined;
      const check = checks[field]!;
      const value = facts[key];
      if (value === undefined || value === null) {
        if (check.required === 1) return undefined;
      } else if (!fits(check, value)) {
        return undefined;
      } else {
        requiredSeen += check.required;
      }
      values[field] = value;
    }
    return requiredSeen === requiredCount ? values : undefined;
  }

  function read(facts: unknown): FieldValues | undefined {
    if (typeof facts !== 'object' || facts === null || Array.isArray(facts) || !isUnique) return undefined;
    const prototype = Object.getPrototypeOf(facts) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return undefined;
    const object = facts as Readonly<Record<string, unknown>>;
    if (prototype !== null && !isObjectPrototypeClean()) return readByName(object);
    // With a clean prototype, `for…in` would list exactly these keys, in this order. Each array
    // is read in one native pass over the object's shape; reading `object[key]` in a loop instead
    // is a keyed load by a variable name, which goes megamorphic as soon as facts come in more
    // than one shape. A getter that deletes a property makes `Object.values` skip it (shorter).
    const keys = Object.keys(object);
    const given = Object.values(object);
    if (given.length !== keys.length) return readByName(object);
    const values = blank.slice();
    let requiredSeen = 0;
    let node = root;
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i]!;
      let next = node.first;
      if (next === null || next.key !== key) {
        next = nextNode(node, key);
        if (next === null) return readByName(object);
      }
      const value = given[i];
      if (value === undefined || value === null) {
        if (next.required === 1) return undefined;
      } else if (!fits(next, value)) {
        return undefined;
      } else {
        requiredSeen += next.required;
      }
      values[next.field] = value;
      node = next;
    }
    return requiredSeen === requiredCount ? values : undefined;
  }

  function readUnchecked(facts: Readonly<Record<string, unknown>>): FieldValues {
    const values = blank.slice();
    for (let index = 0; index < count; index += 1) {
      const name = fieldNames[index]!;
      if (Object.prototype.propertyIsEnumerable.call(facts, name)) values[index] = facts[name];
    }
    return values;
  }

  return { fieldIndex, fieldNames, read, readUnchecked };
}
