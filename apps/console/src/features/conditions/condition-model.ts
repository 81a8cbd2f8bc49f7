/**
 * What the condition builder knows about facts and operators, derived from the subject and the
 * shared operator registry (`OPERATORS` in `@precept/schema`): which facts can be picked, which
 * operators fit a field's type, and what value an operator expects.
 */
import {
  OPERATORS,
  OPERATOR_NAMES,
  type Condition,
  type FactCondition,
  type FactReference,
  type Field,
  type FieldType,
  type JsonValue,
  type LocalizedText,
  type OperatorName,
  type OperatorValueKind,
  type Subject,
  type TopLevelCondition,
} from '@precept/schema';

/** A fact the builder offers: a subject field, or a field nested in an object field (reached with a `path`). */
export interface FactOption {
  /** Select key: the fact name, or `fact.child.grandchild` for a nested field. */
  key: string;
  fact: string;
  /** `$.child` for a nested field. */
  path?: string;
  field: Field;
  /** Labels joined from the top field down: `地址 › 城市`. */
  label: LocalizedText;
}

/** The select key of a fact and path: `('address', '$.city')` → `address.city`. */
export function factKey(fact: string, path?: string): string {
  return path ? `${fact}${path.slice(1)}` : fact;
}

/** Every fact the subject offers, nested object fields included (not elements of `object[]`). */
export function listFactOptions(subject: Subject): FactOption[] {
  const options: FactOption[] = [];
  const visit = (field: Field, fact: string, path: string | undefined, label: LocalizedText) => {
    options.push({ key: factKey(fact, path), fact, ...(path ? { path } : {}), field, label });
    if (field.type === 'object' && field.fields) {
      for (const child of field.fields) {
        visit(child, fact, `${path ?? '$'}.${child.name}`, {
          zh: `${label.zh} › ${child.label.zh}`,
          en: `${label.en} › ${child.label.en}`,
        });
      }
    }
  };
  for (const field of subject.fields) visit(field, field.name, undefined, field.label);
  return options;
}

/** The field a fact (and path) names, or undefined when the subject has none. */
export function findField(subject: Subject, fact: string, path?: string): Field | undefined {
  return listFactOptions(subject).find((o) => o.key === factKey(fact, path))?.field;
}

/** The operators the registry allows for a field type, in registry order. */
export function operatorsFor(type: FieldType): OperatorName[] {
  return OPERATOR_NAMES.filter((name) => OPERATORS[name].appliesTo.includes(type));
}

/** The value shape an operator expects. */
export function valueKindOf(operator: OperatorName): OperatorValueKind {
  return OPERATORS[operator].value;
}

/** The type of one element or bound compared against a field: `number[]` → `number`, `string[]` → `string`. */
export function scalarTypeOf(field: Field, kind: OperatorValueKind): FieldType {
  if (kind === 'element' || kind === 'elements') return field.type === 'number[]' ? 'number' : 'string';
  return field.type;
}

/** Whether an operator counts days or months (for the unit of a `count` value). */
export function countUnitOf(operator: OperatorName): 'days' | 'months' {
  return operator.toLowerCase().includes('month') ? 'months' : 'days';
}

/** True when a value is a reference to another fact. */
export function isFactReference(value: unknown): value is FactReference {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { fact?: unknown }).fact === 'string'
  );
}

function emptyScalar(type: FieldType, field: Field): JsonValue {
  switch (type) {
    case 'number':
    case 'integer':
    case 'number[]':
      return field.min !== undefined && field.min > 0 ? field.min : 0;
    case 'boolean':
      return true;
    case 'enum':
      return field.values?.[0]?.value ?? '';
    case 'string':
    case 'date':
    case 'string[]':
    case 'object':
    case 'object[]':
      return '';
  }
}

/** A sensible first value for an operator on a field. */
export function defaultValueFor(field: Field, operator: OperatorName): JsonValue {
  const kind = valueKindOf(operator);
  switch (kind) {
    case 'same':
    case 'element':
      return emptyScalar(scalarTypeOf(field, kind), field);
    case 'list':
    case 'elements':
      return [];
    case 'range': {
      const empty = emptyScalar(field.type, field);
      return [empty, empty];
    }
    case 'count':
      return countUnitOf(operator) === 'months' ? 12 : 30;
    case 'boolean':
      return true;
  }
}

/**
 * The value to keep when the operator changes: the same value when the shape stays, the single
 * value wrapped or unwrapped between one value and a list or range, else a fresh default.
 */
export function adaptValue(
  field: Field,
  from: OperatorName,
  to: OperatorName,
  value: JsonValue | FactReference | undefined,
): JsonValue | FactReference {
  const before = valueKindOf(from);
  const after = valueKindOf(to);
  if (value === undefined) return defaultValueFor(field, to);
  if (before === after) return value;
  if (isFactReference(value)) return defaultValueFor(field, to);
  const single = Array.isArray(value) ? value[0] : value;
  if ((before === 'same' || before === 'element') && (after === 'list' || after === 'elements')) {
    return single === '' || single === undefined ? [] : [single];
  }
  if (
    (before === 'list' || before === 'elements' || before === 'range') &&
    (after === 'list' || after === 'elements')
  ) {
    return Array.isArray(value) ? value.filter((v) => v !== null && v !== '') : [];
  }
  if (
    (before === 'list' || before === 'elements' || before === 'range') &&
    (after === 'same' || after === 'element')
  ) {
    return single ?? defaultValueFor(field, to);
  }
  if ((before === 'same' || before === 'list') && after === 'range' && single !== undefined) {
    return [single, single];
  }
  return defaultValueFor(field, to);
}

/** A new leaf on the first fact of the subject (or the one given). */
export function newLeaf(subject: Subject, option?: FactOption): FactCondition {
  const first = option ?? listFactOptions(subject)[0];
  if (!first) return { fact: 'fact', operator: 'equal', value: '' };
  const operator = operatorsFor(first.field.type)[0] ?? 'exists';
  return {
    fact: first.fact,
    ...(first.path ? { path: first.path } : {}),
    operator,
    value: defaultValueFor(first.field, operator),
  };
}

/** The leaf after a fact is picked: keeps the operator and value when they still fit. */
export function changeFact(leaf: FactCondition, option: FactOption): FactCondition {
  const previous = leaf.path ? { fact: leaf.fact, path: leaf.path } : { fact: leaf.fact };
  const operators = operatorsFor(option.field.type);
  const keepsOperator = operators.includes(leaf.operator);
  const operator = keepsOperator ? leaf.operator : (operators[0] ?? 'exists');
  const sameType = keepsOperator && previous.fact === option.fact && previous.path === option.path;
  const next: FactCondition = { fact: option.fact, operator };
  if (option.path) next.path = option.path;
  next.value = sameType && leaf.value !== undefined ? leaf.value : defaultValueFor(option.field, operator);
  if (leaf.params) next.params = leaf.params;
  return next;
}

/** True when a condition is a leaf (a fact compared with a value). */
export function isLeaf(condition: Condition): condition is FactCondition {
  return 'fact' in condition;
}

/** Keeps a root condition an `all`/`any`/`not` group, as json-rules-engine requires. */
export function toTopLevel(condition: Condition): TopLevelCondition {
  return isLeaf(condition) ? { all: [condition] } : condition;
}

/** An empty root: every condition holds (an `all` with no children). */
export function emptyCondition(): TopLevelCondition {
  return { all: [] };
}

/** Numeric fields of a subject (for per-unit points and numeric comparisons). */
export function numericFactOptions(subject: Subject): FactOption[] {
  return listFactOptions(subject).filter((o) => o.field.type === 'number' || o.field.type === 'integer');
}
