import { Alert, Button, Group, JsonInput, Stack, Text } from '@mantine/core';
import { PolicyDocumentSchema, type PolicyDocument } from '@precept/schema';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issuesFromZod } from '../../../lib/errors';
import { ErrorAlert } from '../../errors/ErrorAlert/ErrorAlert';

/** Props of {@link JsonView}. */
export interface JsonViewProps {
  value: PolicyDocument;
  /** Called with a document that parsed and matched the schema's shape. */
  onApply?: ((value: PolicyDocument) => void) | undefined;
  readOnly?: boolean | undefined;
}

/**
 * The document as JSON for power users: edit, then apply. The text must parse and match the
 * document schema (the kind included) before it replaces the form's document; otherwise the issues
 * are listed with their paths.
 */
export function JsonView({ value, onApply, readOnly }: JsonViewProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [problem, setProblem] = useState<unknown>(null);
  const [syntaxError, setSyntaxError] = useState<string | null>(null);
  const apply = () => {
    setProblem(null);
    setSyntaxError(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      setSyntaxError(error instanceof Error ? error.message : String(error));
      return;
    }
    const result = PolicyDocumentSchema.safeParse(parsed);
    if (!result.success) {
      setProblem({
        code: 'VALIDATION',
        message: t('errors.code.VALIDATION'),
        issues: issuesFromZod(result.error),
      });
      return;
    }
    if (result.data.kind !== value.kind) {
      setProblem({
        code: 'VALIDATION',
        message: `kind must stay "${value.kind}"`,
        issues: [{ path: '$.kind', code: 'invalid_value', message: `kind must stay "${value.kind}"` }],
      });
      return;
    }
    onApply?.(result.data);
  };
  return (
    <Stack gap="sm">
      {!readOnly && (
        <Text size="sm" c="dimmed">
          {t('editor.jsonHelp')}
        </Text>
      )}
      {syntaxError && (
        <Alert color="red" title={t('editor.jsonInvalid')} role="alert">
          {syntaxError}
        </Alert>
      )}
      <ErrorAlert
        error={problem}
        document={(() => {
          try {
            return JSON.parse(text) as unknown;
          } catch {
            return undefined;
          }
        })()}
      />
      <JsonInput
        aria-label={t('editor.json')}
        value={text}
        onChange={setText}
        autosize
        minRows={12}
        maxRows={40}
        readOnly={readOnly}
        styles={{ input: { fontSize: 12, lineHeight: 1.5 } }}
        spellCheck={false}
      />
      {!readOnly && onApply && (
        <Group>
          <Button onClick={apply}>{t('editor.applyJson')}</Button>
          <Button variant="default" onClick={() => setText(JSON.stringify(value, null, 2))}>
            {t('common.reset')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
