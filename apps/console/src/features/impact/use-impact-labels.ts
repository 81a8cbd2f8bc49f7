import type { ImpactReport, PolicyDocument } from '@precept/schema';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../i18n/use-language';
import { useTRPC } from '../../lib/trpc';
import { verdictLabel, verdictOptions } from '../decisions/verdicts';
import { elementTitle } from './element-titles';

/** How an impact report's verdicts, elements and numbers read, in the reader's language. */
export interface ImpactLabels {
  /** The documents compared: the version analysed first, then the baseline (once loaded). */
  documents: PolicyDocument[];
  verdict: (verdict: string) => string;
  /** Every verdict the two versions know, in their natural order (best first). */
  verdictOrder: string[];
  /** An element's title, or its id when neither version names it. */
  element: (id: string) => string;
  /** A number of the outcome (`total`, `percent`…). */
  field: (field: string) => string;
  /** A key of an outcome in a changed value's path (`points`, `capped`…), or the key itself. */
  outcomeKey: (key: string) => string;
}

const FIELDS = ['total', 'score', 'percent', 'metCount', 'severity', 'requirementsMet', 'events'] as const;
/** The outcome keys a changed value's path can name (titles and explanations are never diffed). */
const OUTCOME_KEYS = [
  'met',
  'metCount',
  'targets',
  'actual',
  'severity',
  'score',
  'maxScore',
  'percent',
  'passed',
  'sections',
  'sectionId',
  'items',
  'points',
  'awarded',
  'critical',
  'failedItems',
  'criticalFailures',
  'actions',
  'owner',
  'dueDate',
  'baseScore',
  'total',
  'deductions',
  'bonuses',
  'lines',
  'type',
  'category',
  'fired',
  'units',
  'capped',
  'categories',
  'label',
  'grade',
  'post',
  'qualified',
  'requirements',
  'validUntil',
  'warnings',
  'level',
  'reportTo',
  'authority',
  'respondBy',
  'dueBy',
  'events',
  'params',
] as const;

/** Labels for `report`, from the documents of the version analysed and the version it was compared with. */
export function useImpactLabels(
  report: Pick<ImpactReport, 'policyKey' | 'version' | 'baselineVersion'>,
): ImpactLabels {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const trpc = useTRPC();
  const versions = [report.version, ...(report.baselineVersion === null ? [] : [report.baselineVersion])];
  const queries = useQueries({
    queries: versions.map((version) => ({
      ...trpc.policies.getVersion.queryOptions({ policyKey: report.policyKey, version }),
      staleTime: 60_000,
    })),
  });
  const documents = queries.flatMap((q) => (q.data ? [q.data.document] : []));
  const words = { t, pick };
  return {
    documents,
    verdict: (verdict) => verdictLabel(verdict, documents, words),
    verdictOrder: verdictOptions(documents, words).map((o) => o.value),
    element: (id) => {
      const title = elementTitle(id, documents);
      return title === undefined ? id : pick(title);
    },
    field: (field) =>
      (FIELDS as readonly string[]).includes(field)
        ? t(`impact.fields.${field as (typeof FIELDS)[number]}`)
        : field,
    outcomeKey: (key) =>
      (OUTCOME_KEYS as readonly string[]).includes(key)
        ? t(`impact.outcomeKeys.${key as (typeof OUTCOME_KEYS)[number]}`)
        : key,
  };
}
