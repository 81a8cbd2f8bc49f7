import { List, Text } from '@mantine/core';
import type { Subject } from '@precept/schema';
import { useLanguage } from '../../../i18n/use-language';
import { describeFieldPath } from '../personal-data';

/** Fields named by their dotted paths, each by its label in the reader's language and its path. */
export function FieldPathList({
  paths,
  subject,
}: {
  paths: readonly string[];
  subject: Subject | undefined;
}) {
  const { pick } = useLanguage();
  return (
    <List size="sm" spacing={2} mt={4}>
      {paths.map((path) => (
        <List.Item key={path}>
          {describeFieldPath(subject, path, pick)}{' '}
          <Text span size="xs" c="dimmed" ff="monospace">
            {path}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
