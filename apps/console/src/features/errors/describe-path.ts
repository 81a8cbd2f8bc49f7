import type { TFunction } from 'i18next';
import { parsePath } from '../../lib/json-path';
import { pickText, type TextLanguage } from '../../i18n/use-language';
import type { LocalizedText } from '@precept/schema';

const NAMED_SEGMENTS = [
  'lines',
  'targets',
  'sections',
  'items',
  'posts',
  'requirements',
  'levels',
  'rules',
  'actions',
  'grades',
  'categories',
  'categoryCaps',
  'condition',
  'conditions',
  'points',
  'title',
  'value',
  'fact',
  'operator',
  'reportTo',
  'rectification',
  'event',
  'facts',
  'id',
  'type',
  'section',
  'category',
  'max',
  'minScore',
  'maxScore',
  'baseScore',
  'passPercent',
  'severity',
  'responseHours',
  'authority',
  'deadlineHours',
  'owner',
  'code',
  'minLevel',
  'maxAgeMonths',
  'critical',
  'grade',
  'label',
  'zh',
  'en',
  'warnWithinDays',
  'priority',
  'deadlineDays',
  'step',
  'above',
  'below',
  'cap',
  'mode',
  'kind',
  'params',
] as const;
type NamedSegment = (typeof NAMED_SEGMENTS)[number];

function isNamed(segment: string): segment is NamedSegment {
  return (NAMED_SEGMENTS as readonly string[]).includes(segment);
}

function isLocalizedText(value: unknown): value is LocalizedText {
  return typeof value === 'object' && value !== null && 'zh' in value && 'en' in value;
}

/**
 * A JSON path as a reader would say it, naming elements by their titles where the document has them:
 * `$.lines[2].condition.all[0].value` → `评分项「客户投诉」 › 条件 › 第 1 项 › 值`.
 */
export function describePath(path: string, t: TFunction, language: TextLanguage, document?: unknown): string {
  const segments = parsePath(path);
  if (segments.length === 0) return t('path.root');
  const parts: string[] = [];
  let node: unknown = document;
  let container: string | undefined;
  for (const segment of segments) {
    const next: unknown =
      node !== null && typeof node === 'object'
        ? (node as Record<string | number, unknown>)[segment]
        : undefined;
    if (typeof segment === 'number') {
      const named =
        next !== null && typeof next === 'object' ? (next as { title?: unknown; label?: unknown }) : {};
      const localized = isLocalizedText(named.title)
        ? named.title
        : isLocalizedText(named.label)
          ? named.label
          : undefined;
      const title = localized ? pickText(localized, language) : undefined;
      const label = container && isNamed(container) ? t(`path.${container}`) : undefined;
      const n = t('common.itemN', { n: segment + 1 });
      const text = title ? `${label ?? ''}「${title}」` : label ? `${label} ${segment + 1}` : n;
      if (container && isNamed(container)) parts.pop();
      parts.push(text);
    } else {
      container = segment;
      parts.push(isNamed(segment) ? t(`path.${segment}`) : segment);
    }
    node = next;
  }
  return parts.join(' › ');
}
