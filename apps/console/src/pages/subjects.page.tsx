import { Anchor, Badge, Card, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { personalFieldPaths } from '../features/personal-data/personal-data';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { useLanguage } from '../i18n/use-language';
import { useTRPC } from '../lib/trpc';

/** The subjects (fact schemas) and which policies use each. */
export function SubjectsPage() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const trpc = useTRPC();
  const subjects = useQuery(trpc.subjects.list.queryOptions());
  const policies = useQuery(trpc.policies.list.queryOptions({}));
  return (
    <>
      <PageHeader title={t('subjects.title')} subtitle={t('subjects.subtitle')} />
      <QueryState query={subjects}>
        {(list) => (
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
            {list.map((s) => {
              const users = (policies.data ?? []).filter((p) => p.policy.subjectKey === s.key);
              return (
                <Card key={s.key}>
                  <Stack gap={6}>
                    <Anchor component={Link} to={`/subjects/${s.key}`} fw={600}>
                      {pick(s.subject.title)}
                    </Anchor>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {s.key} · {t('subjects.versionN', { version: s.version })} · {s.subject.fields.length}{' '}
                      {t('subjects.fields')}
                    </Text>
                    {personalFieldPaths(s.subject).length > 0 && (
                      <div>
                        <Badge color="grape" variant="light" leftSection={<IconLock size={11} />}>
                          {t('personalData.fieldCount', { count: personalFieldPaths(s.subject).length })}
                        </Badge>
                      </div>
                    )}
                    {s.subject.description && (
                      <Text size="sm" lineClamp={2}>
                        {pick(s.subject.description)}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {t('subjects.usedBy')}
                    </Text>
                    <div>
                      {users.map((p) => (
                        <Badge
                          key={p.policy.key}
                          variant="light"
                          mr={4}
                          mb={4}
                          component={Link}
                          to={`/policies/${p.policy.key}`}
                          style={{ cursor: 'pointer' }}
                        >
                          {pick(p.policy.title)}
                        </Badge>
                      ))}
                    </div>
                  </Stack>
                </Card>
              );
            })}
          </SimpleGrid>
        )}
      </QueryState>
    </>
  );
}
