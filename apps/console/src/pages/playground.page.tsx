import { dateIn } from '@precept/schema';
import { getBusinessTimeZone } from '../lib/time-zone';
import {
  Alert,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  JsonInput,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import type { JsonObject } from '@precept/schema';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../features/errors/ErrorAlert/ErrorAlert';
import { FactsForm } from '../features/evaluation/FactsForm/FactsForm';
import { OutcomeView, outcomeTitles } from '../features/evaluation/OutcomeView/OutcomeView';
import { TraceView } from '../features/evaluation/TraceView/TraceView';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { useLanguage } from '../i18n/use-language';
import { useTRPC, type RouterOutputs } from '../lib/trpc';

/** What the playground shows: a full evaluation (it asks for `detail: 'full'`) or a simulation. */
type Result =
  | Exclude<RouterOutputs['evaluation']['evaluate'], { detail: 'compact' }>
  | RouterOutputs['evaluation']['simulate'];

function parseObject(text: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : null;
  } catch {
    return null;
  }
}

/**
 * The playground: pick a policy (and a version, or the one in force on the as-of date), fill in the
 * facts with a form generated from the subject or paste JSON, and see the outcome with how it was
 * decided. Published versions are evaluated (and logged); drafts and other versions are simulated.
 */
export function PlaygroundPage() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const policyKey = params.get('policy');
  const versionParam = params.get('version');
  const [asOf, setAsOf] = useState(params.get('asOf') ?? dateIn(new Date(), getBusinessTimeZone()));
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [facts, setFacts] = useState<JsonObject>({});
  const [jsonText, setJsonText] = useState('{}');
  const [result, setResult] = useState<Result | null>(null);
  const policies = useQuery(trpc.policies.list.queryOptions({}));
  const policy = useQuery({
    ...trpc.policies.get.queryOptions({ policyKey: policyKey ?? 'x' }),
    enabled: policyKey !== null,
  });
  const versions = policy.data?.versions ?? [];
  const chosen = versions.find((v) => String(v.version) === versionParam);
  const subjectVersion =
    chosen?.subjectVersion ??
    versions.find((v) => v.isInForce)?.subjectVersion ??
    versions[0]?.subjectVersion;
  const subject = useQuery({
    ...trpc.subjects.get.queryOptions({
      key: policy.data?.policy.subjectKey ?? 'x',
      ...(subjectVersion ? { version: subjectVersion } : {}),
    }),
    enabled: policy.data !== undefined,
  });
  const testCases = useQuery({
    ...trpc.testCases.list.queryOptions({ policyKey: policyKey ?? 'x' }),
    enabled: policyKey !== null,
  });
  const evaluate = useMutation(
    trpc.evaluation.evaluate.mutationOptions({
      onSuccess: (answer) => {
        // Asked with detail: 'full', so never compact; the check keeps the type honest.
        if (!('detail' in answer)) setResult(answer);
      },
    }),
  );
  const simulate = useMutation(trpc.evaluation.simulate.mutationOptions({ onSuccess: setResult }));
  const error = evaluate.error ?? simulate.error;
  const jsonFacts = parseObject(jsonText);

  useEffect(() => {
    setResult(null);
    evaluate.reset();
    simulate.reset();
    // A new policy starts from empty facts; evaluate/simulate are stable mutation objects.
  }, [policyKey]);

  const set = (name: string, value: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      if (name === 'policy') next.delete('version');
      return next;
    });

  const run = () => {
    if (!policyKey) return;
    const input = mode === 'form' ? facts : jsonFacts;
    if (!input) return;
    const asOfValue = asOf || undefined;
    if (chosen && chosen.status !== 'published' && chosen.status !== 'superseded') {
      simulate.mutate({
        policyKey,
        version: chosen.version,
        facts: input,
        ...(asOfValue ? { asOf: asOfValue } : {}),
      });
    } else {
      evaluate.mutate({
        policyKey,
        facts: input,
        detail: 'full',
        ...(chosen ? { version: chosen.version } : {}),
        ...(asOfValue ? { asOf: asOfValue } : {}),
      });
    }
  };

  return (
    <>
      <PageHeader title={t('playground.title')} subtitle={t('playground.subtitle')} />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, xl: 6 }}>
          <Stack gap="md">
            <Card>
              <Group gap="sm" align="flex-end" wrap="wrap">
                <Select
                  label={t('playground.policy')}
                  value={policyKey}
                  onChange={(v) => set('policy', v)}
                  data={(policies.data ?? []).map((p) => ({
                    value: p.policy.key,
                    label: pick(p.policy.title),
                  }))}
                  searchable
                  w={280}
                />
                <Select
                  label={t('playground.version')}
                  value={versionParam}
                  onChange={(v) => set('version', v)}
                  placeholder={t('playground.versionInForce')}
                  clearable
                  allowDeselect
                  data={versions.map((v) => ({
                    value: String(v.version),
                    label: `${t('common.versionN', { version: v.version })} · ${t(`status.${v.status}`)}`,
                  }))}
                  w={300}
                />
                <TextInput
                  label={t('playground.asOf')}
                  type="date"
                  value={asOf}
                  onChange={(e) => setAsOf(e.currentTarget.value)}
                  w={170}
                />
              </Group>
            </Card>
            {policyKey && subject.data && (
              <Card>
                <Group justify="space-between" mb="sm">
                  <Title order={2} size="h4">
                    {t('playground.facts')}
                  </Title>
                  <Group gap="xs">
                    {(testCases.data?.length ?? 0) > 0 && (
                      <Select
                        aria-label={t('playground.loadExample')}
                        placeholder={t('playground.loadExample')}
                        value={null}
                        size="xs"
                        w={220}
                        data={(testCases.data ?? []).map((tc) => ({ value: tc.id, label: pick(tc.name) }))}
                        onChange={(id) => {
                          const tc = testCases.data?.find((c) => c.id === id);
                          if (!tc) return;
                          setFacts(tc.facts);
                          setJsonText(JSON.stringify(tc.facts, null, 2));
                          if (tc.asOf) setAsOf(tc.asOf.slice(0, 10));
                        }}
                      />
                    )}
                    <SegmentedControl
                      value={mode}
                      onChange={(m) => {
                        if (m === 'json') setJsonText(JSON.stringify(facts, null, 2));
                        else if (jsonFacts) setFacts(jsonFacts);
                        setMode(m === 'json' ? 'json' : 'form');
                      }}
                      data={[
                        { value: 'form', label: t('playground.form') },
                        { value: 'json', label: t('playground.json') },
                      ]}
                    />
                  </Group>
                </Group>
                {mode === 'form' ? (
                  <FactsForm subject={subject.data.subject} value={facts} onChange={setFacts} />
                ) : (
                  <JsonInput
                    aria-label={t('playground.json')}
                    value={jsonText}
                    onChange={setJsonText}
                    autosize
                    minRows={12}
                    maxRows={30}
                    error={jsonFacts ? undefined : t('playground.invalidJson')}
                  />
                )}
                <Group mt="md">
                  <Button
                    leftSection={<IconPlayerPlay size={16} />}
                    onClick={run}
                    loading={evaluate.isPending || simulate.isPending}
                    disabled={mode === 'json' && !jsonFacts}
                  >
                    {chosen && chosen.status !== 'published' && chosen.status !== 'superseded'
                      ? t('playground.simulate')
                      : t('playground.evaluate')}
                  </Button>
                  <Button
                    variant="subtle"
                    onClick={() => {
                      setFacts({});
                      setJsonText('{}');
                    }}
                  >
                    {t('playground.clear')}
                  </Button>
                </Group>
              </Card>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 6 }}>
          <Stack gap="md">
            <ErrorAlert error={error} document={facts} />
            <Card>
              <Group justify="space-between" mb="sm">
                <Title order={2} size="h4">
                  {t('playground.result')}
                </Title>
                {result && (
                  <Group gap="xs">
                    <Badge variant="light" data-testid="used-version">
                      {t('playground.usedVersion', {
                        version: result.version ?? '—',
                        hash: result.contentHash.slice(0, 8),
                      })}
                    </Badge>
                    {'decisionId' in result ? (
                      <Badge
                        variant="outline"
                        color="gray"
                        component={Link}
                        to={`/decisions/${result.decisionId}`}
                        style={{ cursor: 'pointer' }}
                      >
                        {t('playground.recorded')}
                      </Badge>
                    ) : (
                      <Badge variant="outline" color="gray">
                        {t('playground.notRecorded')}
                      </Badge>
                    )}
                  </Group>
                )}
              </Group>
              {result ? (
                <OutcomeView outcome={result.outcome} />
              ) : (
                <Alert color="gray">{t('playground.noResult')}</Alert>
              )}
            </Card>
            {result && result.trace.length > 0 && (
              <Card>
                <Title order={2} size="h4" mb="sm">
                  {t('playground.trace')}
                </Title>
                <TraceView
                  trace={result.trace}
                  subject={subject.data?.subject}
                  titles={outcomeTitles(result.outcome)}
                />
              </Card>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
