import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  JsonInput,
  Modal,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { FIELD_TYPES, SubjectSchema, type Field, type Subject, textIn } from '@precept/schema';
import { IconDeviceFloppy, IconLock, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { canonicalJson } from '../features/drafts/use-draft-editor';
import { LeaveGuard } from '../features/drafts/LeaveGuard/LeaveGuard';
import { ErrorAlert } from '../features/errors/ErrorAlert/ErrorAlert';
import { IssuesProvider, useField } from '../features/errors/IssuesProvider/IssuesProvider';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { DeclassificationAlert } from '../features/personal-data/DeclassificationAlert/DeclassificationAlert';
import { declassifiedPaths, markPersonal, unmarkedPaths } from '../features/personal-data/declassification';
import { personalFieldPaths, personalPathsOfFields } from '../features/personal-data/personal-data';
import { PersonalDataRules } from '../features/personal-data/PersonalDataRules/PersonalDataRules';
import { hasRole, useSessionUser } from '../features/session/session-store';
import { useLanguage, withNameText } from '../i18n/use-language';
import { issuesFromZod } from '../lib/errors';
import { useTRPC } from '../lib/trpc';

/**
 * Whether a field is personal data: a badge for readers; for authors a switch, held on where the
 * saved version marks the field (a later version cannot unmark it). An object field whose own
 * fields are personal says so.
 */
function PersonalCell({
  field,
  locked,
  readOnly,
  onChange,
}: {
  field: Field;
  locked: boolean;
  readOnly: boolean;
  onChange: (field: Field) => void;
}) {
  const { t } = useTranslation();
  const isPersonal = field.personal === true;
  const holdsPersonal =
    !isPersonal && field.fields !== undefined && personalPathsOfFields(field.fields).length > 0;
  const badge = isPersonal ? (
    <Badge
      color="grape"
      variant="light"
      leftSection={<IconLock size={11} />}
      style={{ overflow: 'visible' }}
      data-testid="personal-badge"
    >
      {t('personalData.badge')}
    </Badge>
  ) : holdsPersonal ? (
    <Badge color="grape" variant="outline" data-testid="holds-personal-badge">
      {t('personalData.holdsPersonal')}
    </Badge>
  ) : null;
  if (readOnly) return badge;
  if (locked && isPersonal) {
    return (
      <Tooltip label={t('personalData.locked')} withArrow multiline w={220}>
        <span>{badge}</span>
      </Tooltip>
    );
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Switch
        color="grape"
        aria-label={`${t('personalData.badge')} ${field.name}`}
        checked={isPersonal}
        onChange={(e) => {
          const { personal: _p, ...rest } = field;
          onChange(e.currentTarget.checked ? { ...rest, personal: true } : rest);
        }}
      />
      {holdsPersonal && badge}
    </Group>
  );
}

function FieldRow({
  field,
  index,
  onChange,
  onRemove,
  readOnly,
  savedPersonal,
}: {
  field: Field;
  index: number;
  onChange: (field: Field) => void;
  onRemove: () => void;
  readOnly: boolean;
  /** The saved version marks this field personal: it stays so. */
  savedPersonal: boolean;
}) {
  const { t } = useTranslation();
  const { textLanguage } = useLanguage();
  const path = `$.fields[${index}]`;
  const name = useField(`${path}.name`);
  const zh = useField(`${path}.label.zh`);
  const en = useField(`${path}.label.en`);
  const unit = useField(`${path}.unit`);
  const extra = useField(`${path}.values`);
  const [extraText, setExtraText] = useState(() =>
    field.values
      ? JSON.stringify(field.values, null, 1)
      : field.fields
        ? JSON.stringify(field.fields, null, 1)
        : '',
  );
  const hasExtra = field.type === 'enum' || field.type === 'object' || field.type === 'object[]';
  return (
    <Table.Tr>
      <Table.Td>
        <TextInput
          {...name}
          aria-label={`${t('subjects.name')} ${index + 1}`}
          value={field.name}
          onChange={(e) => onChange({ ...field, name: e.currentTarget.value })}
          readOnly={readOnly}
          ff="monospace"
        />
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={`${t('subjects.type')} ${field.name}`}
          value={field.type}
          data={FIELD_TYPES.map((type) => ({ value: type, label: t(`fieldType.${type}`) }))}
          onChange={(type) => {
            const next = FIELD_TYPES.find((x) => x === type);
            if (next) onChange({ ...field, type: next });
          }}
          readOnly={readOnly}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          {...zh}
          aria-label={`${t('editor.labelZh')} ${field.name}`}
          value={field.label.zh}
          onChange={(e) => onChange({ ...field, label: { ...field.label, zh: e.currentTarget.value } })}
          readOnly={readOnly}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          {...en}
          aria-label={`${t('editor.labelEn')} ${field.name}`}
          value={field.label.en}
          onChange={(e) => onChange({ ...field, label: { ...field.label, en: e.currentTarget.value } })}
          readOnly={readOnly}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          {...unit}
          aria-label={`${t('subjects.unit')} ${field.name}`}
          value={field.unit === undefined ? '' : textIn(field.unit, textLanguage)}
          onChange={(e) => {
            const { unit: _u, ...rest } = field;
            const text = e.currentTarget.value;
            onChange(
              text
                ? { ...rest, unit: field.unit ? withNameText(field.unit, textLanguage, text) : text }
                : rest,
            );
          }}
          readOnly={readOnly}
          w={70}
        />
      </Table.Td>
      <Table.Td>
        <Switch
          aria-label={`${t('subjects.required')} ${field.name}`}
          checked={field.required}
          onChange={(e) => onChange({ ...field, required: e.currentTarget.checked })}
          disabled={readOnly}
        />
      </Table.Td>
      <Table.Td>
        <PersonalCell field={field} locked={savedPersonal} readOnly={readOnly} onChange={onChange} />
      </Table.Td>
      <Table.Td>
        {hasExtra && (
          <JsonInput
            {...extra}
            aria-label={`${field.type === 'enum' ? t('subjects.values') : t('subjects.children')} ${field.name}`}
            value={extraText}
            onChange={(text) => {
              setExtraText(text);
              try {
                const parsed: unknown = JSON.parse(text);
                if (!Array.isArray(parsed)) return;
                if (field.type === 'enum') onChange({ ...field, values: parsed as Field['values'] });
                else onChange({ ...field, fields: parsed as Field['fields'] });
              } catch {
                // Keep typing; the text applies once it parses.
              }
            }}
            autosize
            maxRows={6}
            readOnly={readOnly}
            styles={{ input: { fontSize: 11 } }}
          />
        )}
      </Table.Td>
      <Table.Td>
        {!readOnly && (
          <Tooltip label={t('subjects.removeField')}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`${t('subjects.removeField')} ${field.name}`}
              onClick={onRemove}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * A subject's fields, editable by authors; saving stores a new version with a change note. Each
 * field says whether it is personal data, and the page how the decision log treats such fields; a
 * version that would unmark one is warned about before saving and refused by the server.
 */
export function SubjectPage() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const user = useSessionUser();
  const readOnly = !hasRole(user, 'author');
  const query = useQuery(trpc.subjects.get.queryOptions({ key }));
  const [subject, setSubject] = useState<Subject | null>(null);
  const [saveOpen, setSaveOpen] = useState(false);
  const [note, setNote] = useState('');
  useEffect(() => {
    if (query.data && subject === null) setSubject(query.data.subject);
  }, [query.data, subject]);
  const save = useMutation(
    trpc.subjects.save.mutationOptions({
      onSuccess: async (v) => {
        await queryClient.invalidateQueries(trpc.subjects.pathFilter());
        setSubject(v.subject);
        setSaveOpen(false);
        notifications.show({ color: 'teal', message: t('subjects.saved', { version: v.version }) });
      },
    }),
  );
  const issues = useMemo(() => {
    if (!subject) return [];
    const parsed = SubjectSchema.safeParse(subject);
    return parsed.success ? [] : issuesFromZod(parsed.error);
  }, [subject]);
  const dirty =
    subject !== null &&
    query.data !== undefined &&
    canonicalJson(subject) !== canonicalJson(query.data.subject);
  const savedPersonal = useMemo(
    () => new Set(query.data ? personalFieldPaths(query.data.subject) : []),
    [query.data],
  );
  const unmarked = subject && query.data ? unmarkedPaths(query.data.subject, subject) : [];
  const refused = declassifiedPaths(save.error);
  const remark = (paths: readonly string[]) => {
    if (!subject) return;
    setSubject(markPersonal(subject, paths));
    save.reset();
  };
  return (
    <QueryState query={query}>
      {(v) => (
        <>
          <LeaveGuard when={dirty && !save.isPending} />
          <PageHeader
            crumbs={[{ label: t('subjects.title'), to: '/subjects' }]}
            title={pick(v.subject.title)}
            subtitle={`${v.key} · ${t('subjects.versionN', { version: v.version })}`}
            actions={
              !readOnly && (
                <Button
                  leftSection={<IconDeviceFloppy size={16} />}
                  disabled={!dirty || issues.length > 0}
                  onClick={() => setSaveOpen(true)}
                >
                  {t('subjects.save')}
                </Button>
              )
            }
          />
          {subject && (
            <IssuesProvider issues={issues}>
              <Stack gap="sm">
                <PersonalDataRules count={personalFieldPaths(subject).length} />
                <DeclassificationAlert
                  paths={unmarked}
                  subject={query.data?.subject}
                  refused={false}
                  onRemark={() => remark(unmarked)}
                />
                {issues.length > 0 && (
                  <ErrorAlert error={{ code: 'VALIDATION', message: '', issues }} document={subject} />
                )}
                <Card p={0}>
                  <Table.ScrollContainer minWidth={1220}>
                    <Table verticalSpacing={6}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th w={190}>{t('subjects.name')}</Table.Th>
                          <Table.Th w={130}>{t('subjects.type')}</Table.Th>
                          <Table.Th>{t('editor.labelZh')}</Table.Th>
                          <Table.Th>{t('editor.labelEn')}</Table.Th>
                          <Table.Th w={80}>{t('subjects.unit')}</Table.Th>
                          <Table.Th w={60}>{t('subjects.required')}</Table.Th>
                          <Table.Th w={150}>{t('personalData.column')}</Table.Th>
                          <Table.Th w={260}>{t('subjects.values')}</Table.Th>
                          <Table.Th w={44} />
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {subject.fields.map((field, index) => (
                          <FieldRow
                            key={index}
                            field={field}
                            index={index}
                            readOnly={readOnly}
                            savedPersonal={savedPersonal.has(field.name)}
                            onChange={(next) =>
                              setSubject({
                                ...subject,
                                fields: subject.fields.map((f, i) => (i === index ? next : f)),
                              })
                            }
                            onRemove={() =>
                              setSubject({ ...subject, fields: subject.fields.filter((_, i) => i !== index) })
                            }
                          />
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                </Card>
                {!readOnly && (
                  <Group>
                    <Button
                      variant="light"
                      leftSection={<IconPlus size={16} />}
                      onClick={() =>
                        setSubject({
                          ...subject,
                          fields: [
                            ...subject.fields,
                            {
                              name: `field${subject.fields.length + 1}`,
                              type: 'number',
                              label: { zh: t('subjects.newField'), en: 'New field' },
                              required: false,
                            },
                          ],
                        })
                      }
                    >
                      {t('subjects.addField')}
                    </Button>
                  </Group>
                )}
              </Stack>
            </IssuesProvider>
          )}
          <Modal opened={saveOpen} onClose={() => setSaveOpen(false)} title={t('subjects.saveTitle')}>
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {t('subjects.saveHint')}
              </Text>
              {refused.length > 0 ? (
                <DeclassificationAlert
                  paths={refused}
                  subject={query.data?.subject}
                  refused
                  onRemark={() => remark(refused)}
                />
              ) : (
                <ErrorAlert error={save.error} document={subject} />
              )}
              <Textarea
                label={t('subjects.changeNote')}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                withAsterisk
                autosize
                minRows={2}
                data-autofocus
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setSaveOpen(false)}>
                  {t('common.cancel')}
                </Button>
                <Button
                  disabled={!note.trim() || !subject}
                  loading={save.isPending}
                  onClick={() => subject && save.mutate({ subject, changeNote: note.trim() })}
                >
                  {t('common.save')}
                </Button>
              </Group>
            </Stack>
          </Modal>
        </>
      )}
    </QueryState>
  );
}
