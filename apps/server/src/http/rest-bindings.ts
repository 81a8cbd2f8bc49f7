// The declarative half of the REST API: each row binds a method and path to a tRPC procedure. The
// input, output, access and summary all come from the procedure itself, so the REST operation, its
// OpenAPI description and the tRPC procedure cannot drift apart; the call goes through a
// server-side caller, so access checks, audit rows and errors are the procedure's own.
import type { AnyProcedure } from '@trpc/server';
import type { AppErrorCode } from '@precept/schema';
import type { z } from 'zod';
import { appRouter, type AppRouter } from '../trpc/router.js';
import { documentedOutput, type ProcedureMeta } from '../trpc/trpc.js';

/** Every procedure path of a router record: `policies.list`, `audit.verify`, … */
type PathsOf<R, Prefix extends string = ''> = {
  [K in keyof R & string]: R[K] extends AnyProcedure ? `${Prefix}${K}` : PathsOf<R[K], `${Prefix}${K}.`>;
}[keyof R & string];

/** The path of a procedure of the API. */
export type ProcedurePath = PathsOf<AppRouter['_def']['record']>;

/** The groups of operations in the OpenAPI document (its `tags`). */
export const REST_TAGS = {
  evaluation: 'Evaluate policies, download bundles, report local decisions',
  policies: 'Policies and their versions: drafts, review, publishing, rollback, diff',
  testCases: 'The test cases of a policy version and running them',
  decisions: 'The decision log: search, read, replay, export',
  audit: 'The audit chain: list, verify, export',
  subjects: 'Subjects: the fact schemas policies are written against',
  impact: 'Impact analyses: what a version under review would change in past decisions',
  retention: 'Retention periods and legal holds of the decision log (dual control)',
  system: 'Evidence verification and what this server is',
} as const;
/** One of {@link REST_TAGS}. */
export type RestTag = keyof typeof REST_TAGS;

/** One row of the binding table. */
export interface RestBinding {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path template; each `{name}` is a field of the procedure's input. */
  path: string;
  procedure: ProcedurePath;
  operationId: string;
  tag: RestTag;
  /** Said after the procedure's summary in the document. */
  description?: string;
  /** Error codes the operation can answer besides those every operation of its kind can. */
  errors?: readonly AppErrorCode[];
}

const STATE = ['CONFLICT'] as const;

/**
 * Every bound operation. GET reads its remaining input fields from the query string, the others
 * from a JSON body. Searches that can carry personal data (`decisions.list`'s `person`, an
 * export's filters) are POST, so a searched-for person never sits in a URL, where proxies and
 * access logs keep it.
 */
// One row per operation reads as a routing table; prettier would spread each over eight lines.
// prettier-ignore
export const REST_BINDINGS: readonly RestBinding[] = [
  { method: 'GET', path: '/api/v1/policies', procedure: 'policies.list', operationId: 'listPolicies', tag: 'policies' },
  { method: 'POST', path: '/api/v1/policies', procedure: 'policies.create', operationId: 'createPolicy', tag: 'policies', errors: STATE },
  { method: 'GET', path: '/api/v1/policies/{policyKey}', procedure: 'policies.get', operationId: 'getPolicy', tag: 'policies' },
  { method: 'GET', path: '/api/v1/policies/{policyKey}/versions/{version}', procedure: 'policies.getVersion', operationId: 'getVersion', tag: 'policies' },
  { method: 'GET', path: '/api/v1/policies/{policyKey}/diff', procedure: 'policies.diff', operationId: 'diffVersions', tag: 'policies' },
  { method: 'POST', path: '/api/v1/policies/{policyKey}/drafts', procedure: 'policies.createDraft', operationId: 'createDraft', tag: 'policies', errors: STATE },
  { method: 'PUT', path: '/api/v1/policies/{policyKey}/drafts/{version}', procedure: 'policies.updateDraft', operationId: 'updateDraft', tag: 'policies', errors: STATE, description: '`lockVersion` must be the draft’s current one (optimistic lock).' },
  { method: 'POST', path: '/api/v1/policies/{policyKey}/drafts/{version}/discard', procedure: 'policies.discardDraft', operationId: 'discardDraft', tag: 'policies', errors: STATE },
  { method: 'POST', path: '/api/v1/policies/{policyKey}/versions/{version}/submit', procedure: 'policies.submit', operationId: 'submitVersion', tag: 'policies', errors: STATE },
  { method: 'POST', path: '/api/v1/policies/{policyKey}/versions/{version}/approve', procedure: 'policies.approve', operationId: 'approveVersion', tag: 'policies', errors: STATE, description: 'The approver must not be the author (separation of duties).' },
  { method: 'POST', path: '/api/v1/policies/{policyKey}/versions/{version}/reject', procedure: 'policies.reject', operationId: 'rejectVersion', tag: 'policies', errors: STATE },
  { method: 'POST', path: '/api/v1/policies/{policyKey}/versions/{version}/publish', procedure: 'policies.publish', operationId: 'publishVersion', tag: 'policies', errors: STATE, description: 'Scheduling is publishing with a future `effectiveFrom`; cancel a scheduled version with `retireVersion`.' },
  { method: 'POST', path: '/api/v1/policies/{policyKey}/versions/{version}/retire', procedure: 'policies.retire', operationId: 'retireVersion', tag: 'policies', errors: STATE },
  { method: 'POST', path: '/api/v1/policies/{policyKey}/rollback', procedure: 'policies.rollback', operationId: 'rollbackPolicy', tag: 'policies', errors: STATE },
  { method: 'POST', path: '/api/v1/policies/{policyKey}/simulate', procedure: 'evaluation.simulate', operationId: 'simulate', tag: 'evaluation', errors: ['FACTS_INVALID'] },

  { method: 'GET', path: '/api/v1/policies/{policyKey}/test-cases', procedure: 'testCases.list', operationId: 'listTestCases', tag: 'testCases' },
  { method: 'POST', path: '/api/v1/policies/{policyKey}/versions/{version}/test-cases', procedure: 'testCases.create', operationId: 'createTestCase', tag: 'testCases', errors: STATE },
  { method: 'PUT', path: '/api/v1/policies/{policyKey}/versions/{version}/test-cases/{id}', procedure: 'testCases.update', operationId: 'updateTestCase', tag: 'testCases', errors: STATE },
  { method: 'DELETE', path: '/api/v1/policies/{policyKey}/versions/{version}/test-cases/{id}', procedure: 'testCases.delete', operationId: 'deleteTestCase', tag: 'testCases', errors: STATE },
  { method: 'POST', path: '/api/v1/policies/{policyKey}/versions/{version}/test-runs', procedure: 'testCases.run', operationId: 'runTests', tag: 'testCases' },

  { method: 'POST', path: '/api/v1/decisions/search', procedure: 'decisions.list', operationId: 'searchDecisions', tag: 'decisions', description: 'A POST, so a person searched for never sits in a URL. API keys need the `decisions` scope and see personal values as pseudonyms.' },
  { method: 'GET', path: '/api/v1/decisions/{id}', procedure: 'decisions.get', operationId: 'getDecision', tag: 'decisions' },
  { method: 'POST', path: '/api/v1/decisions/{id}/replay', procedure: 'decisions.replay', operationId: 'replayDecision', tag: 'decisions' },
  { method: 'POST', path: '/api/v1/decisions/export', procedure: 'decisions.export', operationId: 'exportDecisions', tag: 'decisions', errors: ['LIMIT'] },

  { method: 'GET', path: '/api/v1/audit', procedure: 'audit.list', operationId: 'listAudit', tag: 'audit' },
  { method: 'GET', path: '/api/v1/audit/verify', procedure: 'audit.verify', operationId: 'verifyAudit', tag: 'audit' },
  { method: 'POST', path: '/api/v1/audit/export', procedure: 'audit.export', operationId: 'exportAudit', tag: 'audit', errors: ['LIMIT'] },

  { method: 'GET', path: '/api/v1/subjects', procedure: 'subjects.list', operationId: 'listSubjects', tag: 'subjects' },
  { method: 'POST', path: '/api/v1/subjects', procedure: 'subjects.save', operationId: 'saveSubject', tag: 'subjects', errors: STATE },
  { method: 'GET', path: '/api/v1/subjects/{key}', procedure: 'subjects.get', operationId: 'getSubject', tag: 'subjects' },

  { method: 'POST', path: '/api/v1/policies/{policyKey}/versions/{version}/impact', procedure: 'impact.run', operationId: 'runImpact', tag: 'impact', errors: STATE },
  { method: 'GET', path: '/api/v1/policies/{policyKey}/versions/{version}/impact/latest', procedure: 'impact.latest', operationId: 'latestImpact', tag: 'impact' },
  { method: 'GET', path: '/api/v1/impact/{id}', procedure: 'impact.get', operationId: 'getImpact', tag: 'impact' },
  { method: 'GET', path: '/api/v1/impact/{id}/cases', procedure: 'impact.cases', operationId: 'listImpactCases', tag: 'impact' },
  { method: 'GET', path: '/api/v1/impact/{id}/cases/{decisionId}', procedure: 'impact.case', operationId: 'getImpactCase', tag: 'impact' },
  { method: 'POST', path: '/api/v1/impact/{id}/cancel', procedure: 'impact.cancel', operationId: 'cancelImpact', tag: 'impact', errors: STATE },

  { method: 'GET', path: '/api/v1/retention', procedure: 'retention.overview', operationId: 'getRetention', tag: 'retention' },
  { method: 'POST', path: '/api/v1/retention/holds', procedure: 'retention.requestHold', operationId: 'requestHold', tag: 'retention', errors: STATE },
  { method: 'POST', path: '/api/v1/retention/holds/{id}/approve', procedure: 'retention.approveHold', operationId: 'approveHold', tag: 'retention', errors: STATE },
  { method: 'POST', path: '/api/v1/retention/holds/{id}/reject', procedure: 'retention.rejectHold', operationId: 'rejectHold', tag: 'retention', errors: STATE },
  { method: 'POST', path: '/api/v1/retention/holds/{id}/lift', procedure: 'retention.requestLift', operationId: 'requestLift', tag: 'retention', errors: STATE },
  { method: 'POST', path: '/api/v1/retention/holds/{id}/lift/approve', procedure: 'retention.approveLift', operationId: 'approveLift', tag: 'retention', errors: STATE },
  { method: 'POST', path: '/api/v1/retention/holds/{id}/lift/reject', procedure: 'retention.rejectLift', operationId: 'rejectLift', tag: 'retention', errors: STATE },
  { method: 'POST', path: '/api/v1/retention/periods', procedure: 'retention.requestPeriod', operationId: 'requestPeriod', tag: 'retention', errors: STATE },
  { method: 'POST', path: '/api/v1/retention/periods/{id}/approve', procedure: 'retention.approvePeriod', operationId: 'approvePeriod', tag: 'retention', errors: STATE },
  { method: 'POST', path: '/api/v1/retention/periods/{id}/reject', procedure: 'retention.rejectPeriod', operationId: 'rejectPeriod', tag: 'retention', errors: STATE },
  { method: 'POST', path: '/api/v1/retention/run', procedure: 'retention.run', operationId: 'runRetention', tag: 'retention' },

  { method: 'POST', path: '/api/v1/auth/sign-in', procedure: 'auth.signIn', operationId: 'signIn', tag: 'system', errors: ['UNAUTHORIZED', 'RATE_LIMITED'], description: 'For clients without cookies, send `issueToken: true` and use the token as `Authorization: Bearer <token>`.' },
  { method: 'POST', path: '/api/v1/evidence/verify', procedure: 'evidence.verify', operationId: 'verifyEvidence', tag: 'system' },
  { method: 'GET', path: '/api/v1/system/signing-key', procedure: 'system.signingKey', operationId: 'getSigningKey', tag: 'system' },
  { method: 'GET', path: '/api/v1/system/info', procedure: 'system.info', operationId: 'getSystemInfo', tag: 'system' },
];

/** The parts of a procedure a binding needs. */
export interface BoundProcedure {
  meta: ProcedureMeta;
  /** The procedure's input schema (undefined for `z.void()` inputs). */
  input: z.ZodType | undefined;
  /** The input's object shape (defaults and refinements unwrapped), empty for void inputs. */
  shape: Readonly<Record<string, z.ZodType>>;
  output: z.ZodType;
}

/** `schema` without the `.default()`, `.optional()`, `.nullable()` and `.prefault()` wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema as z.core.$ZodType;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType };
    if (def.innerType === undefined || !['default', 'optional', 'nullable', 'prefault'].includes(def.type)) {
      return current as z.ZodType;
    }
    current = def.innerType;
  }
}

/** Looks a procedure up by path: its meta, input (with its object shape) and output schemas. */
export function boundProcedure(path: ProcedurePath): BoundProcedure {
  const procedure = (appRouter._def.procedures as unknown as Record<string, AnyProcedure | undefined>)[path];
  if (procedure === undefined) throw new Error(`no procedure ${path}`);
  const def = procedure._def as unknown as {
    meta?: ProcedureMeta;
    inputs: z.ZodType[];
    output?: z.ZodType;
  };
  const [input] = def.inputs;
  if (def.meta === undefined || def.output === undefined)
    throw new Error(`${path} declares no meta or output`);
  const inner = input === undefined ? undefined : unwrap(input);
  const isVoid = inner === undefined || inner._zod.def.type === 'void';
  return {
    meta: def.meta,
    input: isVoid ? undefined : input,
    shape: isVoid ? {} : (inner as z.ZodObject).shape,
    output: documentedOutput(def.output),
  };
}

/** The `{name}` parameters of a path template, in order. */
export const pathParamsOf = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** How a text from a URL becomes the value a field's schema expects. */
type Coercion = 'string' | 'number' | 'boolean' | 'array';

const COERCION_OF_TYPE: Readonly<Partial<Record<string, Coercion>>> = {
  number: 'number',
  int: 'number',
  boolean: 'boolean',
  array: 'array',
};

const coercionOf = (schema: z.ZodType): Coercion =>
  COERCION_OF_TYPE[unwrap(schema)._zod.def.type] ?? 'string';

/**
 * A text from a path or query string as the value its field expects: numbers and booleans that
 * read as such become them (anything else stays text, so the schema names the field); lists are
 * repeated or comma-separated.
 */
function coerce(kind: Coercion, values: string[]): unknown {
  const [value] = values;
  if (value === undefined) return undefined;
  switch (kind) {
    case 'number':
      return /^-?\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'array':
      return values
        .flatMap((item) => item.split(','))
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'string':
      return value;
  }
}

/** A binding made ready to serve: the procedure's schemas and how to build its input from a request. */
export interface ServedBinding extends RestBinding {
  bound: BoundProcedure;
  pathParams: readonly string[];
  /** Input fields read from the query string (GET and DELETE). */
  queryFields: readonly string[];
  /** Whether the other input fields come from a JSON body. */
  hasBody: boolean;
  /** The procedure's input from the path parameters, the query string and the body. */
  inputOf(
    params: Readonly<Record<string, string>>,
    query: URLSearchParams,
    body: Record<string, unknown>,
  ): unknown;
}

/** Prepares a binding; throws when a path parameter is not a field of the procedure's input. */
export function serveBinding(binding: RestBinding): ServedBinding {
  const bound = boundProcedure(binding.procedure);
  const pathParams = pathParamsOf(binding.path);
  for (const name of pathParams) {
    if (!(name in bound.shape))
      throw new Error(`${binding.path}: {${name}} is not a field of ${binding.procedure}'s input`);
  }
  const fromQuery = binding.method === 'GET' || binding.method === 'DELETE';
  const rest = Object.keys(bound.shape).filter((name) => !pathParams.includes(name));
  const queryFields = fromQuery ? rest : [];
  const coercions = new Map(
    [...pathParams, ...queryFields].map((name) => [name, coercionOf(bound.shape[name]!)] as const),
  );
  return {
    ...binding,
    bound,
    pathParams,
    queryFields,
    hasBody: !fromQuery && bound.input !== undefined,
    inputOf(params, query, body) {
      if (bound.input === undefined) return undefined;
      const input: Record<string, unknown> = fromQuery ? {} : { ...body };
      for (const name of queryFields) {
        const value = coerce(coercions.get(name)!, query.getAll(name));
        if (value !== undefined) input[name] = value;
      }
      // Path parameters win over a body field of the same name: the URL names the resource.
      for (const name of pathParams) input[name] = coerce(coercions.get(name)!, [params[name]!]);
      return input;
    },
  };
}
