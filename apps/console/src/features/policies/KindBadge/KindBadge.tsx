import { Badge } from '@mantine/core';
import type { PolicyKind } from '@precept/schema';
import { useTranslation } from 'react-i18next';

/** The colour of each policy kind. */
export const KIND_COLOR: Record<PolicyKind, string> = {
  standard: 'cyan',
  checklist: 'grape',
  scorecard: 'indigo',
  qualification: 'teal',
  escalation: 'orange',
  ruleset: 'gray',
};

/** A policy kind as a badge in the reader's language. */
export function KindBadge({ kind }: { kind: PolicyKind }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={KIND_COLOR[kind]}
      variant="light"
      size="sm"
      styles={{ root: { flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } }}
    >
      {t(`kind.${kind}`)}
    </Badge>
  );
}
