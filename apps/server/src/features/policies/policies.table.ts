import type { ColumnType } from 'kysely';
import type { LocalizedName, LocalizedText, PolicyDocument, Review, VersionStatus } from '@precept/schema';

/** `policies`: one row per policy; `last_version` numbers versions and is the row lifecycle changes lock. */
export interface PoliciesTable {
  key: string;
  kind: string;
  subject_key: string;
  title: ColumnType<LocalizedText, string, string>;
  description: ColumnType<LocalizedText | null, string | null, string | null>;
  /** jsonb: `{ zh, en }` or a JSON string. */
  owner: ColumnType<LocalizedName, string, string>;
  section: string;
  required_approvals: number;
  last_version: number;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/**
 * `policy_versions`: content is immutable once submitted (a trigger refuses changes to `document`
 * and `content_hash` unless the row is and stays a draft, and refuses deleting anything but a draft).
 */
export interface PolicyVersionsTable {
  policy_key: string;
  version: number;
  status: VersionStatus;
  document: ColumnType<PolicyDocument, string, string>;
  content_hash: string;
  subject_version: number;
  change_note: string | null;
  author: string;
  editors: ColumnType<string[], string, string>;
  reviews: ColumnType<Review[], string, string>;
  effective_from: Date | null;
  effective_to: Date | null;
  based_on: number | null;
  lock_version: number;
  submitted_at: Date | null;
  published_at: Date | null;
  published_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
