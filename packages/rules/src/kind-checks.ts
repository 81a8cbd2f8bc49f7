import type { Field, FieldType, Issue } from '@precept/schema';
import {
  checkRuleCondition,
  isRecord,
  resolveFactField,
  type ConditionCheckContext,
} from './condition-validate.js';
import { childPath, makeIssue } from './issue-codes.js';
import { isNumericType } from './subject-fields.js';

// Checks of each policy kind that zod cannot express. They read the raw document defensively (any
// part may have the wrong shape; zod reports that), so that one run reports every problem.

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function records(value: unknown): [Record<string, unknown>, number][] {
  return list(value)
    .map((item, index): [unknown, number] => [item, index])
    .filter((entry): entry is [Record<string, unknown>, number] => isRecord(entry[0]));
}

/** Reports `duplicate_id` for the second and later uses of a key among `items`. */
function checkUnique(
  items: readonly { value: unknown; path: string }[],
  what: string,
  issues: Issue[],
): void {
  const first = new Map<string, string>();
  for (const { value, path } of items) {
    if (typeof value !== 'string') continue;
    const earlier = first.get(value);
    if (earlier === undefined) first.set(value, path);
    else issues.push(makeIssue(path, 'duplicate_id', `${what} "${value}" is already used at ${earlier}`));
  }
}

function idsOf(items: [Record<string, unknown>, number][], basePath: string, key = 'id') {
  return items.map(([item, index]) => ({ value: item[key], path: `${childPath(basePath, index)}.${key}` }));
}

function checkRules(
  context: ConditionCheckContext,
  items: [Record<string, unknown>, number][],
  basePath: string,
  key = 'condition',
): void {
  for (const [item, index] of items)
    checkRuleCondition(context, item[key], `${childPath(basePath, index)}.${key}`);
}

/** `standard`: unique target ids; every condition. */
export function checkStandard(doc: Record<string, unknown>, context: ConditionCheckContext): number {
  const targets = records(doc.targets);
  checkUnique(idsOf(targets, '$.targets'), 'target id', context.issues);
  checkRules(context, targets, '$.targets');
  return targets.length;
}

/** `checklist`: unique section ids, item ids unique across the document; every condition. */
export function checkChecklist(doc: Record<string, unknown>, context: ConditionCheckContext): number {
  const sections = records(doc.sections);
  checkUnique(idsOf(sections, '$.sections'), 'section id', context.issues);
  const items: { value: unknown; path: string }[] = [];
  let count = 0;
  for (const [section, sectionIndex] of sections) {
    const sectionPath = `${childPath('$.sections', sectionIndex)}.items`;
    const sectionItems = records(section.items);
    items.push(...idsOf(sectionItems, sectionPath));
    checkRules(context, sectionItems, sectionPath);
    count += sectionItems.length;
  }
  checkUnique(items, 'item id', context.issues);
  return count;
}

/** `scorecard`: unique ids, per-unit facts numeric, caps used, grade bands descending, min ≤ max. */
export function checkScorecard(doc: Record<string, unknown>, context: ConditionCheckContext): number {
  const { issues } = context;
  const lines = records(doc.lines);
  checkUnique(idsOf(lines, '$.lines'), 'line id', issues);
  checkRules(context, lines, '$.lines');
  const categories = new Set(lines.map(([line]) => line.category));
  for (const [line, index] of lines) {
    const points = line.points;
    if (!isRecord(points) || points.mode !== 'perUnit') continue;
    const pointsPath = `${childPath('$.lines', index)}.points`;
    const field = resolveFactField(
      context,
      points.fact,
      points.path,
      `${pointsPath}.fact`,
      `${pointsPath}.path`,
    );
    if (field !== undefined && !isNumericType(field.type)) {
      issues.push(
        makeIssue(
          `${pointsPath}.fact`,
          'kind_rule',
          `units are counted from a number, but this fact is a ${field.type}`,
        ),
      );
    }
    if (points.above !== undefined && points.below !== undefined) {
      issues.push(makeIssue(`${pointsPath}.below`, 'kind_rule', 'give "above" or "below", not both'));
    }
  }
  const caps = records(doc.categoryCaps);
  checkUnique(idsOf(caps, '$.categoryCaps', 'category'), 'category', issues);
  for (const [cap, index] of caps) {
    if (typeof cap.category === 'string' && !categories.has(cap.category)) {
      issues.push(
        makeIssue(
          `${childPath('$.categoryCaps', index)}.category`,
          'kind_rule',
          `no line has category "${cap.category}"`,
        ),
      );
    }
  }
  const grades = records(doc.grades);
  checkUnique(idsOf(grades, '$.grades', 'grade'), 'grade', issues);
  let previous: number | undefined;
  for (const [grade, index] of grades) {
    if (typeof grade.minScore !== 'number') continue;
    if (previous !== undefined && !(grade.minScore < previous)) {
      issues.push(
        makeIssue(
          `${childPath('$.grades', index)}.minScore`,
          'kind_rule',
          `grade bands go from best to worst: minScore ${grade.minScore} must be below the previous band's ${previous}`,
        ),
      );
    }
    previous = grade.minScore;
  }
  const { minScore, maxScore, baseScore } = doc;
  if (typeof minScore === 'number' && typeof maxScore === 'number' && minScore > maxScore) {
    issues.push(
      makeIssue('$.minScore', 'kind_rule', `minScore ${minScore} is greater than maxScore ${maxScore}`),
    );
  } else if (typeof baseScore === 'number') {
    if (typeof minScore === 'number' && baseScore < minScore) {
      issues.push(
        makeIssue('$.baseScore', 'kind_rule', `baseScore ${baseScore} is below minScore ${minScore}`),
      );
    }
    if (typeof maxScore === 'number' && baseScore > maxScore) {
      issues.push(
        makeIssue('$.baseScore', 'kind_rule', `baseScore ${baseScore} is above maxScore ${maxScore}`),
      );
    }
  }
  return lines.length;
}

/** The element fields each record list of a qualification must have, and their allowed types. */
const RECORD_FIELDS: Record<string, Record<string, { types: readonly FieldType[]; optional?: boolean }>> = {
  certificates: {
    code: { types: ['string', 'enum'] },
    issuedOn: { types: ['date'] },
    expiresOn: { types: ['date'], optional: true },
  },
  skillTests: {
    code: { types: ['string', 'enum'] },
    level: { types: ['number', 'integer'] },
    takenOn: { types: ['date'] },
  },
  trainings: { code: { types: ['string', 'enum'] }, completedOn: { types: ['date'] } },
};

function checkRecordField(context: ConditionCheckContext, role: string, name: unknown, path: string): void {
  if (typeof name !== 'string') return;
  const field = context.fields.get(name);
  if (field === undefined) {
    context.issues.push(makeIssue(path, 'unknown_fact', `the subject has no fact "${name}"`));
    return;
  }
  if (field.type !== 'object[]') {
    context.issues.push(
      makeIssue(path, 'kind_rule', `${role} must be an object[] fact, but "${name}" is a ${field.type}`),
    );
    return;
  }
  for (const [elementName, rule] of Object.entries(RECORD_FIELDS[role] ?? {})) {
    const element: Field | undefined = field.fields?.find((candidate) => candidate.name === elementName);
    if (element === undefined) {
      if (!rule.optional) {
        context.issues.push(
          makeIssue(
            path,
            'kind_rule',
            `the elements of "${name}" need a field "${elementName}" (${rule.types.join(' or ')})`,
          ),
        );
      }
    } else if (!rule.types.includes(element.type)) {
      context.issues.push(
        makeIssue(
          path,
          'kind_rule',
          `field "${elementName}" of "${name}" must be ${rule.types.join(' or ')}, not ${element.type}`,
        ),
      );
    }
  }
}

/** `qualification`: fact roles typed right, unique post and requirement ids, post ids in the enum. */
export function checkQualification(doc: Record<string, unknown>, context: ConditionCheckContext): number {
  const { issues } = context;
  const facts = isRecord(doc.facts) ? doc.facts : {};
  let postField: Field | undefined;
  if (typeof facts.post === 'string') {
    postField = context.fields.get(facts.post);
    if (postField === undefined) {
      issues.push(makeIssue('$.facts.post', 'unknown_fact', `the subject has no fact "${facts.post}"`));
    } else if (postField.type !== 'enum' && postField.type !== 'string') {
      issues.push(
        makeIssue(
          '$.facts.post',
          'kind_rule',
          `the post must be an enum or string fact, not ${postField.type}`,
        ),
      );
    }
  }
  for (const role of ['certificates', 'skillTests', 'trainings'])
    checkRecordField(context, role, facts[role], `$.facts.${role}`);
  const posts = records(doc.posts);
  checkUnique(idsOf(posts, '$.posts'), 'post id', issues);
  let count = 0;
  for (const [post, index] of posts) {
    const postPath = childPath('$.posts', index);
    if (
      postField?.type === 'enum' &&
      typeof post.id === 'string' &&
      !postField.values?.some((v) => v.value === post.id)
    ) {
      issues.push(
        makeIssue(
          `${postPath}.id`,
          'unknown_enum_value',
          `post "${post.id}" is not a value of the enum fact "${postField.name}"`,
        ),
      );
    }
    const requirements = records(post.requirements);
    checkUnique(idsOf(requirements, `${postPath}.requirements`), 'requirement id', issues);
    const conditional = requirements.filter(([requirement]) => requirement.type === 'condition');
    checkRules(context, conditional, `${postPath}.requirements`);
    count += conditional.length;
  }
  return count;
}

/** `escalation`: unique level ids, severities strictly descending, unique action ids per level. */
export function checkEscalation(doc: Record<string, unknown>, context: ConditionCheckContext): number {
  const { issues } = context;
  const levels = records(doc.levels);
  checkUnique(idsOf(levels, '$.levels'), 'level id', issues);
  checkRules(context, levels, '$.levels');
  let previous: number | undefined;
  for (const [level, index] of levels) {
    const levelPath = childPath('$.levels', index);
    if (typeof level.severity === 'number') {
      if (previous !== undefined && !(level.severity < previous)) {
        issues.push(
          makeIssue(
            `${levelPath}.severity`,
            'kind_rule',
            `levels go from the most severe down: severity ${level.severity} must be below the previous level's ${previous}`,
          ),
        );
      }
      previous = level.severity;
    }
    checkUnique(idsOf(records(level.actions), `${levelPath}.actions`), 'action id', issues);
  }
  return levels.length;
}

/** `ruleset`: unique rule ids; every condition. */
export function checkRuleset(doc: Record<string, unknown>, context: ConditionCheckContext): number {
  const rules = records(doc.rules);
  checkUnique(idsOf(rules, '$.rules'), 'rule id', context.issues);
  checkRules(context, rules, '$.rules', 'conditions');
  return rules.length;
}
