import { z } from 'zod';
import { IdSchema, JsonValueSchema, LocalizedNameSchema, LocalizedTextSchema } from './common.js';
import { TopLevelConditionSchema } from './condition.js';
import { FieldNameSchema } from './subject.js';

/** The six kinds of policy, each with its own document shape and outcome. */
export const POLICY_KINDS = [
  'standard',
  'checklist',
  'scorecard',
  'qualification',
  'escalation',
  'ruleset',
] as const;
/** One of {@link POLICY_KINDS}. */
export type PolicyKind = (typeof POLICY_KINDS)[number];
/** zod schema of {@link PolicyKind}. */
export const PolicyKindSchema = z.enum(POLICY_KINDS);

/** The guideline section an element encodes, e.g. `"十"` or `"八.营业大厅"`. */
const SectionRefSchema = z.string().min(1).max(100);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(1000);

// ---------------------------------------------------------------- standard

/** How much a missed target matters. */
export const SEVERITIES = ['minor', 'major', 'critical'] as const;
/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];

/** A service target: met when its condition holds. */
export const TargetSchema = z.strictObject({
  id: IdSchema,
  title: LocalizedTextSchema,
  section: SectionRefSchema.optional(),
  condition: TopLevelConditionSchema,
  severity: z.enum(SEVERITIES),
});
/** A service target. */
export type Target = z.infer<typeof TargetSchema>;

/** `standard`: targets over facts; the outcome says which are met, with the values seen. */
export const StandardDocumentSchema = z.strictObject({
  kind: z.literal('standard'),
  targets: list(TargetSchema).min(1),
});
/** A `standard` document. */
export type StandardDocument = z.infer<typeof StandardDocumentSchema>;

// ---------------------------------------------------------------- checklist

/** Who must fix a failed item, and within how many days of the inspection (the as-of date). */
export const RectificationSchema = z.strictObject({
  owner: LocalizedNameSchema,
  deadlineDays: z.number().int().min(0).max(3650),
});

/** One inspection item: its points are awarded when its pass condition holds. */
export const ChecklistItemSchema = z.strictObject({
  id: IdSchema,
  title: LocalizedTextSchema,
  section: SectionRefSchema.optional(),
  points: z.number().positive().max(1_000_000),
  condition: TopLevelConditionSchema,
  /** A failed critical item fails the whole inspection, whatever the score. */
  critical: z.boolean().default(false),
  rectification: RectificationSchema,
});
/** One inspection item. */
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

/** A group of items. */
export const ChecklistSectionSchema = z.strictObject({
  id: IdSchema,
  title: LocalizedTextSchema,
  section: SectionRefSchema.optional(),
  items: list(ChecklistItemSchema).min(1),
});
/** A group of checklist items. */
export type ChecklistSection = z.infer<typeof ChecklistSectionSchema>;

/** `checklist`: sections of items with points; passes at `passPercent` of the points with no critical failure. */
export const ChecklistDocumentSchema = z.strictObject({
  kind: z.literal('checklist'),
  passPercent: z.number().min(0).max(100),
  sections: list(ChecklistSectionSchema).min(1),
});
/** A `checklist` document. */
export type ChecklistDocument = z.infer<typeof ChecklistDocumentSchema>;

// ---------------------------------------------------------------- scorecard

/** Points of a scorecard line: a fixed amount, or an amount per unit of a fact with an optional cap. */
export const LinePointsSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('fixed'), value: z.number().positive().max(1_000_000) }),
  z.strictObject({
    mode: z.literal('perUnit'),
    /** Points per unit. */
    value: z.number().positive().max(1_000_000),
    /** The numeric fact that counts the units. */
    fact: FieldNameSchema,
    path: z.string().max(512).optional(),
    /** Units are how far the fact lies above this value (e.g. complaints above 0). */
    above: z.number().optional(),
    /** Units are how far the fact lies below this value (e.g. satisfaction below 95). */
    below: z.number().optional(),
    /** Size of one unit (default 1); partial units do not count. */
    step: z.number().positive().optional(),
    /** Most points this line may give. */
    cap: z.number().positive().optional(),
  }),
]);
/** Points of a scorecard line. */
export type LinePoints = z.infer<typeof LinePointsSchema>;

/** A bonus or deduction line: applies when its condition holds. */
export const ScorecardLineSchema = z.strictObject({
  id: IdSchema,
  title: LocalizedTextSchema,
  section: SectionRefSchema.optional(),
  type: z.enum(['deduction', 'bonus']),
  category: IdSchema,
  condition: TopLevelConditionSchema,
  points: LinePointsSchema,
});
/** A scorecard line. */
export type ScorecardLine = z.infer<typeof ScorecardLineSchema>;

/** The name of a category the lines of a scorecard add up under (`customer`, `inspection`, …). */
export const ScorecardCategorySchema = z.strictObject({
  id: IdSchema,
  label: LocalizedTextSchema,
  section: SectionRefSchema.optional(),
});
/** A scorecard category. */
export type ScorecardCategory = z.infer<typeof ScorecardCategorySchema>;

/** A grade: awarded when the total is at least `minScore` (bands listed from best to worst). */
export const GradeBandSchema = z.strictObject({
  grade: IdSchema,
  label: LocalizedTextSchema,
  minScore: z.number(),
});
/** A grade band. */
export type GradeBand = z.infer<typeof GradeBandSchema>;

/** `scorecard`: base score, deductions and bonuses, category caps, grade bands. */
export const ScorecardDocumentSchema = z.strictObject({
  kind: z.literal('scorecard'),
  baseScore: z.number(),
  /** The total is clamped to this range. */
  minScore: z.number().optional(),
  maxScore: z.number().optional(),
  lines: list(ScorecardLineSchema).min(1),
  /** Most points (deducted or awarded) a category's lines may add up to. */
  categoryCaps: list(z.strictObject({ category: IdSchema, max: z.number().positive() })).default([]),
  /** The names of the categories, shown instead of their ids. */
  categories: list(ScorecardCategorySchema).optional(),
  grades: list(GradeBandSchema).min(1),
});
/** A `scorecard` document. */
export type ScorecardDocument = z.infer<typeof ScorecardDocumentSchema>;

// ---------------------------------------------------------------- qualification

const requirementBase = {
  id: IdSchema,
  title: LocalizedTextSchema,
  section: SectionRefSchema.optional(),
};

/** One requirement of a post. Records are matched by `code`; `maxAgeMonths` bounds how old they may be. */
export const RequirementSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...requirementBase,
    type: z.literal('certificate'),
    code: z.string().min(1).max(100),
    maxAgeMonths: z.number().int().positive().max(600).optional(),
  }),
  z.strictObject({
    ...requirementBase,
    type: z.literal('skillTest'),
    code: z.string().min(1).max(100),
    minLevel: z.number().int().min(0).max(100),
    maxAgeMonths: z.number().int().positive().max(600).optional(),
  }),
  z.strictObject({
    ...requirementBase,
    type: z.literal('training'),
    code: z.string().min(1).max(100),
    maxAgeMonths: z.number().int().positive().max(600).optional(),
  }),
  z.strictObject({ ...requirementBase, type: z.literal('condition'), condition: TopLevelConditionSchema }),
]);
/** One requirement of a post. */
export type Requirement = z.infer<typeof RequirementSchema>;

/** A post and what holding it requires. */
export const PostSchema = z.strictObject({
  id: z.string().min(1).max(100),
  title: LocalizedTextSchema,
  section: SectionRefSchema.optional(),
  requirements: list(RequirementSchema).min(1),
});
/** A post and its requirements. */
export type Post = z.infer<typeof PostSchema>;

/**
 * `qualification`: posts → requirements. `facts` names the subject fields that hold the employee's
 * post (an enum) and records: certificates `{code, issuedOn, expiresOn?}`, skill tests
 * `{code, level, takenOn}` and trainings `{code, completedOn}`.
 */
export const QualificationDocumentSchema = z.strictObject({
  kind: z.literal('qualification'),
  facts: z.strictObject({
    post: FieldNameSchema,
    certificates: FieldNameSchema,
    skillTests: FieldNameSchema,
    trainings: FieldNameSchema,
  }),
  /** Warn when a record expires (or outgrows `maxAgeMonths`) within this many days of the as-of date. */
  warnWithinDays: z.number().int().min(0).max(3650),
  posts: list(PostSchema).min(1),
});
/** A `qualification` document. */
export type QualificationDocument = z.infer<typeof QualificationDocumentSchema>;

// ---------------------------------------------------------------- escalation

/** An action a level requires, due `deadlineHours` after the as-of moment. */
export const EscalationActionSchema = z.strictObject({
  id: IdSchema,
  title: LocalizedTextSchema,
  owner: LocalizedNameSchema,
  deadlineHours: z.number().positive().max(87_600),
});

/** A level: the first level (in document order) whose condition holds is the outcome. */
export const EscalationLevelSchema = z.strictObject({
  id: IdSchema,
  title: LocalizedTextSchema,
  section: SectionRefSchema.optional(),
  /** Higher is more severe; levels are listed from the most severe down, strictly descending. */
  severity: z.number().int().min(0).max(1000),
  condition: TopLevelConditionSchema,
  /** Who is told, in order. */
  reportTo: list(LocalizedNameSchema).min(1),
  responseHours: z.number().positive().max(87_600),
  /** Who decides how the case is handled. */
  authority: LocalizedNameSchema,
  actions: list(EscalationActionSchema).default([]),
});
/** An escalation level. */
export type EscalationLevel = z.infer<typeof EscalationLevelSchema>;

/** `escalation`: ordered levels, first match wins. */
export const EscalationDocumentSchema = z.strictObject({
  kind: z.literal('escalation'),
  levels: list(EscalationLevelSchema).min(1),
});
/** An `escalation` document. */
export type EscalationDocument = z.infer<typeof EscalationDocumentSchema>;

// ---------------------------------------------------------------- ruleset

/** A plain json-rules-engine rule with its event. */
export const RulesetRuleSchema = z.strictObject({
  id: IdSchema,
  title: LocalizedTextSchema.optional(),
  /** Higher runs first (json-rules-engine's priority, ≥ 1). */
  priority: z.number().int().min(1).max(1000).default(1),
  conditions: TopLevelConditionSchema,
  event: z.strictObject({
    type: z.string().min(1).max(100),
    params: z.record(z.string(), JsonValueSchema).optional(),
  }),
});
/** A ruleset rule. */
export type RulesetRule = z.infer<typeof RulesetRuleSchema>;

/** `ruleset`: plain rules with events; the outcome lists the events fired. */
export const RulesetDocumentSchema = z.strictObject({
  kind: z.literal('ruleset'),
  rules: list(RulesetRuleSchema).min(1),
});
/** A `ruleset` document. */
export type RulesetDocument = z.infer<typeof RulesetDocumentSchema>;

// ---------------------------------------------------------------- any

/** A policy document of any kind, discriminated by `kind`. */
export const PolicyDocumentSchema = z.discriminatedUnion('kind', [
  StandardDocumentSchema,
  ChecklistDocumentSchema,
  ScorecardDocumentSchema,
  QualificationDocumentSchema,
  EscalationDocumentSchema,
  RulesetDocumentSchema,
]);
/** A policy document of any kind. */
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;
/** The document type of one kind. */
export type DocumentOf<K extends PolicyKind> = Extract<PolicyDocument, { kind: K }>;
