import { AppError } from '@precept/schema';

/** The subject (or that version of it) does not exist. */
export function subjectNotFound(key: string, version?: number): AppError {
  return new AppError(
    'NOT_FOUND',
    version === undefined ? `subject "${key}" does not exist` : `subject "${key}" has no version ${version}`,
  );
}

/**
 * A new version would stop treating fields as personal data. Declassification is refused: the
 * decision log would store such values in clear from then on.
 */
export function personalDataDeclassified(key: string, paths: readonly string[]): AppError {
  return new AppError(
    'VALIDATION',
    `subject "${key}": ${paths.join(', ')} ${paths.length === 1 ? 'is' : 'are'} personal data and stay${paths.length === 1 ? 's' : ''} so`,
    {
      issues: paths.map((path) => ({
        path: `$.subject.fields.${path}`,
        code: 'personal_data_declassified',
        message: `"${path}" was marked personal; a later version cannot unmark it (keep "personal": true, or remove the field)`,
      })),
    },
  );
}
