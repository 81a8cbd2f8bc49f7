import { Badge, type BadgeProps } from '@mantine/core';
import type { VersionStatus } from '@precept/schema';
import { useTranslation } from 'react-i18next';

/** The colour of each version status. */
export const STATUS_COLOR: Record<VersionStatus, string> = {
  draft: 'gray',
  in_review: 'orange',
  approved: 'teal',
  published: 'brand',
  superseded: 'dark',
  retired: 'red',
};

/** A version status as a coloured badge in the reader's language; `scheduled` marks a future publish. */
export function StatusBadge({
  status,
  scheduled = false,
  ...props
}: { status: VersionStatus; scheduled?: boolean } & Omit<BadgeProps, 'color' | 'children'>) {
  const { t } = useTranslation();
  return (
    <Badge
      color={scheduled ? 'violet' : STATUS_COLOR[status]}
      variant={status === 'published' ? 'filled' : 'light'}
      {...props}
    >
      {scheduled ? t('policy.scheduled') : t(`status.${status}`)}
    </Badge>
  );
}
