import type { ColumnType } from 'kysely';
import type { JsonObject, LocalizedName } from '@precept/schema';

/**
 * `test_cases`: facts and expected outcome, part of one policy version. A trigger refuses changes
 * to the tests of a version that is not a draft.
 */
export interface TestCasesTable {
  policy_key: string;
  version: number;
  id: string;
  position: number;
  /** jsonb: `{ zh, en }`, or the JSON string of a name written in one text. */
  name: ColumnType<LocalizedName, string, string>;
  facts: ColumnType<JsonObject, string, string>;
  as_of: string | null;
  expect: ColumnType<JsonObject, string, string>;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
