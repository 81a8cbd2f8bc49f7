import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../lib/format';
import { deciderOf, type DualRole } from '../dual-control';

/** Who decides a request: "an administrator decides this" / "an auditor decides this". */
export function DeciderNote({ requestedAs }: { requestedAs: DualRole }) {
  const { t } = useTranslation();
  return (
    <Text size="xs" c="dimmed" data-testid="decider">
      {deciderOf(requestedAs) === 'admin' ? t('retention.adminDecides') : t('retention.auditorDecides')}
    </Text>
  );
}

/** Why the reader has no say on a request: it is their own, or the other role decides it. */
export function NotYourDecision({ why }: { why: 'own' | 'role' }) {
  const { t } = useTranslation();
  return (
    <Text size="xs" c="dimmed">
      {why === 'own' ? t('retention.ownRequest') : t('retention.notYourDecision')}
    </Text>
  );
}

/** What a legal hold and a retention change record of their request and its decision. */
export interface TrailRecord {
  requestedBy: string;
  requestedAs: DualRole;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  /** `rejected` when the decision was a rejection. */
  status: string;
}

/** The record of one dual-control request: who asked in which role and when; who decided, when, and their comment. */
export function RequestTrail({ record }: { record: TrailRecord }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <>
      <Text size="xs">
        {t('retention.askedBy', {
          who: record.requestedBy,
          role: t(`role.${record.requestedAs}`),
          at: format.dateTime(record.requestedAt),
        })}
      </Text>
      {record.decidedBy && record.decidedAt && (
        <Text size="xs">
          {t(record.status === 'rejected' ? 'retention.rejectedBy' : 'retention.approvedBy', {
            who: record.decidedBy,
            at: format.dateTime(record.decidedAt),
          })}
        </Text>
      )}
      {record.decisionComment && (
        <Text size="xs" c="dimmed" fs="italic">
          {record.decisionComment}
        </Text>
      )}
    </>
  );
}
