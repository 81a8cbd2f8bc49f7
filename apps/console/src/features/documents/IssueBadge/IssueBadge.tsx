import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useIssueCountUnder } from '../../errors/IssuesProvider/IssuesProvider';

/** A red badge with the number of issues at or under a path; nothing when there are none. */
export function IssueBadge({ path }: { path: string }) {
  const { t } = useTranslation();
  const count = useIssueCountUnder(path);
  if (count === 0) return null;
  return (
    <Badge color="red" variant="light" size="sm" data-testid="issue-badge">
      {t('editor.issuesHere', { count })}
    </Badge>
  );
}
