import { z } from 'zod';
import { JsonValueSchema, LocalizedTextSchema } from './common.js';

/**
 * What happened to an element or a value between two versions of a document:
 * `added` / `removed` (an element, or a condition inside an `all` / `any`), `changed` (a field's
 * value, or a leaf of a condition), `moved` (an element whose place among its siblings, or whose
 * parent, changed while its id stayed the same).
 */
export const DOCUMENT_CHANGE_OPS = ['added', 'removed', 'changed', 'moved'] as const;
/** One of {@link DOCUMENT_CHANGE_OPS}. */
export type DocumentChangeOp = (typeof DOCUMENT_CHANGE_OPS)[number];

/** The kinds of element a change can belong to; `document` is the document's own top-level fields. */
export const DOCUMENT_ELEMENT_KINDS = [
  'document',
  'target',
  'section',
  'item',
  'line',
  'category',
  'categoryCap',
  'grade',
  'post',
  'requirement',
  'level',
  'action',
  'rule',
] as const;
/** One of {@link DOCUMENT_ELEMENT_KINDS}. */
export type DocumentElementKind = (typeof DOCUMENT_ELEMENT_KINDS)[number];

/** The element a change belongs to: its kind, its id (`grade` / `category` for grades and caps) and title. */
export const DocumentElementRefSchema = z.object({
  kind: z.enum(DOCUMENT_ELEMENT_KINDS),
  id: z.string(),
  title: LocalizedTextSchema.optional(),
});
/** The element a change belongs to. */
export type DocumentElementRef = z.infer<typeof DocumentElementRefSchema>;

/** Where a moved element sat: the id-based path of its parent list's owner and its index in that list. */
export const DocumentPositionSchema = z.object({ parent: z.string(), index: z.number().int().nonnegative() });
/** Where a moved element sat. */
export type DocumentPosition = z.infer<typeof DocumentPositionSchema>;

/**
 * One semantic change between two versions of a policy document, as compliance reads it.
 *
 * - `path` is stable and id-based: `$.lines[id=complaints].points.value`,
 *   `$.sections[id=hall].items[id=hall-etiquette].condition.all[0].value`,
 *   `$.grades[grade=A].minScore`, `$.categoryCaps[category=customer].max`. Indexes appear only
 *   inside condition trees, which have no ids.
 * - `field` is the path relative to the element (`points.value`, `condition.all[0].value`, `title.zh`);
 *   absent when the whole element was added, removed or moved.
 * - `fact` names the fact a changed, added or removed condition leaf tests.
 * - `before` / `after`: the old and new value (absent when unset); the whole element for an added or
 *   removed element; a {@link DocumentPosition} for a moved one.
 *
 * @example
 * { op: 'changed', path: '$.lines[id=satisfaction-rate].condition.all[0].value',
 *   element: { kind: 'line', id: 'satisfaction-rate', title: { zh: '…', en: '…' } },
 *   field: 'condition.all[0].value', fact: 'customerSatisfactionRate', before: 95, after: 97 }
 */
export const DocumentChangeSchema = z.object({
  op: z.enum(DOCUMENT_CHANGE_OPS),
  path: z.string(),
  element: DocumentElementRefSchema,
  field: z.string().optional(),
  fact: z.string().optional(),
  before: JsonValueSchema.optional(),
  after: JsonValueSchema.optional(),
});
/** One semantic change between two versions of a policy document. */
export type DocumentChange = z.infer<typeof DocumentChangeSchema>;

/** A semantic diff: the changes in document order (top-level fields first, then each list). */
export const DocumentDiffSchema = z.array(DocumentChangeSchema);
