import {
  FIELD_NAME_PATTERN,
  FORBIDDEN_NAMES,
  LIMITS,
  OPERATORS,
  OPERATOR_NAMES,
  isOperatorName,
  type Field,
  type FieldType,
  type Issue,
  type OperatorName,
} from '@precept/schema';
import { isIsoDate } from '@precept/schema';
import { explainBadPath, parseFactPath } from './fact-path.js';
import { childPath, makeIssue } from './issue-codes.js';
import { elementType, isNumericType, resolveFieldPath, type FieldView } from './subject-fields.js';

/** What checking one rule's condition tree needs. */
export interface ConditionCheckContext {
  readonly fields: ReadonlyMap<string, Field>;
  readonly issues: Issue[];
}

const LEAF_KEYS = new Set(['fact', 'operator', 'value', 'path', 'params']);
const GROUP_KEYS = ['all', 'any', 'not'] as const;

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isFieldName(value: unknown): value is string {
  return typeof value === 'string' && FIELD_NAME_PATTERN.test(value) && !FORBIDDEN_NAMES.includes(value);
}

/**
 * Resolves a fact name plus optional path against the subject, reporting `unknown_fact` and
 * `bad_path` issues. Returns the field the condition tests, or undefined after reporting why not.
 */
export function resolveFactField(
  context: ConditionCheckContext,
  fact: unknown,
  path: unknown,
  factPath: string,
  pathPath: string,
): FieldView | undefined {
  if (!isFieldName(fact)) {
    context.issues.push(
      makeIssue(
        factPath,
        'shape',
        'a fact name must be an identifier (letters, digits, "_"), never __proto__, constructor or prototype',
      ),
    );
    return undefined;
  }
  const field = context.fields.get(fact);
  if (field === undefined) {
    context.issues.push(makeIssue(factPath, 'unknown_fact', `the subject has no fact "${fact}"`));
    return undefined;
  }
  if (path === undefined) return field;
  const reason = explainBadPath(path);
  if (reason !== undefined) {
    context.issues.push(makeIssue(pathPath, 'bad_path', reason));
    return undefined;
  }
  if (field.type !== 'object' && field.type !== 'object[]') {
    context.issues.push(
      makeIssue(
        pathPath,
        'bad_path',
        `path ${JSON.stringify(path)} is given, but fact "${fact}" is a ${field.type}, not an object`,
      ),
    );
    return undefined;
  }
  const resolved = resolveFieldPath(field, parseFactPath(path)!);
  if ('error' in resolved) {
    context.issues.push(
      makeIssue(pathPath, 'bad_path', `path ${JSON.stringify(path)} of fact "${fact}": ${resolved.error}`),
    );
    return undefined;
  }
  return resolved.field;
}

function describeType(type: FieldType): string {
  return type === 'date' ? 'a calendar date "YYYY-MM-DD"' : `a ${type}`;
}

/** Checks one value against a field type, reporting `value_type` / `unknown_enum_value`. */
function checkScalar(field: FieldView, value: unknown, path: string, issues: Issue[]): void {
  const type = field.type;
  let ok: boolean;
  switch (type) {
    case 'number':
    case 'integer':
      ok = typeof value === 'number' && Number.isFinite(value);
      break;
    case 'string':
      ok = typeof value === 'string';
      break;
    case 'enum':
      if (typeof value !== 'string') {
        ok = false;
        break;
      }
      if (!(field.values ?? []).some((allowed) => allowed.value === value)) {
        const listed = (field.values ?? []).map((allowed) => JSON.stringify(allowed.value)).join(', ');
        issues.push(
          makeIssue(
            path,
            'unknown_enum_value',
            `${JSON.stringify(value)} is not a value of this enum (${listed})`,
          ),
        );
      }
      return;
    case 'boolean':
      ok = typeof value === 'boolean';
      break;
    case 'date':
      ok = isIsoDate(value);
      break;
    case 'string[]':
    case 'number[]':
    case 'object':
    case 'object[]':
      ok = false;
      break;
  }
  if (!ok) issues.push(makeIssue(path, 'value_type', `must be ${describeType(type)}`));
}

/** Whether a referenced fact's type may stand where a value of `wanted` is expected. */
function isCompatible(wanted: FieldType, actual: FieldType): boolean {
  if (isNumericType(wanted)) return isNumericType(actual);
  if (wanted === 'string' || wanted === 'enum') return actual === 'string' || actual === 'enum';
  return wanted === actual;
}

/** The array type whose elements are values of `type`, for list-valued fact references. */
function listTypeOf(type: FieldType): FieldType | undefined {
  if (isNumericType(type)) return 'number[]';
  if (type === 'string' || type === 'enum') return 'string[]';
  return undefined;
}

function checkList(field: FieldView, value: unknown, path: string, issues: Issue[]): void {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push(
      makeIssue(path, 'value_type', `must be a non-empty list of ${describeType(field.type)} values`),
    );
    return;
  }
  if (value.length > LIMITS.listItems) {
    issues.push(makeIssue(path, 'limit', `a list may hold at most ${LIMITS.listItems} values`));
    return;
  }
  value.forEach((item, index) => checkScalar(field, item, childPath(path, index), issues));
}

function checkFactReference(
  context: ConditionCheckContext,
  operator: OperatorName,
  field: FieldView,
  reference: Record<string, unknown>,
  path: string,
): void {
  for (const key of Object.keys(reference)) {
    if (key !== 'fact' && key !== 'path') {
      context.issues.push(
        makeIssue(childPath(path, key), 'shape', `a fact reference has only "fact" and "path", not "${key}"`),
      );
    }
  }
  const target = resolveFactField(context, reference.fact, reference.path, `${path}.fact`, `${path}.path`);
  if (target === undefined) return;
  const kind = OPERATORS[operator].value;
  let wanted: FieldType | undefined;
  if (kind === 'same') wanted = field.type;
  else if (kind === 'element') wanted = elementType(field.type);
  else if (kind === 'list') wanted = listTypeOf(field.type);
  else if (kind === 'elements') wanted = field.type;
  if (wanted === undefined) {
    context.issues.push(
      makeIssue(path, 'value_type', `operator ${operator} takes a literal value, not a fact reference`),
    );
    return;
  }
  const ok =
    kind === 'list' || kind === 'elements' ? wanted === target.type : isCompatible(wanted, target.type);
  if (!ok) {
    context.issues.push(
      makeIssue(
        path,
        'value_type',
        `the referenced fact is a ${target.type}; operator ${operator} needs ${describeType(wanted)} here`,
      ),
    );
  }
}

function checkValue(
  context: ConditionCheckContext,
  operator: OperatorName,
  field: FieldView,
  node: Record<string, unknown>,
  path: string,
): void {
  const valuePath = `${path}.value`;
  const { issues } = context;
  if (!Object.hasOwn(node, 'value') || node.value === undefined) {
    issues.push(makeIssue(valuePath, 'value_type', `operator ${operator} needs a value`));
    return;
  }
  const value = node.value;
  if (isRecord(value) && Object.hasOwn(value, 'fact')) {
    checkFactReference(context, operator, field, value, valuePath);
    return;
  }
  const kind = OPERATORS[operator].value;
  switch (kind) {
    case 'same':
      checkScalar(field, value, valuePath, issues);
      return;
    case 'list':
      checkList(field, value, valuePath, issues);
      return;
    case 'element': {
      const element = elementType(field.type);
      if (element !== undefined) checkScalar({ type: element }, value, valuePath, issues);
      return;
    }
    case 'elements': {
      const element = elementType(field.type);
      if (element !== undefined) checkList({ type: element }, value, valuePath, issues);
      return;
    }
    case 'range':
      if (!Array.isArray(value) || value.length !== 2) {
        issues.push(
          makeIssue(valuePath, 'value_type', `must be [min, max] of ${describeType(field.type)} values`),
        );
        return;
      }
      {
        const before = issues.length;
        checkScalar(field, value[0], `${valuePath}[0]`, issues);
        checkScalar(field, value[1], `${valuePath}[1]`, issues);
        const low = value[0] as number | string;
        const high = value[1] as number | string;
        if (issues.length === before && low > high) {
          issues.push(
            makeIssue(valuePath, 'value_type', `min ${String(low)} is greater than max ${String(high)}`),
          );
        }
      }
      return;
    case 'count':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100_000) {
        issues.push(makeIssue(valuePath, 'value_type', 'must be a whole number from 0 to 100000'));
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean')
        issues.push(makeIssue(valuePath, 'value_type', 'must be true or false'));
      return;
  }
}

function checkLeaf(context: ConditionCheckContext, node: Record<string, unknown>, path: string): void {
  const { issues } = context;
  for (const key of Object.keys(node)) {
    if (!LEAF_KEYS.has(key)) {
      issues.push(
        makeIssue(
          childPath(path, key),
          'shape',
          `unknown key "${key}" in a condition (fact, operator, value, path)`,
        ),
      );
    }
  }
  if (!Object.hasOwn(node, 'fact'))
    issues.push(makeIssue(`${path}.fact`, 'shape', 'a condition needs a fact'));
  if (node.params !== undefined) {
    issues.push(makeIssue(`${path}.params`, 'shape', 'params are not used by any operator; remove them'));
  }
  const operator = node.operator;
  if (!isOperatorName(operator)) {
    issues.push(
      makeIssue(
        `${path}.operator`,
        'shape',
        operator === undefined
          ? 'a condition needs an operator'
          : `unknown operator ${JSON.stringify(operator)}; one of ${OPERATOR_NAMES.join(', ')}`,
      ),
    );
  }
  const field = Object.hasOwn(node, 'fact')
    ? resolveFactField(context, node.fact, node.path, `${path}.fact`, `${path}.path`)
    : undefined;
  if (field === undefined || !isOperatorName(operator)) return;
  if (!OPERATORS[operator].appliesTo.includes(field.type)) {
    issues.push(
      makeIssue(
        `${path}.operator`,
        'operator_not_allowed',
        `operator ${operator} does not apply to a ${field.type}; it applies to ${OPERATORS[operator].appliesTo.join(', ')}`,
      ),
    );
    return;
  }
  checkValue(context, operator, field, node, path);
}

/** Counts of one rule's tree, to enforce the limits once per rule. */
interface TreeStats {
  leaves: number;
  tooDeep: boolean;
}

function checkNode(
  context: ConditionCheckContext,
  node: unknown,
  path: string,
  depth: number,
  isTop: boolean,
  stats: TreeStats,
): void {
  const { issues } = context;
  if (!isRecord(node)) {
    issues.push(
      makeIssue(
        path,
        'shape',
        node === undefined
          ? 'a condition is required'
          : 'a condition must be an object: all, any, not, or fact + operator + value',
      ),
    );
    return;
  }
  const group = GROUP_KEYS.find((key) => Object.hasOwn(node, key));
  if (group === undefined) {
    if (isTop) {
      issues.push(makeIssue(path, 'shape', 'the top of a condition must be "all", "any" or "not"'));
      return;
    }
    stats.leaves += 1;
    checkLeaf(context, node, path);
    return;
  }
  for (const key of Object.keys(node)) {
    if (key !== group)
      issues.push(makeIssue(childPath(path, key), 'shape', `unexpected key "${key}" beside "${group}"`));
  }
  if (depth > LIMITS.depth) {
    if (!stats.tooDeep)
      issues.push(makeIssue(path, 'limit', `conditions nest deeper than ${LIMITS.depth} levels`));
    stats.tooDeep = true;
    return;
  }
  const children = node[group];
  const groupPath = `${path}.${group}`;
  if (group === 'not') {
    checkNode(context, children, groupPath, depth + 1, false, stats);
    return;
  }
  if (!Array.isArray(children)) {
    issues.push(makeIssue(groupPath, 'shape', `"${group}" must be a list of conditions`));
    return;
  }
  if (children.length === 0) {
    issues.push(makeIssue(groupPath, 'empty_group', `"${group}" needs at least one condition`));
    return;
  }
  if (children.length > LIMITS.listItems) {
    issues.push(makeIssue(groupPath, 'limit', `"${group}" may hold at most ${LIMITS.listItems} conditions`));
    return;
  }
  children.forEach((child, index) =>
    checkNode(context, child, childPath(groupPath, index), depth + 1, false, stats),
  );
}

/**
 * Checks the condition tree of one rule against the subject: shape (strict keys), known facts,
 * allowed paths, operators allowed for the field type, values fitting the operator, non-empty
 * groups, nesting ≤ `LIMITS.depth` and ≤ `LIMITS.conditionsPerRule` leaves. Never throws on JSON.
 */
export function checkRuleCondition(context: ConditionCheckContext, condition: unknown, path: string): void {
  const stats: TreeStats = { leaves: 0, tooDeep: false };
  checkNode(context, condition, path, 1, true, stats);
  if (stats.leaves > LIMITS.conditionsPerRule) {
    context.issues.push(
      makeIssue(
        path,
        'limit',
        `${stats.leaves} conditions in one rule; at most ${LIMITS.conditionsPerRule} are allowed`,
      ),
    );
  }
}
