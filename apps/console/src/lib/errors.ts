/**
 * The console's one error pipeline: whatever a call throws becomes an {@link AppErrorData} (code,
 * message, issues with JSON paths), translated for the reader, and spread over the form's fields.
 */
import { APP_ERROR_CODES, type AppErrorCode, type AppErrorData, type Issue } from '@precept/schema';
import type { TFunction } from 'i18next';
import type { ZodError } from 'zod';
import { pathFromSegments } from './json-path';

/** An error as the console shows it. `isNetwork` when the server could not be reached at all. */
export interface ConsoleError extends AppErrorData {
  isNetwork?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** True when `value` is one of the server's error codes. */
export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === 'string' && (APP_ERROR_CODES as readonly string[]).includes(value);
}

function readIssues(value: unknown): Issue[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const issues = value.filter(
    (i): i is Issue => isRecord(i) && typeof i.path === 'string' && typeof i.message === 'string',
  );
  return issues.map((i) => ({
    path: i.path,
    code: typeof i.code === 'string' ? i.code : 'custom',
    message: i.message,
  }));
}

/** The tRPC code of a transport error when the server gave no app code. */
const TRPC_TO_APP: Record<string, AppErrorCode> = {
  BAD_REQUEST: 'VALIDATION',
  PARSE_ERROR: 'VALIDATION',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  PAYLOAD_TOO_LARGE: 'LIMIT',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  UNPROCESSABLE_CONTENT: 'FACTS_INVALID',
  SERVICE_UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL',
};

/**
 * Reads any thrown value as a {@link ConsoleError}. Understands a tRPC client error whose data
 * carries the app code and issues (the server's `errorFormatter`), a plain {@link AppErrorData},
 * a zod error, and a failed `fetch`.
 */
export function readError(error: unknown): ConsoleError {
  if (isRecord(error)) {
    const ownMessage = typeof error.message === 'string' ? error.message : '';
    const data = isRecord(error.data) ? error.data : undefined;
    const nested =
      data && isRecord(data.appError) ? data.appError : data && isRecord(data.app) ? data.app : undefined;
    const candidates = [nested, data, error].filter(isRecord);
    for (const c of candidates) {
      const code = isAppErrorCode(c.appCode) ? c.appCode : isAppErrorCode(c.code) ? c.code : undefined;
      if (code) {
        const issues = readIssues(c.issues) ?? readIssues(data?.issues);
        const errorId =
          typeof c.errorId === 'string'
            ? c.errorId
            : typeof data?.errorId === 'string'
              ? data.errorId
              : undefined;
        const message = typeof c.message === 'string' && c.message ? c.message : ownMessage;
        return { code, message, ...(issues?.length ? { issues } : {}), ...(errorId ? { errorId } : {}) };
      }
    }
    if (error.name === 'ZodError' && Array.isArray(error.issues)) {
      return {
        code: 'VALIDATION',
        message: 'validation failed',
        issues: issuesFromZod(error as unknown as ZodError),
      };
    }
    const trpcCode = data && typeof data.code === 'string' ? TRPC_TO_APP[data.code] : undefined;
    if (trpcCode) return { code: trpcCode, message: ownMessage };
    const message = ownMessage;
    if (error.name === 'TypeError' || /fetch|network/i.test(message)) {
      return { code: 'UNAVAILABLE', message, isNetwork: true };
    }
    return { code: 'INTERNAL', message };
  }
  return { code: 'INTERNAL', message: String(error) };
}

/** The issues of a zod error with JSON paths (`$.lines[2].points.value`). */
export function issuesFromZod(error: Pick<ZodError, 'issues'>): Issue[] {
  return error.issues.map((issue) => ({
    path: pathFromSegments(issue.path),
    code: issue.code,
    message: issue.message,
  }));
}

/** The translated headline of an error: what went wrong, in the reader's language. */
export function errorTitle(error: ConsoleError, t: TFunction): string {
  if (error.isNetwork) return t('errors.network');
  return t(`errors.code.${error.code}`);
}

/** A sentence on what to do next for an error code. */
export function errorHint(error: ConsoleError, t: TFunction): string {
  return t(`errors.hint.${error.code}`);
}

const ISSUE_CODES = [
  'invalid_type',
  'too_small',
  'too_big',
  'invalid_value',
  'invalid_format',
  'invalid_union',
  'unrecognized_keys',
  'required',
  'custom',
] as const;

/**
 * One issue in the reader's language. Known codes get a translated lead; the server's own message
 * (English, precise) follows, so nothing it says is lost.
 */
export function translateIssue(issue: Issue, t: TFunction, language: string): string {
  const known = (ISSUE_CODES as readonly string[]).includes(issue.code)
    ? t(`errors.issue.${issue.code as (typeof ISSUE_CODES)[number]}`)
    : undefined;
  if (language === 'en' || !known) return issue.message;
  return `${known}（${issue.message}）`;
}

/** Issues grouped by their exact JSON path. */
export function groupIssuesByPath(issues: readonly Issue[]): Map<string, Issue[]> {
  const map = new Map<string, Issue[]>();
  for (const issue of issues) {
    const list = map.get(issue.path);
    if (list) list.push(issue);
    else map.set(issue.path, [issue]);
  }
  return map;
}
