import type { EvidenceSignature } from '@precept/schema';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { downloadJson } from '../../lib/download';

/** What the console needs of a signed evidence package (audit or decision log). */
export interface SignedEvidence {
  count: number;
  signature: EvidenceSignature;
  /** Decision-log packages only: whether personal values are in clear or pseudonyms. */
  personalData?: 'clear' | 'masked';
}

/** A package just downloaded: its file name and what its recipient needs to verify it. */
export interface ExportedEvidence {
  fileName: string;
  count: number;
  keyId: string;
  /** The public key the package names (SPKI PEM). */
  publicKey: string;
  personalData?: 'clear' | 'masked' | undefined;
}

/** The file a public key is saved as: `precept-signing-key-<key id>.pem`. */
export function publicKeyFileName(keyId: string): string {
  return `precept-signing-key-${keyId}.pem`;
}

/** The offline check of a downloaded package, as one command line. */
export function verifyCommand(fileName: string, keyId: string): string {
  return `node apps/server/dist/evidence-verify.js ${fileName} --public-key ${publicKeyFileName(keyId)}`;
}

/**
 * Exports an evidence package: runs `run`, offers the package as `fileName()` to save, and keeps
 * what was exported so the page can say how to verify it.
 */
export function useEvidenceExport<T extends SignedEvidence>(run: () => Promise<T>, fileName: () => string) {
  const [exported, setExported] = useState<ExportedEvidence | null>(null);
  const mutation = useMutation({
    mutationFn: run,
    onMutate: () => setExported(null),
    onSuccess: (evidence) => {
      const name = fileName();
      downloadJson(name, evidence);
      setExported({
        fileName: name,
        count: evidence.count,
        keyId: evidence.signature.keyId,
        publicKey: evidence.signature.publicKey,
        personalData: evidence.personalData,
      });
    },
  });
  return { mutation, exported, dismiss: () => setExported(null) };
}
