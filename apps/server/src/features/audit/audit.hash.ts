// The hash of an audit row: what links the chain. Shared by the audit service and by the offline
// verification of evidence packages.
import { contentHash } from '@precept/rules';
import type { AuditEntry } from '@precept/schema';

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The row content the hash covers: everything but the hash itself. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return contentHash({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    actorKind: entry.actorKind,
    credential: entry.credential,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    reason: entry.reason,
    beforeHash: entry.beforeHash,
    afterHash: entry.afterHash,
    details: entry.details,
    prevHash: entry.prevHash,
  });
}

