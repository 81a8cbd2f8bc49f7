import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** Props of {@link PageHeader}. */
export interface PageHeaderProps {
  title: ReactNode;
  subtitle?: ReactNode;
  /** Links above the title, from the top down. */
  crumbs?: { label: string; to: string }[];
  /** Buttons on the right. */
  actions?: ReactNode;
  /** Badges beside the title. */
  badges?: ReactNode;
}

/** The head of every page: breadcrumbs, the title (the page's only `h1`), a subtitle and actions. */
export function PageHeader({ title, subtitle, crumbs, actions, badges }: PageHeaderProps) {
  return (
    <Group justify="space-between" align="flex-end" mb="md" wrap="wrap" gap="sm">
      <Stack gap={4}>
        {crumbs && crumbs.length > 0 && (
          <Breadcrumbs separator="›" separatorMargin={6}>
            {crumbs.map((crumb) => (
              <Anchor key={crumb.to} component={Link} to={crumb.to} size="xs" c="dimmed">
                {crumb.label}
              </Anchor>
            ))}
          </Breadcrumbs>
        )}
        <Group gap="xs" wrap="wrap">
          <Title order={1}>{title}</Title>
          {badges}
        </Group>
        {subtitle && (
          <Text size="sm" c="dimmed" component="div">
            {subtitle}
          </Text>
        )}
      </Stack>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}
