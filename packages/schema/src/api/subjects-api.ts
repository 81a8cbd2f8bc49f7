import { z } from 'zod';
import { InstantSchema, KeySchema } from '../common.js';
import { SubjectSchema } from '../subject.js';

/** One stored version of a subject (fact schema). */
export const SubjectVersionSchema = z.object({
  key: KeySchema,
  version: z.number().int().positive(),
  subject: SubjectSchema,
  contentHash: z.string(),
  changeNote: z.string().nullable(),
  createdBy: z.string(),
  createdAt: InstantSchema,
});
/** One stored version of a subject. */
export type SubjectVersion = z.infer<typeof SubjectVersionSchema>;

/** `subjects.get`: the latest version unless `version` is given. */
export const SubjectGetInputSchema = z.object({
  key: KeySchema,
  version: z.number().int().positive().optional(),
});

/** `subjects.save`: stores a new version (new drafts use it; existing versions keep theirs). */
export const SubjectSaveInputSchema = z.object({
  subject: SubjectSchema,
  changeNote: z.string().trim().min(1).max(4000),
});
