import { z } from 'zod';
import {
  AsOfSchema,
  IdSchema,
  InstantSchema,
  JsonObjectSchema,
  KeySchema,
  LocalizedLongTextSchema,
  LocalizedNameSchema,
  LocalizedTextSchema,
  type LocalizedText,
} from './common.js';
import { PolicyDocumentSchema, PolicyKindSchema } from './document.js';
import { OutcomeSchema, TraceSchema } from './outcome.js';

/** The lifecycle of a version: `draft → in_review → approved → published → superseded | retired`; `in_review → draft` on reject. */
export const VERSION_STATUSES = [
  'draft',
  'in_review',
  'approved',
  'published',
  'superseded',
  'retired',
] as const;
/** One of {@link VERSION_STATUSES}. */
export type VersionStatus = (typeof VERSION_STATUSES)[number];
/** zod schema of {@link VersionStatus}. */
export const VersionStatusSchema = z.enum(VERSION_STATUSES);

/** A named unit of the guideline, stable across its versions. */
export const PolicySchema = z.object({
  key: KeySchema,
  kind: PolicyKindSchema,
  subjectKey: KeySchema,
  title: LocalizedTextSchema,
  description: LocalizedLongTextSchema.optional(),
  /** The department that owns it, e.g. `{ zh: '服务管理办公室', en: 'Service Management Office' }`. */
  owner: LocalizedNameSchema,
  /** The guideline section it encodes, e.g. `十`. */
  section: z.string().min(1).max(100),
  /** Distinct approvals a version needs before it can be published. */
  requiredApprovals: z.number().int().min(1).max(10).default(1),
});
/** A policy. */
export type Policy = z.infer<typeof PolicySchema>;

/** An approval or rejection of a version. */
export const ReviewSchema = z.object({
  by: z.string(),
  decision: z.enum(['approved', 'rejected']),
  comment: z.string(),
  at: InstantSchema,
  /** Set on an approval when the version went back to draft (edited or rejected): it no longer counts. */
  revokedAt: InstantSchema.optional(),
});
/** An approval or rejection. */
export type Review = z.infer<typeof ReviewSchema>;

/** A version of a policy: content is immutable once submitted. */
export const PolicyVersionSchema = z.object({
  policyKey: KeySchema,
  version: z.number().int().positive(),
  status: VersionStatusSchema,
  document: PolicyDocumentSchema,
  /** sha256 of the document's canonical JSON, hex. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  changeNote: z.string().max(4000).nullable(),
  /** Who created the draft. */
  author: z.string(),
  /** Everyone who edited the content (the author included); none of them may approve it. */
  editors: z.array(z.string()),
  reviews: z.array(ReviewSchema),
  /** Inclusive. */
  effectiveFrom: InstantSchema.nullable(),
  /** Exclusive; null while it is the latest published version. */
  effectiveTo: InstantSchema.nullable(),
  /** The version this draft was created from. */
  basedOn: z.number().int().positive().nullable(),
  /** Optimistic lock: an update must name the current value. */
  lockVersion: z.number().int().nonnegative(),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
});
/** A policy version. */
export type PolicyVersion = z.infer<typeof PolicyVersionSchema>;

/**
 * A test case: facts and the expected outcome. `expect` is matched as a subset of the outcome:
 * every key it gives must be equal (objects recursively; arrays element by element, same length).
 */
export const TestCaseSchema = z.strictObject({
  id: IdSchema.optional(),
  /**
   * What the case checks, as people read it in the console: both languages (`{ zh, en }`), or one
   * text as written (cases written before names were bilingual stay valid).
   */
  name: LocalizedNameSchema,
  facts: JsonObjectSchema,
  asOf: AsOfSchema.optional(),
  expect: JsonObjectSchema,
});
/** A test case. */
export type TestCase = z.infer<typeof TestCaseSchema>;

/** Where a decision was made. */
export const DECISION_SOURCES = ['server', 'local', 'simulation'] as const;

/** One evaluation, as stored in the decision log. */
export const DecisionSchema = z.object({
  id: z.string(),
  policyKey: KeySchema,
  version: z.number().int().positive(),
  contentHash: z.string(),
  engineVersion: z.string(),
  asOf: z.string(),
  /**
   * The facts as recorded: personal values the version does not read are pseudonyms (their paths
   * in `pseudonymised`); with `masked`, every personal value is shown as its pseudonym.
   */
  facts: JsonObjectSchema,
  outcome: OutcomeSchema,
  trace: TraceSchema.optional(),
  /** The outcome in one word ({@link verdictOf}): what the decision log filters by. */
  verdict: z.string(),
  /**
   * JSON paths (`$.name`) of the personal values stored as pseudonyms because the version that
   * decided does not read them; a replay puts a stand-in value of the field's type in their place.
   */
  pseudonymised: z.array(z.string()),
  /** True when this copy shows personal values as pseudonyms: the caller may not see them in clear. */
  masked: z.boolean(),
  durationMs: z.number().nonnegative(),
  caller: z.string().nullable(),
  source: z.enum(DECISION_SOURCES),
  createdAt: InstantSchema,
});
/** A decision. */
export type Decision = z.infer<typeof DecisionSchema>;

/**
 * Change notes and audit reasons the system writes itself (seeding the defaults, creating the first
 * users), stored as their key and shown in the reader's language; a note people write is stored and
 * shown as written.
 */
export const SYSTEM_CHANGE_NOTES = {
  'precept:seeded-policy': {
    zh: '按《银行文明优质服务工作指引》编写的默认政策(首次启动时载入)',
    en: 'Default policy from the service guideline (loaded on first start)',
  },
  'precept:seeded-subject': {
    zh: '按《银行文明优质服务工作指引》编写的默认对象(首次启动时载入)',
    en: 'Default subject from the service guideline (loaded on first start)',
  },
  'precept:demo-user': { zh: '首次启动时创建的演示用户', en: 'Demo user created at first start' },
  'precept:first-admin': { zh: '首次启动时创建的管理员', en: 'First administrator created at first start' },
} as const satisfies Record<string, LocalizedText>;

/**
 * A change note in one language: a {@link SYSTEM_CHANGE_NOTES} key in `lang`, any other note as written.
 *
 * @example
 * changeNoteIn('precept:seeded-policy', 'zh'); // '按《银行文明优质服务工作指引》编写的默认政策…'
 */
export function changeNoteIn(note: string, lang: 'zh' | 'en'): string {
  return Object.hasOwn(SYSTEM_CHANGE_NOTES, note)
    ? SYSTEM_CHANGE_NOTES[note as keyof typeof SYSTEM_CHANGE_NOTES][lang]
    : note;
}

/** A default policy as shipped in the repo: metadata, its v1 document and its test cases. */
export const PolicyPackageSchema = z.strictObject({
  policy: PolicySchema,
  document: PolicyDocumentSchema,
  testCases: z.array(TestCaseSchema).min(1),
});
/** A default policy as shipped in the repo. */
export type PolicyPackage = z.infer<typeof PolicyPackageSchema>;
