import type { PolicyDocument } from '@precept/schema';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../i18n/use-language';
import { useTRPC } from '../../lib/trpc';
import { verdictLabel, verdictOptions, type VerdictOption } from './verdicts';

/** Statuses of versions that have decided something (been in force). */
const DECIDING = new Set(['published', 'superseded', 'retired']);

/**
 * The documents of a policy's versions that have been in force, newest first (none while loading
 * or without a policy): what the decision log's verdicts of the policy can name.
 */
export function usePolicyDocuments(policyKey: string | null | undefined): PolicyDocument[] {
  const trpc = useTRPC();
  const policy = useQuery({
    ...trpc.policies.get.queryOptions({ policyKey: policyKey ?? 'x' }),
    enabled: Boolean(policyKey),
    staleTime: 60_000,
  });
  const versions = (policy.data?.versions ?? []).filter((v) => DECIDING.has(v.status));
  const documents = useQueries({
    queries: versions.map((v) => ({
      ...trpc.policies.getVersion.queryOptions({ policyKey: policyKey ?? 'x', version: v.version }),
      staleTime: Infinity,
    })),
  });
  return documents.flatMap((q) => (q.data ? [q.data.document] : []));
}

/**
 * The verdict filter's options for a policy, labelled in the reader's language, and a function
 * naming any verdict of it.
 */
export function usePolicyVerdicts(policyKey: string | null | undefined): {
  options: VerdictOption[];
  label: (verdict: string) => string;
} {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const documents = usePolicyDocuments(policyKey);
  const words = { t, pick };
  return {
    options: verdictOptions(documents, words),
    label: (verdict) => verdictLabel(verdict, documents, words),
  };
}
