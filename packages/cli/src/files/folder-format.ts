// The layout and file formats of a policy folder, as zod schemas (the single source of its shape):
//
//   precept.json              { "format": "precept-policy-folder/1" }
//   subjects/<key>.json       one subject (fact schema) and the version it was exported from
//   policies/<key>.json       one policy: metadata, the exported version, its document, its test cases
import {
  InstantSchema,
  KeySchema,
  PolicySchema,
  TestCaseSchema,
  VersionStatusSchema,
  type Policy,
  type PolicyDocument,
  type Subject,
  type TestCase,
} from '@precept/schema';
import { z } from 'zod';

/** The format marker of a policy folder's `precept.json`. */
export const FOLDER_FORMAT = 'precept-policy-folder/1';
/** The manifest file at the folder's root. */
export const MANIFEST_FILE = 'precept.json';
/** The folder of policy files. */
export const POLICIES_DIR = 'policies';
/** The folder of subject files. */
export const SUBJECTS_DIR = 'subjects';

/** `precept.json`: marks a folder as a policy folder of this format. */
export const ManifestSchema = z.strictObject({ format: z.literal(FOLDER_FORMAT) });

/** Where a policy file's document came from on the server it was exported from. */
export const PolicySourceSchema = z.strictObject({
  version: z.number().int().positive(),
  status: VersionStatusSchema,
  /** sha256 of the version's canonical document, as the server computed it. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** When the version took (or takes) effect; null for a version not published. */
  effectiveFrom: InstantSchema.nullable(),
});
/** Where a policy file's document came from. */
export type PolicySource = z.infer<typeof PolicySourceSchema>;

/** A test case as the folder stores it: no server id (ids differ between installations). */
export const FolderTestCaseSchema = TestCaseSchema.omit({ id: true });

/**
 * `policies/<key>.json`. `document` is checked by `@precept/rules` against the subject (so its
 * issues name paths inside the document); `source` is absent in a policy written by hand.
 */
export const PolicyFileSchema = z.strictObject({
  policy: PolicySchema.strict(),
  source: PolicySourceSchema.optional(),
  document: z.unknown(),
  testCases: z.array(FolderTestCaseSchema),
});

/** `subjects/<key>.json`. `subject` is checked by `@precept/rules`; `source` is absent when written by hand. */
export const SubjectFileSchema = z.strictObject({
  subject: z.unknown(),
  source: z
    .strictObject({
      version: z.number().int().positive(),
      contentHash: z.string().regex(/^[0-9a-f]{64}$/),
    })
    .optional(),
});

/** A policy file as written by `export`. */
export interface PolicyFile {
  policy: Policy;
  source?: PolicySource;
  document: PolicyDocument;
  testCases: Omit<TestCase, 'id'>[];
}

/** A subject file as written by `export`. */
export interface SubjectFile {
  subject: Subject;
  source?: { version: number; contentHash: string };
}

/** The folder-relative path of a policy's file. */
export const policyFileOf = (key: string): string => `${POLICIES_DIR}/${key}.json`;
/** The folder-relative path of a subject's file. */
export const subjectFileOf = (key: string): string => `${SUBJECTS_DIR}/${key}.json`;

/** True when `name` is a file name a key can have (`<key>.json`). */
export function keyOfFileName(name: string): string | undefined {
  if (!name.endsWith('.json')) return undefined;
  const key = name.slice(0, -'.json'.length);
  return KeySchema.safeParse(key).success ? key : undefined;
}
