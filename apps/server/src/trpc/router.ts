import { auditRouter } from '../features/audit/audit.router.js';
import { bundlesRouter } from '../features/bundles/bundles.router.js';
import { decisionsRouter } from '../features/decisions/decisions.router.js';
import { evaluationRouter } from '../features/evaluation/evaluation.router.js';
import { evidenceRouter } from '../features/evidence/evidence.router.js';
import { healthRouter, systemRouter } from '../features/health/health.router.js';
import { authRouter, keysRouter, usersRouter } from '../features/identity/identity.router.js';
import { impactRouter } from '../features/impact/impact.router.js';
import { policiesRouter } from '../features/policies/policies.router.js';
import { retentionRouter } from '../features/retention/retention.router.js';
import { subjectsRouter } from '../features/subjects/subjects.router.js';
import { testCasesRouter } from '../features/test-cases/test-cases.router.js';
import { createCallerFactory, router } from './trpc.js';

/** The whole API. */
export const appRouter = router({
  health: healthRouter,
  system: systemRouter,
  subjects: subjectsRouter,
  policies: policiesRouter,
  testCases: testCasesRouter,
  evaluation: evaluationRouter,
  decisions: decisionsRouter,
  audit: auditRouter,
  retention: retentionRouter,
  impact: impactRouter,
  evidence: evidenceRouter,
  bundles: bundlesRouter,
  auth: authRouter,
  users: usersRouter,
  keys: keysRouter,
});

/** The API's type: what the console and the SDK import (`import type { AppRouter } from '@precept/server'`). */
export type AppRouter = typeof appRouter;

/** Creates server-side callers of {@link appRouter} (tests, the REST endpoints). */
export const createAppCaller = createCallerFactory(appRouter);
