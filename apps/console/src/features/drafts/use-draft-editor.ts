/**
 * The logic of the draft editor (the page is its presentation): the document being edited, the
 * last saved one and its `lockVersion`, save with the optimistic lock, conflict detection and
 * reload, the server's validation issues, submit and discard.
 */
import type { Issue, PolicyDocument } from '@precept/schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { readError } from '../../lib/errors';
import { useTRPC, type RouterOutputs } from '../../lib/trpc';

type VersionDetail = RouterOutputs['policies']['getVersion'];

/** JSON with object keys sorted, so two equal documents compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** What {@link useDraftEditor} gives the page. */
export interface DraftEditor {
  version: VersionDetail | undefined;
  /** Load state of the version, for the page's loader and error. */
  query: { data: VersionDetail | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  document: PolicyDocument | null;
  setDocument: (document: PolicyDocument) => void;
  isDirty: boolean;
  /** Issues the server found in the saved document; empty while there are unsaved edits. */
  serverIssues: readonly Issue[];
  save: () => Promise<boolean>;
  isSaving: boolean;
  saveError: unknown;
  savedAt: Date | null;
  /** Someone else saved since this editor loaded: saving again would overwrite them, so it is refused. */
  hasConflict: boolean;
  dismissConflict: () => void;
  reload: () => Promise<void>;
  lockVersion: number | null;
}

/** Edits one draft version of a policy. */
export function useDraftEditor(policyKey: string, versionNumber: number): DraftEditor {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.policies.getVersion.queryOptions({ policyKey, version: versionNumber });
  const query = useQuery({ ...options, staleTime: Infinity });
  const [saved, setSaved] = useState<{
    document: PolicyDocument;
    lockVersion: number;
    issues: Issue[];
  } | null>(null);
  const [document, setDocumentState] = useState<PolicyDocument | null>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [hasConflict, setConflict] = useState(false);

  const adopt = useCallback((v: VersionDetail) => {
    setSaved({ document: v.document, lockVersion: v.lockVersion, issues: v.issues });
    setDocumentState(v.document);
  }, []);

  useEffect(() => {
    if (query.data && saved === null) adopt(query.data);
  }, [query.data, saved, adopt]);

  const mutation = useMutation(trpc.policies.updateDraft.mutationOptions());
  const isDirty = useMemo(
    () => document !== null && saved !== null && canonicalJson(document) !== canonicalJson(saved.document),
    [document, saved],
  );

  const save = useCallback(async (): Promise<boolean> => {
    if (!document || !saved) return false;
    try {
      const sent = document;
      const v = await mutation.mutateAsync({
        policyKey,
        version: versionNumber,
        lockVersion: saved.lockVersion,
        document: sent,
      });
      setSaved({ document: v.document, lockVersion: v.lockVersion, issues: v.issues });
      // Keep edits made while the save was on its way; otherwise show what the server stored.
      setDocumentState((current) => (current === sent ? v.document : current));
      setSavedAt(new Date());
      queryClient.setQueryData(options.queryKey, v);
      await queryClient.invalidateQueries(trpc.policies.get.queryFilter({ policyKey }));
      return true;
    } catch (error) {
      if (readError(error).code === 'CONFLICT') setConflict(true);
      return false;
    }
  }, [document, saved, mutation, policyKey, versionNumber, queryClient, options.queryKey, trpc]);

  const reload = useCallback(async () => {
    setConflict(false);
    mutation.reset();
    const fresh = await queryClient.fetchQuery({ ...options, staleTime: 0 });
    adopt(fresh);
  }, [mutation, queryClient, options, adopt]);

  return {
    version: query.data,
    query,
    document,
    setDocument: setDocumentState,
    isDirty,
    serverIssues: isDirty || !saved ? [] : saved.issues,
    save,
    isSaving: mutation.isPending,
    saveError: hasConflict ? null : mutation.error,
    savedAt,
    hasConflict,
    dismissConflict: () => setConflict(false),
    reload,
    lockVersion: saved?.lockVersion ?? null,
  };
}
