/**
 * Conditions as sentences in the reader's language: `客户满意率 小于 95%`, `投诉 大于 0 件 或 媒体曝光 大于 0 次`.
 * Used by the text rendering of documents, summaries in the editors, diffs and traces.
 */
import {
  OPERATORS,
  isOperatorName,
  type Condition,
  type FactReference,
  type Field,
  type JsonValue,
  type Subject,
} from '@precept/schema';
import type { TFunction } from 'i18next';
import { pickText, type TextLanguage } from '../../i18n/use-language';
import { useFormatters, type Formatters } from '../../lib/format';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../i18n/use-language';
import { countUnitOf, factKey, isFactReference, listFactOptions, valueKindOf } from './condition-model';

/** What describing needs: the subject for labels and units, the translator, the language and formatters. */
export interface DescribeContext {
  subject: Subject | undefined;
  t: TFunction;
  language: TextLanguage;
  format: Formatters;
}

/** The label of a fact (and path) in the reader's language, or its name when the subject lacks it. */
export function factLabel(ctx: DescribeContext, fact: string, path?: string): string {
  const option = ctx.subject
    ? listFactOptions(ctx.subject).find((o) => o.key === factKey(fact, path))
    : undefined;
  return option ? pickText(option.label, ctx.language) : factKey(fact, path);
}

/** The field of a fact (and path), if the subject has it. */
function fieldOf(ctx: DescribeContext, fact: string, path?: string): Field | undefined {
  return ctx.subject
    ? listFactOptions(ctx.subject).find((o) => o.key === factKey(fact, path))?.field
    : undefined;
}

/** A unit written after a number: `%` sticks to it, words get a space in English. */
export function withUnit(text: string, unitName: Field['unit'], language: TextLanguage): string {
  const unit = pickText(unitName, language);
  if (!unit) return text;
  if (unit === '%' || language === 'zh') return `${text}${unit === '%' ? '%' : ` ${unit}`}`;
  return `${text} ${unit}`;
}

/** One value as the reader sees it: a number with its unit, an enum's label, a date, a quoted text. */
export function formatValue(
  ctx: DescribeContext,
  value: JsonValue | FactReference | undefined,
  field?: Field,
): string {
  if (value === undefined || value === null || value === '') return ctx.t('common.noValue');
  if (isFactReference(value)) return ctx.t('text.factRef', { label: factLabel(ctx, value.fact, value.path) });
  if (Array.isArray(value)) {
    return value.map((v) => formatValue(ctx, v, field)).join(ctx.t('text.listSeparator'));
  }
  if (typeof value === 'number') return withUnit(ctx.format.number(value), field?.unit, ctx.language);
  if (typeof value === 'boolean') return value ? ctx.t('common.yes') : ctx.t('common.no');
  if (typeof value === 'string') {
    const option = field?.values?.find((v) => v.value === value);
    if (option) return pickText(option.label, ctx.language);
    if (field?.type === 'date') return value;
    return ctx.language === 'zh' ? `“${value}”` : `"${value}"`;
  }
  return JSON.stringify(value);
}

function describeLeaf(ctx: DescribeContext, condition: Extract<Condition, { fact: string }>): string {
  const label = factLabel(ctx, condition.fact, condition.path);
  if (!isOperatorName(condition.operator)) return `${label} ${String(condition.operator)}`;
  const field = fieldOf(ctx, condition.fact, condition.path);
  const spec = OPERATORS[condition.operator];
  const opLabel = pickText(spec.label, ctx.language);
  switch (valueKindOf(condition.operator)) {
    case 'boolean': {
      const holds = condition.value !== false;
      if (condition.operator === 'isEmpty')
        return `${label} ${holds ? ctx.t('text.empty') : ctx.t('text.notEmpty')}`;
      return `${label} ${holds ? ctx.t('text.present') : ctx.t('text.absent')}`;
    }
    case 'count': {
      const count = typeof condition.value === 'number' ? condition.value : 0;
      if (opLabel.includes('N')) return `${label} ${opLabel.replace('N', ctx.format.number(count))}`;
      const unit = ctx.t(`text.${countUnitOf(condition.operator)}`, { count });
      return `${label} ${opLabel} ${unit}`;
    }
    case 'range': {
      const [min, max] = Array.isArray(condition.value) ? condition.value : [];
      return `${label} ${opLabel} ${ctx.t('text.range', {
        min: formatValue(ctx, min, field),
        max: formatValue(ctx, max, field),
      })}`;
    }
    case 'same':
    case 'list':
    case 'element':
    case 'elements':
      return `${label} ${opLabel} ${formatValue(ctx, condition.value, field)}`;
  }
}

/**
 * A condition tree as one sentence. Nested groups are bracketed; an empty `all` is "无条件 / always"
 * and an empty `any` is "永不 / never", which is how the engine reads them.
 */
export function describeCondition(ctx: DescribeContext, condition: Condition, nested = false): string {
  if ('fact' in condition) return describeLeaf(ctx, condition);
  if ('not' in condition) {
    const inner = describeCondition(ctx, condition.not, true);
    return ctx.language === 'zh' ? `${ctx.t('text.not')}（${inner}）` : `${ctx.t('text.not')} (${inner})`;
  }
  const isAll = 'all' in condition;
  const children = isAll ? condition.all : condition.any;
  if (children.length === 0) return isAll ? ctx.t('text.always') : ctx.t('text.never');
  if (children.length === 1) return describeCondition(ctx, children[0] as Condition, nested);
  const joiner = ` ${isAll ? ctx.t('text.and') : ctx.t('text.or')} `;
  const text = children.map((c) => describeCondition(ctx, c, true)).join(joiner);
  if (!nested) return text;
  return ctx.language === 'zh' ? `（${text}）` : `(${text})`;
}

/** The describe context of the current language, for a subject. */
export function useDescribeContext(subject: Subject | undefined): DescribeContext {
  const { t } = useTranslation();
  const { textLanguage } = useLanguage();
  const format = useFormatters();
  return useMemo(() => ({ subject, t, language: textLanguage, format }), [subject, t, textLanguage, format]);
}
