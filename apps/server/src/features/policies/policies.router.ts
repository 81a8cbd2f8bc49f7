import {
  ApproveInputSchema,
  CreateDraftInputSchema,
  CreatePolicyInputSchema,
  CreatePolicyOutputSchema,
  DiffInputSchema,
  DiffOutputSchema,
  DiscardDraftInputSchema,
  DiscardDraftOutputSchema,
  PolicyDetailSchema,
  PolicyKeyInputSchema,
  PolicyListInputSchema,
  PolicyListOutputSchema,
  PolicyVersionDetailSchema,
  PublishInputSchema,
  RejectInputSchema,
  RetireInputSchema,
  RollbackInputSchema,
  SubmitInputSchema,
  UpdateDraftInputSchema,
  VersionRefInputSchema,
} from '@precept/schema';
import { AUTHORS, READERS, REVIEWERS } from '../../trpc/access.js';
import { actorOf, procedure, router } from '../../trpc/trpc.js';

/** `policies.*`: list, history, lifecycle and diff. */
export const policiesRouter = router({
  list: procedure
    .meta({
      access: READERS,
      summary: 'Policies with where their versions stand; filter by kind, subject, owner, status, text',
    })
    .input(PolicyListInputSchema)
    .output(PolicyListOutputSchema)
    .query(({ ctx, input }) => ctx.services.policies.list(input)),
  get: procedure
    .meta({ access: READERS, summary: 'A policy with its version history (newest first)' })
    .input(PolicyKeyInputSchema)
    .output(PolicyDetailSchema)
    .query(({ ctx, input }) => ctx.services.policies.get(input.policyKey)),
  getVersion: procedure
    .meta({ access: READERS, summary: "One version with its document (and a draft's validation issues)" })
    .input(VersionRefInputSchema)
    .output(PolicyVersionDetailSchema)
    .query(({ ctx, input }) => ctx.services.policies.getVersion(input.policyKey, input.version)),
  diff: procedure
    .meta({ access: READERS, summary: 'Semantic diff between two versions' })
    .input(DiffInputSchema)
    .output(DiffOutputSchema)
    .query(({ ctx, input }) => ctx.services.policies.diff(input.policyKey, input.from, input.to)),
  create: procedure
    .meta({ access: AUTHORS, summary: 'Create a policy with its first draft' })
    .input(CreatePolicyInputSchema)
    .output(CreatePolicyOutputSchema)
    .mutation(({ ctx, input }) => ctx.services.policies.create(actorOf(ctx), input)),
  createDraft: procedure
    .meta({ access: AUTHORS, summary: 'New draft copied from any version' })
    .input(CreateDraftInputSchema)
    .output(PolicyVersionDetailSchema)
    .mutation(({ ctx, input }) => ctx.services.policies.createDraft(actorOf(ctx), input)),
  updateDraft: procedure
    .meta({ access: AUTHORS, summary: "Replace a draft's document (optimistic lock)" })
    .input(UpdateDraftInputSchema)
    .output(PolicyVersionDetailSchema)
    .mutation(({ ctx, input }) => ctx.services.policies.updateDraft(actorOf(ctx), input)),
  discardDraft: procedure
    .meta({ access: AUTHORS, summary: 'Delete a draft' })
    .input(DiscardDraftInputSchema)
    .output(DiscardDraftOutputSchema)
    .mutation(({ ctx, input }) => ctx.services.policies.discardDraft(actorOf(ctx), input)),
  submit: procedure
    .meta({
      access: AUTHORS,
      summary: 'Submit a draft for review (change note; must validate and pass its test cases)',
    })
    .input(SubmitInputSchema)
    .output(PolicyVersionDetailSchema)
    .mutation(({ ctx, input }) => ctx.services.policies.submit(actorOf(ctx), input)),
  approve: procedure
    .meta({ access: REVIEWERS, summary: 'Approve a version in review' })
    .input(ApproveInputSchema)
    .output(PolicyVersionDetailSchema)
    .mutation(({ ctx, input }) => ctx.services.policies.approve(actorOf(ctx), input)),
  reject: procedure
    .meta({ access: REVIEWERS, summary: 'Reject a version in review back to draft, with a comment' })
    .input(RejectInputSchema)
    .output(PolicyVersionDetailSchema)
    .mutation(({ ctx, input }) => ctx.services.policies.reject(actorOf(ctx), input)),
  publish: procedure
    .meta({
      access: REVIEWERS,
      summary: 'Publish an approved version from effectiveFrom (default now; future = scheduled)',
    })
    .input(PublishInputSchema)
    .output(PolicyVersionDetailSchema)
    .mutation(({ ctx, input }) => ctx.services.policies.publish(actorOf(ctx), input)),
  retire: procedure
    .meta({ access: REVIEWERS, summary: "End a published version's window now, or cancel a scheduled one" })
    .input(RetireInputSchema)
    .output(PolicyVersionDetailSchema)
    .mutation(({ ctx, input }) => ctx.services.policies.retire(actorOf(ctx), input)),
  rollback: procedure
    .meta({
      access: REVIEWERS,
      summary: 'Publish a new version whose content equals an earlier published one',
    })
    .input(RollbackInputSchema)
    .output(PolicyVersionDetailSchema)
    .mutation(({ ctx, input }) => ctx.services.policies.rollback(actorOf(ctx), input)),
});
