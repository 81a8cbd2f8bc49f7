import type {
  Condition,
  FactCondition,
  JsonValue,
  OperatorName,
  PolicyDocument,
  TopLevelCondition,
} from '@precept/schema';
import { parseFactPath, type PathSegment } from './fact-path.js';
import { childPath } from './issue-codes.js';

/** A fact read by a condition: its name and parsed path (undefined: no path; null: a refused path). */
export interface FactRead {
  readonly fact: string;
  readonly path: string | undefined;
  readonly segments: readonly PathSegment[] | null | undefined;
}

/** One leaf condition of a rule, in depth-first order, as both evaluators and the trace see it. */
export interface LeafSpec {
  /** JSON path of the condition in the document. */
  readonly path: string;
  readonly read: FactRead;
  readonly operator: OperatorName;
  /** The literal comparison value (absent when `reference` is set). */
  readonly value: JsonValue | undefined;
  /** The fact whose value is the comparison value. */
  readonly reference: FactRead | undefined;
}

/**
 * One rule of a compiled policy: a target, checklist item, scorecard line, condition requirement,
 * escalation level or ruleset rule.
 */
export interface RuleSpec {
  /** Position in the policy's rule list. */
  readonly index: number;
  /** The element's id in the document. */
  readonly id: string;
  /** JSON path of the element: `$.lines[2]`. */
  readonly path: string;
  readonly condition: TopLevelCondition;
  /** json-rules-engine priority (ruleset rules; 1 elsewhere). */
  readonly priority: number;
  /** Leaf conditions in depth-first order. */
  readonly leaves: readonly LeafSpec[];
  /** Qualification: index of the post and of the requirement within it. */
  readonly postIndex: number;
  readonly requirementIndex: number;
}

/** Parses a fact name and optional path into a {@link FactRead}. */
export function toFactRead(fact: string, path: string | undefined): FactRead {
  // An empty path means "no path", as json-rules-engine's almanac treats it.
  if (path === undefined || path === '') return { fact, path: undefined, segments: undefined };
  return { fact, path, segments: parseFactPath(path) ?? null };
}

function isFactCondition(condition: Condition): condition is FactCondition {
  return !('all' in condition) && !('any' in condition) && !('not' in condition);
}

function collectLeaves(condition: Condition, path: string, out: LeafSpec[]): void {
  if ('all' in condition) {
    condition.all.forEach((child, i) => collectLeaves(child, childPath(`${path}.all`, i), out));
  } else if ('any' in condition) {
    condition.any.forEach((child, i) => collectLeaves(child, childPath(`${path}.any`, i), out));
  } else if ('not' in condition) {
    collectLeaves(condition.not, `${path}.not`, out);
  } else if (isFactCondition(condition)) {
    const value = condition.value;
    const reference =
      value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value.fact === 'string'
        ? toFactRead(value.fact, typeof value.path === 'string' ? value.path : undefined)
        : undefined;
    out.push({
      path,
      read: toFactRead(condition.fact, condition.path),
      operator: condition.operator,
      value: reference === undefined ? (value as JsonValue | undefined) : undefined,
      reference,
    });
  }
}

/** The leaf conditions of a tree in depth-first order (the order of a trace). */
export function leavesOf(condition: Condition, conditionPath: string): LeafSpec[] {
  const out: LeafSpec[] = [];
  collectLeaves(condition, conditionPath, out);
  return out;
}

interface RuleSource {
  id: string;
  path: string;
  conditionKey: 'condition' | 'conditions';
  condition: TopLevelCondition;
  priority?: number;
  postIndex?: number;
  requirementIndex?: number;
}

function sourcesOf(document: PolicyDocument): RuleSource[] {
  switch (document.kind) {
    case 'standard':
      return document.targets.map((t, i) => ({
        id: t.id,
        path: `$.targets[${i}]`,
        conditionKey: 'condition',
        condition: t.condition,
      }));
    case 'checklist':
      return document.sections.flatMap((section, s) =>
        section.items.map((item, i) => ({
          id: item.id,
          path: `$.sections[${s}].items[${i}]`,
          conditionKey: 'condition' as const,
          condition: item.condition,
        })),
      );
    case 'scorecard':
      return document.lines.map((l, i) => ({
        id: l.id,
        path: `$.lines[${i}]`,
        conditionKey: 'condition',
        condition: l.condition,
      }));
    case 'qualification':
      return document.posts.flatMap((post, p) =>
        post.requirements.flatMap((requirement, r) =>
          requirement.type === 'condition'
            ? [
                {
                  id: requirement.id,
                  path: `$.posts[${p}].requirements[${r}]`,
                  conditionKey: 'condition' as const,
                  condition: requirement.condition,
                  postIndex: p,
                  requirementIndex: r,
                },
              ]
            : [],
        ),
      );
    case 'escalation':
      return document.levels.map((l, i) => ({
        id: l.id,
        path: `$.levels[${i}]`,
        conditionKey: 'condition',
        condition: l.condition,
      }));
    case 'ruleset':
      return document.rules.map((rule, i) => ({
        id: rule.id,
        path: `$.rules[${i}]`,
        conditionKey: 'conditions',
        condition: rule.conditions,
        priority: rule.priority,
      }));
  }
}

/** The rules of a (validated) document, in document order. */
export function rulesOf(document: PolicyDocument): RuleSpec[] {
  return sourcesOf(document).map((source, index) => ({
    index,
    id: source.id,
    path: source.path,
    condition: source.condition,
    priority: source.priority ?? 1,
    leaves: leavesOf(source.condition, `${source.path}.${source.conditionKey}`),
    postIndex: source.postIndex ?? -1,
    requirementIndex: source.requirementIndex ?? -1,
  }));
}
