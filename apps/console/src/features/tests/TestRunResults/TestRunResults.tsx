import { Alert, Badge, Code, Group, Stack, Table, Text } from '@mantine/core';
import type { RouterOutputs } from '../../../lib/trpc';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import { readError, errorTitle } from '../../../lib/errors';

function show(value: unknown): string {
  return value === undefined ? '∅' : JSON.stringify(value);
}

/** A test run: a headline (all pass, or how many fail) and each case with why it failed. */
export function TestRunResults({ run }: { run: RouterOutputs['testCases']['run'] }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const allPassed = run.failed === 0;
  return (
    <Stack gap="xs" data-testid="test-results">
      <Alert
        color={allPassed ? 'teal' : 'red'}
        icon={allPassed ? <IconCheck size={18} /> : <IconX size={18} />}
        variant="light"
      >
        {allPassed
          ? t('tests.allPassed', { count: run.passed })
          : t('tests.someFailed', { failed: run.failed, passed: run.passed })}
        <Text span size="xs" c="dimmed" ml="xs">
          {t('common.versionN', { version: run.version })}
        </Text>
      </Alert>
      <Table>
        <Table.Tbody>
          {run.results.map((result, index) => (
            <Table.Tr key={result.id ?? index} data-pass={result.pass}>
              <Table.Td w={80}>
                <Badge color={result.pass ? 'teal' : 'red'} variant="light">
                  {result.pass ? t('tests.pass') : t('tests.fail')}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{pick(result.name)}</Text>
                {result.error && (
                  <Text size="xs" c="red">
                    {errorTitle(readError(result.error), t)}：{result.error.message}
                  </Text>
                )}
                {result.mismatches.map((m) => (
                  <Group key={m.path} gap={6}>
                    <Code>{m.path}</Code>
                    <Text size="xs" c="red.8">
                      {t('tests.mismatch', { expected: show(m.expected), actual: show(m.actual) })}
                    </Text>
                  </Group>
                ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
