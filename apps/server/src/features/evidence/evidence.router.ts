import { EvidenceVerificationSchema, EvidenceVerifyInputSchema } from '@precept/schema';
import { procedure, router } from '../../trpc/trpc.js';
import { verifyEvidence } from './evidence.signature.js';

/** `evidence.*`: checking a downloaded evidence package (the same check `evidence-verify.js` runs offline). */
export const evidenceRouter = router({
  verify: procedure
    .meta({
      access: 'authenticated',
      summary: 'Verify an evidence package: rows hash, Ed25519 signature, signing key (default: this server’s), audit chain',
    })
    .input(EvidenceVerifyInputSchema)
    .output(EvidenceVerificationSchema)
    .mutation(({ ctx, input }) => verifyEvidence(input.evidence, input.publicKey ?? ctx.signingKey.publicKey)),
});
