import type { ColumnType } from 'kysely';
import type { Subject } from '@precept/schema';

/** `subjects`: every version of every subject (fact schema); rows are never updated. */
export interface SubjectsTable {
  key: string;
  version: number;
  definition: ColumnType<Subject, string, string>;
  content_hash: string;
  change_note: string | null;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}
