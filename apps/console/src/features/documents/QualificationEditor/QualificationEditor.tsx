import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { Post, QualificationDocument, Requirement, Subject } from '@precept/schema';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import { childPath } from '../../../lib/json-path';
import { newLeaf } from '../../conditions/condition-model';
import { ConditionBuilder } from '../../conditions/ConditionBuilder/ConditionBuilder';
import { useField } from '../../errors/IssuesProvider/IssuesProvider';
import { IdInput, SectionInput, withOptional } from '../common-fields';
import { ElementList } from '../ElementList/ElementList';
import { IssueBadge } from '../IssueBadge/IssueBadge';
import { ItemToolbar } from '../ItemToolbar/ItemToolbar';
import { moveItem, removeAt, replaceAt, uniqueId } from '../list-ops';
import { LocalizedTextInput } from '../LocalizedTextInput/LocalizedTextInput';
import { NumberField } from '../NumberField/NumberField';
import classes from './QualificationEditor.module.css';

/** Props of {@link QualificationEditor}. */
export interface QualificationEditorProps {
  value: QualificationDocument;
  onChange: (value: QualificationDocument) => void;
  subject: Subject;
  readOnly?: boolean;
}

const REQUIREMENT_TYPES = ['certificate', 'skillTest', 'training', 'condition'] as const;
const TYPE_COLOR = { certificate: 'brand', skillTest: 'grape', training: 'teal', condition: 'gray' } as const;

/** A matrix row: one requirement id, as the posts that have it define it. */
interface MatrixRow {
  id: string;
  template: Requirement;
}

/** The distinct requirement ids across posts, in order of first appearance. */
export function matrixRows(posts: readonly Post[]): MatrixRow[] {
  const rows = new Map<string, MatrixRow>();
  for (const post of posts)
    for (const r of post.requirements) if (!rows.has(r.id)) rows.set(r.id, { id: r.id, template: r });
  return [...rows.values()];
}

/** What a cell shows of a requirement: code, level, validity. */
function useCellText(): (r: Requirement) => string {
  const { t } = useTranslation();
  return (r) => {
    const parts: string[] = [];
    if (r.type !== 'condition') parts.push(r.code);
    if (r.type === 'skillTest') parts.push(t('qualification.levelShort', { level: r.minLevel }));
    if (r.type !== 'condition' && r.maxAgeMonths !== undefined)
      parts.push(t('qualification.monthsShort', { months: r.maxAgeMonths }));
    return parts.join(' · ');
  };
}

function RequirementEditor({
  requirement,
  onChange,
  subject,
  path,
  readOnly,
}: {
  requirement: Requirement;
  onChange: (requirement: Requirement) => void;
  subject: Subject;
  path: string;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const type = useField(childPath(path, 'type'));
  const code = useField(childPath(path, 'code'));
  const minLevel = useField(childPath(path, 'minLevel'));
  const maxAge = useField(childPath(path, 'maxAgeMonths'));
  const base = {
    id: requirement.id,
    title: requirement.title,
    ...(requirement.section ? { section: requirement.section } : {}),
  };
  const changeType = (next: Requirement['type']) => {
    if (next === requirement.type) return;
    const codeValue = requirement.type === 'condition' ? '' : requirement.code;
    if (next === 'condition')
      onChange({ ...base, type: 'condition', condition: { all: [newLeaf(subject)] } });
    else if (next === 'skillTest') onChange({ ...base, type: 'skillTest', code: codeValue, minLevel: 1 });
    else onChange({ ...base, type: next, code: codeValue });
  };
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-start" wrap="wrap">
        <IdInput
          value={requirement.id}
          onChange={(id) => onChange({ ...requirement, id })}
          path={path}
          readOnly={readOnly}
        />
        <Select
          {...type}
          label={t('qualification.type')}
          value={requirement.type}
          data={REQUIREMENT_TYPES.map((value) => ({ value, label: t(`qualification.types.${value}`) }))}
          onChange={(v) => {
            const next = REQUIREMENT_TYPES.find((x) => x === v);
            if (next) changeType(next);
          }}
          readOnly={readOnly}
          w={140}
        />
        {requirement.type !== 'condition' && (
          <TextInput
            {...code}
            label={t('qualification.code')}
            value={requirement.code}
            onChange={(e) => onChange({ ...requirement, code: e.currentTarget.value })}
            readOnly={readOnly}
            withAsterisk
            w={240}
          />
        )}
        {requirement.type === 'skillTest' && (
          <NumberField
            {...minLevel}
            label={t('qualification.minLevel')}
            value={requirement.minLevel}
            onChange={(v) => v !== undefined && onChange({ ...requirement, minLevel: v })}
            allowDecimal={false}
            min={0}
            readOnly={readOnly}
            w={110}
          />
        )}
        {requirement.type !== 'condition' && (
          <NumberField
            {...maxAge}
            label={t('qualification.maxAgeMonths')}
            value={requirement.maxAgeMonths}
            optional
            onChange={(v) => onChange(withOptional(requirement, 'maxAgeMonths', v))}
            allowDecimal={false}
            min={1}
            readOnly={readOnly}
            w={130}
          />
        )}
        <SectionInput
          value={requirement.section}
          onChange={(section) => onChange(withOptional(requirement, 'section', section))}
          path={path}
          readOnly={readOnly}
        />
      </Group>
      <LocalizedTextInput
        value={requirement.title}
        onChange={(title) => onChange({ ...requirement, title })}
        path={childPath(path, 'title')}
        readOnly={readOnly}
      />
      {requirement.type === 'condition' && (
        <ConditionBuilder
          value={requirement.condition}
          onChange={(condition) => onChange({ ...requirement, condition })}
          subject={subject}
          path={childPath(path, 'condition')}
          readOnly={readOnly}
        />
      )}
    </Stack>
  );
}

function FactFieldSelect({
  label,
  value,
  onChange,
  path,
  options,
  readOnly,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  path: string;
  options: { value: string; label: string }[];
  readOnly?: boolean | undefined;
}) {
  const field = useField(path);
  const data = options.some((o) => o.value === value) ? options : [...options, { value, label: value }];
  return (
    <Select
      {...field}
      label={label}
      value={value}
      data={data}
      onChange={(v) => v && onChange(v)}
      readOnly={readOnly}
      searchable
    />
  );
}

function PostDetails({
  post,
  index,
  count,
  onChange,
  onMove,
  onRemove,
  subject,
  readOnly,
}: {
  post: Post;
  index: number;
  count: number;
  onChange: (post: Post) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  subject: Subject;
  readOnly?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const cellText = useCellText();
  const [open, setOpen] = useState<string[]>([]);
  const path = childPath('$', 'posts', index);
  const postId = useField(childPath(path, 'id'));
  const postField = subject.fields.find(
    (f) => f.type === 'enum' && f.values?.some((v) => v.value === post.id),
  );
  const name = pick(post.title) || post.id;
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start">
        <Group gap="sm" align="flex-start">
          {postField?.values ? (
            <Select
              {...postId}
              label={t('qualification.postId')}
              value={post.id}
              data={postField.values.map((v) => ({ value: v.value, label: `${pick(v.label)} (${v.value})` }))}
              onChange={(id) => id && onChange({ ...post, id })}
              readOnly={readOnly}
              w={280}
            />
          ) : (
            <TextInput
              {...postId}
              label={t('qualification.postId')}
              value={post.id}
              onChange={(e) => onChange({ ...post, id: e.currentTarget.value })}
              readOnly={readOnly}
              w={240}
            />
          )}
          <SectionInput
            value={post.section}
            onChange={(s) => onChange(withOptional(post, 'section', s))}
            path={path}
            readOnly={readOnly}
          />
        </Group>
        {!readOnly && (
          <ItemToolbar
            name={name}
            onMoveUp={index > 0 ? () => onMove(index - 1) : undefined}
            onMoveDown={index < count - 1 ? () => onMove(index + 1) : undefined}
            onRemove={count > 1 ? onRemove : undefined}
            removeLabel={t('qualification.removePost')}
          />
        )}
      </Group>
      <LocalizedTextInput
        value={post.title}
        onChange={(title) => onChange({ ...post, title })}
        path={childPath(path, 'title')}
        readOnly={readOnly}
      />
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {t('qualification.requirements')}
        </Text>
        {!readOnly && (
          <Button
            variant="subtle"
            size="compact-xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => {
              onChange({
                ...post,
                requirements: [
                  ...post.requirements,
                  {
                    id: uniqueId(
                      'requirement',
                      post.requirements.map((r) => r.id),
                    ),
                    title: { zh: t('qualification.newRequirement'), en: 'New requirement' },
                    type: 'certificate',
                    code: '',
                  },
                ],
              });
              setOpen((current) => [...current, `item-${post.requirements.length}`]);
            }}
          >
            {t('qualification.addRequirement')}
          </Button>
        )}
      </Group>
      <ElementList
        items={post.requirements}
        onChange={(requirements) => onChange({ ...post, requirements })}
        path={childPath(path, 'requirements')}
        open={open}
        onOpenChange={setOpen}
        title={(r) => pick(r.title) || r.id}
        badges={(r) => (
          <Badge size="xs" variant="light" color={TYPE_COLOR[r.type]}>
            {t(`qualification.types.${r.type}`)}
          </Badge>
        )}
        summary={(r) => cellText(r)}
        editor={(r, i, p) => (
          <RequirementEditor
            requirement={r}
            onChange={(next) => onChange({ ...post, requirements: replaceAt(post.requirements, i, next) })}
            subject={subject}
            path={p}
            readOnly={readOnly}
          />
        )}
        testId={(r) => `requirement-${post.id}-${r.id}`}
        duplicate={(r, items) => ({
          ...r,
          id: uniqueId(
            r.id,
            items.map((x) => x.id),
          ),
        })}
        removeLabel={t('qualification.removeRequirement')}
        readOnly={readOnly}
      />
    </Stack>
  );
}

/**
 * The qualification editor: which subject fields hold the post and the records, then a matrix of
 * posts × requirements (tick to require, untick to drop), and per post the requirements' details
 * (codes, minimum levels, validity in months, or a condition).
 */
export function QualificationEditor({ value, onChange, subject, readOnly }: QualificationEditorProps) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const cellText = useCellText();
  const [activePost, setActivePost] = useState<string | null>('0');
  const warn = useField('$.warnWithinDays');
  const rows = matrixRows(value.posts);
  const setPosts = (posts: Post[]) => onChange({ ...value, posts });
  const enumFields = subject.fields
    .filter((f) => f.type === 'enum' || f.type === 'string')
    .map((f) => ({ value: f.name, label: `${pick(f.label)} (${f.name})` }));
  const listFields = subject.fields
    .filter((f) => f.type === 'object[]')
    .map((f) => ({ value: f.name, label: `${pick(f.label)} (${f.name})` }));

  const toggle = (postIndex: number, row: MatrixRow, required: boolean) => {
    const post = value.posts[postIndex];
    if (!post) return;
    const requirements = required
      ? [...post.requirements, structuredClone(row.template)]
      : post.requirements.filter((r) => r.id !== row.id);
    setPosts(replaceAt(value.posts, postIndex, { ...post, requirements }));
  };

  return (
    <Stack gap="md">
      <Card>
        <Title order={4} mb="xs">
          {t('qualification.settings')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
          <FactFieldSelect
            label={t('qualification.postField')}
            value={value.facts.post}
            onChange={(post) => onChange({ ...value, facts: { ...value.facts, post } })}
            path="$.facts.post"
            options={enumFields}
            readOnly={readOnly}
          />
          <FactFieldSelect
            label={t('qualification.certificatesField')}
            value={value.facts.certificates}
            onChange={(certificates) => onChange({ ...value, facts: { ...value.facts, certificates } })}
            path="$.facts.certificates"
            options={listFields}
            readOnly={readOnly}
          />
          <FactFieldSelect
            label={t('qualification.skillTestsField')}
            value={value.facts.skillTests}
            onChange={(skillTests) => onChange({ ...value, facts: { ...value.facts, skillTests } })}
            path="$.facts.skillTests"
            options={listFields}
            readOnly={readOnly}
          />
          <FactFieldSelect
            label={t('qualification.trainingsField')}
            value={value.facts.trainings}
            onChange={(trainings) => onChange({ ...value, facts: { ...value.facts, trainings } })}
            path="$.facts.trainings"
            options={listFields}
            readOnly={readOnly}
          />
          <NumberField
            {...warn}
            label={t('qualification.warnWithinDays')}
            value={value.warnWithinDays}
            onChange={(warnWithinDays) =>
              warnWithinDays !== undefined && onChange({ ...value, warnWithinDays })
            }
            allowDecimal={false}
            min={0}
            readOnly={readOnly}
          />
        </SimpleGrid>
      </Card>

      <Card>
        <Group justify="space-between" mb={4}>
          <Title order={4}>{t('qualification.matrix')}</Title>
          {!readOnly && (
            <Button
              variant="light"
              size="compact-sm"
              leftSection={<IconPlus size={14} />}
              onClick={() => {
                setPosts([
                  ...value.posts,
                  {
                    id: uniqueId(
                      'post',
                      value.posts.map((p) => p.id),
                    ),
                    title: { zh: t('qualification.newPost'), en: 'New post' },
                    requirements: rows[0]
                      ? [structuredClone(rows[0].template)]
                      : [
                          {
                            id: 'certificate',
                            title: { zh: t('qualification.newRequirement'), en: 'New requirement' },
                            type: 'certificate',
                            code: '',
                          },
                        ],
                  },
                ]);
                setActivePost(String(value.posts.length));
              }}
            >
              {t('qualification.addPost')}
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed" mb="xs">
          {t('qualification.matrixHint')}
        </Text>
        <Table.ScrollContainer minWidth={260 + value.posts.length * 130}>
          <Table
            withTableBorder
            withColumnBorders
            className={classes.matrix}
            aria-label={t('qualification.matrix')}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={280}>{t('qualification.requirement')}</Table.Th>
                {value.posts.map((post, i) => (
                  <Table.Th key={i} className={classes.postHeader} scope="col">
                    <Group gap={4} justify="center" wrap="nowrap">
                      <span>{pick(post.title) || post.id}</span>
                      <IssueBadge path={childPath('$', 'posts', i)} />
                    </Group>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Th scope="row" className={classes.rowHeader}>
                    <Group gap={6} wrap="nowrap">
                      <Badge size="xs" variant="light" color={TYPE_COLOR[row.template.type]} miw={56}>
                        {t(`qualification.types.${row.template.type}`)}
                      </Badge>
                      <Text size="sm" lh={1.3}>
                        {pick(row.template.title)}
                      </Text>
                    </Group>
                  </Table.Th>
                  {value.posts.map((post, postIndex) => {
                    const requirement = post.requirements.find((r) => r.id === row.id);
                    const postName = pick(post.title) || post.id;
                    return (
                      <Table.Td
                        key={postIndex}
                        className={classes.cell}
                        data-required={requirement ? true : undefined}
                      >
                        <Stack gap={2} align="center">
                          <Checkbox
                            aria-label={t('qualification.required', {
                              post: postName,
                              requirement: pick(row.template.title),
                            })}
                            checked={Boolean(requirement)}
                            disabled={readOnly || (Boolean(requirement) && post.requirements.length <= 1)}
                            onChange={(e) => toggle(postIndex, row, e.currentTarget.checked)}
                          />
                          {requirement && (
                            <Text size="10px" c="dimmed" ta="center" lh={1.25} className={classes.cellText}>
                              {cellText(requirement)}
                            </Text>
                          )}
                        </Stack>
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>

      <Card>
        <Title order={4} mb="xs">
          {t('qualification.postDetails')}
        </Title>
        {value.posts.length === 0 ? (
          <Text c="dimmed">{t('qualification.noPosts')}</Text>
        ) : (
          <Tabs value={activePost} onChange={setActivePost} keepMounted={false}>
            <Tabs.List>
              {value.posts.map((post, i) => (
                <Tabs.Tab
                  key={i}
                  value={String(i)}
                  rightSection={<IssueBadge path={childPath('$', 'posts', i)} />}
                >
                  {pick(post.title) || post.id}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {value.posts.map((post, i) => (
              <Tabs.Panel key={i} value={String(i)} pt="sm">
                <PostDetails
                  post={post}
                  index={i}
                  count={value.posts.length}
                  onChange={(next) => setPosts(replaceAt(value.posts, i, next))}
                  onMove={(to) => {
                    setPosts(moveItem(value.posts, i, to));
                    setActivePost(String(Math.max(0, Math.min(value.posts.length - 1, to))));
                  }}
                  onRemove={() => {
                    setPosts(removeAt(value.posts, i));
                    setActivePost('0');
                  }}
                  subject={subject}
                  readOnly={readOnly}
                />
              </Tabs.Panel>
            ))}
          </Tabs>
        )}
      </Card>
    </Stack>
  );
}
