import { Badge, Box, Group, List, Stack, Text, Title } from '@mantine/core';
import type { PolicyDocument, ScorecardDocument, Subject } from '@precept/schema';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/use-language';
import {
  describeCondition,
  useDescribeContext,
  type DescribeContext,
} from '../../conditions/describe-condition';
import { describePoints, describeRequirement } from '../describe-document';
import { SEVERITY_COLOR } from '../StandardEditor/StandardEditor';
import { SectionRef } from '../SectionRef/SectionRef';
import classes from './DocumentText.module.css';

/** Props of {@link DocumentText}. */
export interface DocumentTextProps {
  document: PolicyDocument;
  /** The policy's subject, for fact labels, units and enum labels; ids show without it. */
  subject: Subject | undefined;
}

function Section({ children }: { children: string | undefined }) {
  const { t } = useTranslation();
  if (!children) return null;
  return (
    <Text span size="xs" c="dimmed" ml={6} className={classes.ref}>
      {t('common.refOpen')}
      <SectionRef value={children} />
      {t('common.refClose')}
    </Text>
  );
}

function Entry({
  title,
  tags,
  section,
  children,
}: {
  title: string;
  tags?: ReactNode;
  section?: string | undefined;
  children?: ReactNode;
}) {
  return (
    <List.Item className={classes.entry}>
      <Group gap={6} wrap="wrap" align="baseline">
        <Text span fw={500} size="sm">
          {title}
        </Text>
        {tags}
        <Section>{section}</Section>
      </Group>
      {children && (
        <Text size="sm" c="gray.8" className={classes.body}>
          {children}
        </Text>
      )}
    </List.Item>
  );
}

function Scorecard({ doc, ctx }: { doc: ScorecardDocument; ctx: DescribeContext }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const n = (v: number) => ctx.format.number(v);
  // A category is shown by its name; its id only when the document gives none.
  const categoryName = (id: string) => pick(doc.categories?.find((c) => c.id === id)?.label) || id;
  const clamp =
    doc.minScore !== undefined && doc.maxScore !== undefined
      ? t('text.scorecard.clamp', { min: n(doc.minScore), max: n(doc.maxScore) })
      : doc.minScore !== undefined
        ? t('text.scorecard.clampMin', { min: n(doc.minScore) })
        : doc.maxScore !== undefined
          ? t('text.scorecard.clampMax', { max: n(doc.maxScore) })
          : '';
  const lines = (type: 'deduction' | 'bonus') => doc.lines.filter((l) => l.type === type);
  return (
    <Stack gap="sm">
      <Text size="sm">
        {t('text.scorecard.intro', { base: n(doc.baseScore) })}
        {clamp}
      </Text>
      {(['deduction', 'bonus'] as const).map((type) =>
        lines(type).length === 0 ? null : (
          <div key={type}>
            <Title order={5} mb={4}>
              {type === 'deduction' ? t('text.scorecard.deductions') : t('text.scorecard.bonuses')}
            </Title>
            <List type="ordered" spacing={6} size="sm">
              {lines(type).map((line) => (
                <Entry
                  key={line.id}
                  title={pick(line.title)}
                  section={line.section}
                  tags={
                    <Badge size="xs" variant="outline" color="gray">
                      {categoryName(line.category)}
                    </Badge>
                  }
                >
                  <strong>{describePoints(ctx, line.type, line.points)}</strong>
                  {t('common.semicolon')}
                  {t('text.scorecard.if')}
                  {describeCondition(ctx, line.condition)}
                </Entry>
              ))}
            </List>
          </div>
        ),
      )}
      {doc.categoryCaps.length > 0 && (
        <div>
          <Title order={5} mb={4}>
            {t('text.scorecard.categoryCaps')}
          </Title>
          <List size="sm" spacing={2}>
            {doc.categoryCaps.map((cap) => (
              <List.Item key={cap.category}>
                {t('text.scorecard.categoryCap', { category: categoryName(cap.category), max: n(cap.max) })}
              </List.Item>
            ))}
          </List>
        </div>
      )}
      <div>
        <Title order={5} mb={4}>
          {t('text.scorecard.grades')}
        </Title>
        <List size="sm" spacing={2}>
          {doc.grades.map((g) => (
            <List.Item key={g.grade}>
              {t('text.scorecard.grade', {
                label:
                  ctx.language === 'zh' ? `${pick(g.label)}（${g.grade}）` : `${pick(g.label)} (${g.grade})`,
                min: n(g.minScore),
              })}
            </List.Item>
          ))}
        </List>
      </div>
    </Stack>
  );
}

function Body({ document: doc, ctx }: { document: PolicyDocument; ctx: DescribeContext }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const n = (v: number) => ctx.format.number(v);
  switch (doc.kind) {
    case 'scorecard':
      return <Scorecard doc={doc} ctx={ctx} />;
    case 'standard':
      return (
        <List type="ordered" spacing={6} size="sm">
          {doc.targets.map((target) => (
            <Entry
              key={target.id}
              title={pick(target.title)}
              section={target.section}
              tags={
                <Badge size="xs" variant="light" color={SEVERITY_COLOR[target.severity]}>
                  {t(`severity.${target.severity}`)}
                </Badge>
              }
            >
              {t('text.standard.metWhen')}
              {describeCondition(ctx, target.condition)}
            </Entry>
          ))}
        </List>
      );
    case 'checklist':
      return (
        <Stack gap="sm">
          <Text size="sm">{t('text.checklist.intro', { percent: n(doc.passPercent) })}</Text>
          {doc.sections.map((section) => (
            <div key={section.id}>
              <Title order={5} mb={4}>
                {pick(section.title)}
                <Section>{section.section}</Section>
              </Title>
              <List type="ordered" spacing={6} size="sm">
                {section.items.map((item) => (
                  <Entry
                    key={item.id}
                    title={pick(item.title)}
                    section={item.section}
                    tags={
                      <>
                        <Badge size="xs" variant="light">
                          {t('text.checklist.item', { points: n(item.points) })}
                        </Badge>
                        {item.critical && (
                          <Badge size="xs" color="red">
                            {t('text.checklist.critical')}
                          </Badge>
                        )}
                      </>
                    }
                  >
                    {t('text.checklist.passWhen')}
                    {describeCondition(ctx, item.condition)}
                    {t('common.semicolon')}
                    {t('text.checklist.rectification', {
                      owner: pick(item.rectification.owner),
                      days: n(item.rectification.deadlineDays),
                    })}
                  </Entry>
                ))}
              </List>
            </div>
          ))}
        </Stack>
      );
    case 'qualification':
      return (
        <Stack gap="sm">
          <Text size="sm">{t('text.qualification.intro', { days: n(doc.warnWithinDays) })}</Text>
          {doc.posts.map((post) => (
            <div key={post.id}>
              <Title order={5} mb={4}>
                {pick(post.title)}
                <Section>{post.section}</Section>
              </Title>
              <List spacing={4} size="sm">
                {post.requirements.map((r) => (
                  <Entry key={r.id} title={pick(r.title)} section={r.section}>
                    {describeRequirement(ctx, r)}
                    {r.type === 'condition' ? describeCondition(ctx, r.condition) : ''}
                  </Entry>
                ))}
              </List>
            </div>
          ))}
        </Stack>
      );
    case 'escalation':
      return (
        <Stack gap="sm">
          <Text size="sm">{t('text.escalation.intro')}</Text>
          <List type="ordered" spacing={10} size="sm">
            {doc.levels.map((level) => (
              <Entry
                key={level.id}
                title={pick(level.title)}
                section={level.section}
                tags={
                  <Badge size="xs" variant="light" color="orange">
                    {t('text.escalation.severity', { severity: level.severity })}
                  </Badge>
                }
              >
                {t('text.escalation.when')}
                {describeCondition(ctx, level.condition)}
                <br />
                {t('text.escalation.reportTo', {
                  chain: level.reportTo.map(pick).join(t('text.escalation.chainSeparator')),
                })}
                {t('common.semicolon')}
                {t('text.escalation.respond', { hours: n(level.responseHours) })}
                {t('common.semicolon')}
                {t('text.escalation.authority', { authority: pick(level.authority) })}
                {level.actions.length > 0 && (
                  <Box component="span" display="block" mt={2}>
                    {level.actions
                      .map((a) =>
                        t('text.escalation.action', {
                          title: pick(a.title),
                          owner: pick(a.owner),
                          hours: n(a.deadlineHours),
                        }),
                      )
                      .join(t('common.semicolon'))}
                  </Box>
                )}
              </Entry>
            ))}
          </List>
        </Stack>
      );
    case 'ruleset':
      return (
        <List type="ordered" spacing={6} size="sm">
          {doc.rules.map((rule) => (
            <Entry
              key={rule.id}
              title={pick(rule.title) || rule.id}
              tags={
                <Badge size="xs" variant="outline" color="gray">
                  {t('text.ruleset.priority', { priority: rule.priority })}
                </Badge>
              }
            >
              {t('text.ruleset.when')}
              {describeCondition(ctx, rule.conditions)}
              {t('common.semicolon')}
              {t('text.ruleset.event', { type: rule.event.type })}
            </Entry>
          ))}
        </List>
      );
  }
}

/**
 * A policy document as readable text in the reader's language — points, thresholds and conditions
 * in words, with fact labels and units from the subject — never JSON.
 */
export function DocumentText({ document, subject }: DocumentTextProps) {
  const ctx = useDescribeContext(subject);
  return (
    <div className={classes.root} data-testid="document-text">
      <Body document={document} ctx={ctx} />
    </div>
  );
}
