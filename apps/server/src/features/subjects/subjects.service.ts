import { personalPathsOf, validateSubject } from '@precept/rules';
import { AppError, type Actor, type Field, type Subject, type SubjectVersion } from '@precept/schema';
import { contentHash } from '../../crypto/content-hash.js';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import type { AuditService } from '../audit/audit.service.js';
import { personalDataDeclassified, subjectNotFound } from './subjects.errors.js';
import {
  findSubject,
  insertSubjectVersion,
  listLatestSubjects,
  listSubjectVersions,
  notifySubjectChanged,
} from './subjects.store.js';

/** Instances learn here that a subject has a new version (its personal fields may have changed). */
export const SUBJECT_CHANNEL = 'precept_subject_changed';

/** Dependencies of {@link createSubjectsService}. */
export interface SubjectsServiceDeps {
  db: Db;
  audit: AuditService;
  now: () => Date;
  /** Called in this process after a new version committed (the others hear of it on {@link SUBJECT_CHANNEL}). */
  onChanged?: ((key: string) => void) | undefined;
}

/** Subjects (fact schemas): versioned; a policy version is pinned to the subject version it was written against. */
export interface SubjectsService {
  list(): Promise<SubjectVersion[]>;
  /** The latest version, or `version`; `NOT_FOUND` otherwise. */
  get(key: string, version?: number, db?: DbOrTrx): Promise<SubjectVersion>;
  /** Every version of a subject, oldest first (`NOT_FOUND` when it has none). */
  versions(key: string): Promise<SubjectVersion[]>;
  /**
   * Stores a new version after validating it (`VALIDATION` with paths). A field once marked
   * `personal` stays so: a version that unmarks one is refused.
   */
  save(actor: Actor, subject: Subject, changeNote: string): Promise<SubjectVersion>;
  /** Stores a new version inside `trx` (seeding). */
  saveIn(trx: Trx, actor: Actor, subject: Subject, changeNote: string): Promise<SubjectVersion>;
}

/** Creates the {@link SubjectsService}. */
export function createSubjectsService({ db, audit, now, onChanged }: SubjectsServiceDeps): SubjectsService {
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
    if (previous !== undefined) {
      const kept = new Set(personalPathsOf(validation.subject));
      const fields = new Set(allPaths(validation.subject.fields));
      const unmarked = personalPathsOf(previous.subject).filter((path) => fields.has(path) && !kept.has(path) && !isInsidePersonal(path, kept));
      if (unmarked.length > 0) throw personalDataDeclassified(subject.key, unmarked);
    }
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
    await notifySubjectChanged(trx, SUBJECT_CHANNEL, entry.key);
    return { ...entry, createdAt: entry.createdAt.toISOString() };
  };

  return {
    list: () => listLatestSubjects(db),
    async get(key, version, handle = db) {
      const found = await findSubject(handle, key, version);
      if (found === undefined) throw subjectNotFound(key, version);
      return found;
    },
    async versions(key) {
      const found = await listSubjectVersions(db, key);
      if (found.length === 0) throw subjectNotFound(key);
      return found;
    },
    async save(actor, subject, changeNote) {
      const saved = await db.transaction().execute((trx) => saveIn(trx, actor, subject, changeNote));
      onChanged?.(saved.key);
      return saved;
    },
    saveIn,
  };
}

/** Every field of a subject as a dotted path (list elements unnamed). */
function allPaths(fields: readonly Field[], prefix = ''): string[] {
  return fields.flatMap((field) => [
    `${prefix}${field.name}`,
    ...(field.fields === undefined ? [] : allPaths(field.fields, `${prefix}${field.name}.`)),
  ]);
}

/** True when `path` lies inside a field that is personal as a whole. */
function isInsidePersonal(path: string, personal: ReadonlySet<string>): boolean {
  for (const outer of personal) if (path.startsWith(`${outer}.`)) return true;
  return false;
}
