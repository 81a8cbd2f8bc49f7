import { ROLES, type Actor, type Role } from '@precept/schema';
import type { AuditService } from '../features/audit/audit.service.js';
import type { BundlesService } from '../features/bundles/bundles.service.js';
import type { DecisionsService } from '../features/decisions/decisions.service.js';
import type { EvaluationService } from '../features/evaluation/evaluation.service.js';
import type { HealthService } from '../features/health/health.service.js';
import type {
  Authentication,
  IdentityService,
  KeyGrant,
  RequestClient,
} from '../features/identity/identity.service.js';
import type { ImpactService } from '../features/impact/impact.service.js';
import type { PoliciesService } from '../features/policies/policies.service.js';
import type { RetentionService } from '../features/retention/retention.service.js';
import type { SubjectsService } from '../features/subjects/subjects.service.js';
import type { TestCasesService } from '../features/test-cases/test-cases.service.js';
import type { Logger } from '../log/logger.js';
import type { ServerMetrics } from '../metrics/metrics.js';

/** Every service, as routers reach them. */
export interface Services {
  audit: AuditService;
  subjects: SubjectsService;
  policies: PoliciesService;
  testCases: TestCasesService;
  decisions: DecisionsService;
  evaluation: EvaluationService;
  bundles: BundlesService;
  health: HealthService;
  identity: IdentityService;
  retention: RetentionService;
  impact: ImpactService;
}

/** The HTTP exchange behind a call: where it came from, and a way to set a cookie on the answer. */
export interface HttpExchange extends RequestClient {
  /** Adds a `Set-Cookie` header to the response. */
  setCookie(cookie: string): void;
}

/** The context of one call: who calls, the services, a logger, and how much error detail to show. */
export interface Context {
  /**
   * The caller, once the access check has authenticated the request (null before it and for
   * `public` procedures, which call {@link Context.authenticate} themselves when they care).
   */
  actor: Actor | null;
  /** An API key's scopes and policy allow-list, once authenticated; null for people. */
  grant: KeyGrant | null;
  /** Authenticates the request's credential (session cookie, bearer token, API key); memoised per request. */
  authenticate: () => Promise<Authentication>;
  /** The HTTP exchange, or null for server-side callers. */
  http: HttpExchange | null;
  services: Services;
  /** The request's logger (its lines carry the request id), or the server's for server-side callers. */
  log: Logger;
  /** The HTTP request's id (`x-request-id`), or null for server-side callers. */
  requestId: string | null;
  /** Where procedure calls are counted. */
  metrics: ServerMetrics;
  /** Include stack traces in error responses (never in production). */
  exposeStacks: boolean;
  /** Database kind, for `system.info`. */
  database: 'pglite' | 'postgres';
  /** The business time zone, for `system.info`. */
  timeZone: string;
  /** The roles that see personal values in clear, for `system.info`. */
  personalDataRoles: readonly string[];
  /** The public key evidence packages are signed with, for `system.signingKey` and `evidence.verify`. */
  signingKey: { algorithm: 'Ed25519'; keyId: string; publicKey: string };
}

/** The development actor header, honoured only with `PRECEPT_DEV_AUTH=1`: it names the caller. */
export const DEV_ACTOR_HEADER = 'x-precept-actor';
/** Optional development header restricting the dev actor's roles (comma-separated). */
export const DEV_ROLES_HEADER = 'x-precept-roles';

const ACTOR_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

/**
 * The development actor of a request: the `x-precept-actor` header (default `dev`), holding every
 * role unless `x-precept-roles` names fewer. A malformed header yields null (unauthenticated).
 */
export function devActorFromHeaders(headers: { get(name: string): string | null }): Actor | null {
  const id = headers.get(DEV_ACTOR_HEADER)?.trim() || 'dev';
  if (!ACTOR_ID.test(id)) return null;
  const requested = headers.get(DEV_ROLES_HEADER);
  const roles =
    requested === null
      ? [...ROLES]
      : requested
          .split(',')
          .map((role) => role.trim())
          .filter((role): role is Role => (ROLES as readonly string[]).includes(role));
  return { id, kind: 'user', credential: 'dev-header', roles };
}

/** The actor the server acts as on its own (seeding, sweeps). */
export const SYSTEM_ACTOR: Actor = { id: 'system', kind: 'system', credential: 'server', roles: [...ROLES] };
