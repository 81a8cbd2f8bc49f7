import { validateSubject } from '@precept/rules';
import { contentHash } from '../../crypto/content-hash.js';
import { AppError, type Actor, type Subject, type SubjectVersion } from '@precept/schema';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import type { AuditService } from '../audit/audit.service.js';
import { subjectNotFound } from './subjects.errors.js';
import { findSubject, insertSubjectVersion, listLatestSubjects } from './subjects.store.js';

/** Dependencies of {@link createSubjectsService}. */
export interface SubjectsServiceDeps {
  db: Db;
  audit: AuditService;
  now: () => Date;
}

/** Subjects (fact schemas): versioned; a policy version is pinned to the subject version it was written against. */
export interface SubjectsService {
  list(): Promise<SubjectVersion[]>;
  /** The latest version, or `version`; `NOT_FOUND` otherwise. */
  get(key: string, version?: number, db?: DbOrTrx): Promise<SubjectVersion>;
  /** Stores a new version after validating it (`VALIDATION` with paths). */
  save(actor: Actor, subject: Subject, changeNote: string): Promise<SubjectVersion>;
  /** Stores a new version inside `trx` (seeding). */
  saveIn(trx: Trx, actor: Actor, subject: Subject, changeNote: string): Promise<SubjectVersion>;
}

/** Creates the {@link SubjectsService}. */
export function createSubjectsService({ db, audit, now }: SubjectsServiceDeps): SubjectsService {
  const saveIn = async (
    trx: Trx,
    actor: Actor,
    subject: Subject,
    changeNote: string,
  ): Promise<SubjectVersion> => {
    const validation = validateSubject(subject);
    if (!validation.ok) {
      throw new AppError('VALIDATION', `subject "${subject.key}" is invalid`, { issues: validation.issues });
    }
    const previous = await findSubject(trx, subject.key);
    const hash = contentHash(validation.subject);
    if (previous !== undefined && previous.contentHash === hash) return previous;
    const entry = {
      key: subject.key,
      version: (previous?.version ?? 0) + 1,
      subject: validation.subject,
      contentHash: hash,
      changeNote,
      createdBy: actor.id,
      createdAt: now(),
    };
    await insertSubjectVersion(trx, entry);
    await audit.record(trx, actor, {
      action: previous === undefined ? 'subject.create' : 'subject.update',
      entityType: 'subject',
      entityId: `${entry.key}@${entry.version}`,
      reason: changeNote,
      beforeHash: previous?.contentHash ?? null,
      afterHash: hash,
    });
    return { ...entry, createdAt: entry.createdAt.toISOString() };
  };

  return {
    list: () => listLatestSubjects(db),
    async get(key, version, handle = db) {
      const found = await findSubject(handle, key, version);
      if (found === undefined) throw subjectNotFound(key, version);
      return found;
    },
    save: (actor, subject, changeNote) =>
      db.transaction().execute((trx) => saveIn(trx, actor, subject, changeNote)),
    saveIn,
  };
}
