import { useTranslation } from 'react-i18next';
import { zhCN } from '../../i18n/zh-CN';

const KNOWN_ACTIONS = Object.keys(zhCN.audit.actions) as (keyof typeof zhCN.audit.actions)[];
const COMPLIANCE_ACTIONS = Object.keys(
  zhCN.auditCompliance.actions,
) as (keyof typeof zhCN.auditCompliance.actions)[];
const ENTITY_TYPES = Object.keys(zhCN.audit.entityTypes) as (keyof typeof zhCN.audit.entityTypes)[];
const ACTOR_KINDS = Object.keys(zhCN.audit.actorKinds) as (keyof typeof zhCN.audit.actorKinds)[];
const REFUSED = '.refused';

/**
 * How an audit record's codes read in the console's language: its action (`policy.publish` →
 * 发布), the type of what it changed (`policyVersion` → 政策版本) and the kind of actor. A code the
 * console does not know is shown as written.
 */
export function useAuditLabels(): {
  action: (name: string) => string;
  entityType: (type: string) => string;
  actorKind: (kind: string) => string;
} {
  const { t } = useTranslation();
  const knownAction = (name: string): string | undefined =>
    (KNOWN_ACTIONS as string[]).includes(name)
      ? t(`audit.actions.${name as (typeof KNOWN_ACTIONS)[number]}`)
      : (COMPLIANCE_ACTIONS as string[]).includes(name)
        ? t(`auditCompliance.actions.${name as (typeof COMPLIANCE_ACTIONS)[number]}`)
        : undefined;
  return {
    // A refused step (`legalHold.approved.refused`) reads as the step it refused.
    action: (name) => {
      const refused = name.endsWith(REFUSED) ? knownAction(name.slice(0, -REFUSED.length)) : undefined;
      return refused ? t('auditCompliance.refused', { action: refused }) : (knownAction(name) ?? name);
    },
    entityType: (type) =>
      (ENTITY_TYPES as string[]).includes(type)
        ? t(`audit.entityTypes.${type as (typeof ENTITY_TYPES)[number]}`)
        : type,
    actorKind: (kind) =>
      (ACTOR_KINDS as string[]).includes(kind)
        ? t(`audit.actorKinds.${kind as (typeof ACTOR_KINDS)[number]}`)
        : kind,
  };
}
