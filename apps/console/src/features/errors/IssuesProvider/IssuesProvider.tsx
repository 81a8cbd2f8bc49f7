import type { Issue } from '@precept/schema';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { groupIssuesByPath, translateIssue } from '../../../lib/errors';
import { isPathUnder } from '../../../lib/json-path';

interface IssuesContextValue {
  issues: readonly Issue[];
  byPath: Map<string, Issue[]>;
}

const IssuesContext = createContext<IssuesContextValue>({ issues: [], byPath: new Map() });

/**
 * Makes a list of issues (from the server or from local validation) available to every field
 * below it; a field finds its own by its JSON path.
 */
export function IssuesProvider({ issues, children }: { issues: readonly Issue[]; children: ReactNode }) {
  const value = useMemo(() => ({ issues, byPath: groupIssuesByPath(issues) }), [issues]);
  return <IssuesContext.Provider value={value}>{children}</IssuesContext.Provider>;
}

/** The translated error text of exactly this path, or undefined when it has none. */
export function useFieldError(path: string): string | undefined {
  const { byPath } = useContext(IssuesContext);
  const { t, i18n } = useTranslation();
  const issues = byPath.get(path);
  if (!issues?.length) return undefined;
  return issues.map((issue) => translateIssue(issue, t, i18n.language)).join(t('common.semicolon'));
}

/**
 * Props to spread on a Mantine input: its error text and a `data-path` attribute, so an issue
 * listed in the error summary can bring the reader to the field.
 */
export function useField(path: string): { error: string | undefined; 'data-path': string } {
  return { error: useFieldError(path), 'data-path': path };
}

/** How many issues lie at or under a path (for a badge on a collapsed line or tab). */
export function useIssueCountUnder(path: string): number {
  const { issues } = useContext(IssuesContext);
  return issues.filter((issue) => isPathUnder(issue.path, path)).length;
}

/** Every issue in the context. */
export function useIssues(): readonly Issue[] {
  return useContext(IssuesContext).issues;
}
