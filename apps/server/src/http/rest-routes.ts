// The plain-JSON HTTP API for callers without tRPC (a Java or Python business line, a pipeline):
// evaluation, bundles and local-decision reports written by hand (evaluation calls its service
// directly, the hot path), and everything else bound to its tRPC procedure (rest-bindings.ts). Each
// route names its zod schemas, so the OpenAPI document comes from the source the handlers validate with.
import {
  type AppErrorCode,
  type Access,
  BundleSchema,
  KeySchema,
  EvaluateBatchInputSchema,
  EvaluateBatchOutputSchema,
  EvaluateInputSchema,
  EvaluateOutputSchema,
  ReportInputSchema,
  ReportOutputSchema,
  type Bundle,
  JsonObjectSchema,
  type JsonObject,
} from '@precept/schema';
import { z } from 'zod';
import {
  EVALUATE_BATCH_META,
  EVALUATE_META,
  evaluateAuthorized,
  evaluateBatchAuthorized,
} from '../features/evaluation/evaluation.router.js';
import type { Context } from '../trpc/context.js';
import type { createAppCaller } from '../trpc/router.js';
import type { ProcedureMeta } from '../trpc/trpc.js';
import {
  boundProcedure,
  pathParamsOf,
  REST_BINDINGS,
  serveBinding,
  type RestBinding,
  type RestTag,
} from './rest-bindings.js';

/** A server-side caller of the API. */
export type AppCaller = ReturnType<typeof createAppCaller>;

/**
 * A hot-path route that calls its service without building a tRPC caller per request: the same
 * access check (`meta`, audited refusals), the same input schema (with `policyKey` from the path;
 * the facts checked shallowly, as the body came from `JSON.parse`) and the same function the
 * procedure `path` runs, so answers and errors are the procedure's.
 */
export interface DirectCall {
  /** The tRPC procedure it stands for (named in refusals and logs). */
  path: string;
  meta: ProcedureMeta;
  /** Parses `{ ...body, policyKey }`; a failure is the procedure's input validation error. */
  parse(input: Record<string, unknown>): z.ZodSafeParseResult<unknown>;
  /** Runs the procedure's body for an authorised context. */
  run(ctx: Context, input: unknown): Promise<unknown>;
}

function directCall<S extends z.ZodType>(
  path: string,
  meta: ProcedureMeta,
  schema: S,
  run: (ctx: Context, path: string, input: z.output<S>) => Promise<unknown>,
): DirectCall {
  return {
    path,
    meta,
    parse: (input) => schema.safeParse(input),
    run: (ctx, input) => run(ctx, path, input as z.output<S>),
  };
}

/** A REST route: method, path template, the schemas its document shows, and what it calls. */
export interface RestRoute {
  method: RestBinding['method'];
  /** Path template; each `{name}` is a path parameter. */
  path: string;
  operationId: string;
  tag: RestTag;
  summary: string;
  description?: string;
  /** Who may call it (the procedure's access), for the document's security and error responses. */
  access: Access;
  /** The path parameters' schemas. */
  params: Readonly<Record<string, z.ZodType>>;
  /** The query parameters' schemas. */
  query: Readonly<Record<string, z.ZodType>>;
  body?: z.ZodType;
  response: z.ZodType;
  /** Error codes it can answer besides those every operation of its kind can. */
  errors: readonly AppErrorCode[];
  /** Set on the evaluation routes: called instead of `call`. */
  direct?: DirectCall;
  call(
    caller: AppCaller,
    request: {
      params: Readonly<Record<string, string>>;
      body: Record<string, unknown>;
      query: URLSearchParams;
    },
  ): Promise<unknown>;
}

/** The body of `POST …/evaluate`: everything of `evaluation.evaluate` but the key, which is in the path. */
export const EvaluateBodySchema = EvaluateInputSchema.omit({ policyKey: true });
/** The body of `POST …/evaluate-batch`. */
export const EvaluateBatchBodySchema = EvaluateBatchInputSchema.omit({ policyKey: true });

/**
 * Facts checked only as far as being a JSON object (not an array); anything else fails with the
 * issues the full schema gives (its code, message and `$.facts` path). Enough for a body that came
 * from `JSON.parse`, which holds nothing but JSON values: walking every value again (`z.json()`),
 * or even every key (`z.record`), cost most of the input parse (measured for a 20-fact scorecard:
 * 8 µs per parse with `z.json()`, 7 µs with `z.record`, 1.4 µs like this), and the compiled
 * evaluator checks the facts deeply against the policy's subject anyway (FACTS_INVALID naming each
 * path; a `__proto__` key, which the full schema silently drops, is refused there as unknown).
 */
const ParsedJsonFactsSchema = z.custom<JsonObject>().superRefine((value, ctx) => {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return;
  for (const issue of JsonObjectSchema.safeParse(value).error?.issues ?? []) {
    ctx.addIssue(issue as z.core.$ZodRawIssue);
  }
});

/** `array` with another element schema, its checks (length bounds) kept. */
function withElement<T extends z.ZodType>(array: z.ZodArray, element: T): z.ZodArray<T> {
  return array.clone({ ...array._zod.def, element }) as unknown as z.ZodArray<T>;
}

/**
 * `evaluation.evaluate`'s input schema for a body from `JSON.parse`: the procedure's, every field
 * and default included, with {@link ParsedJsonFactsSchema} for the facts.
 */
export const EvaluateParsedJsonInputSchema = EvaluateInputSchema.extend({ facts: ParsedJsonFactsSchema });

/** `evaluation.evaluateBatch`'s input schema for a body from `JSON.parse` (facts as above). */
export const EvaluateBatchParsedJsonInputSchema = EvaluateBatchInputSchema.extend({
  items: withElement(
    EvaluateBatchInputSchema.shape.items,
    EvaluateBatchInputSchema.shape.items.element.extend({ facts: ParsedJsonFactsSchema }),
  ),
});

const keysOf = (query: URLSearchParams): string[] | undefined => {
  const raw = query.getAll('policies').flatMap((value) => value.split(','));
  const keys = raw.map((key) => key.trim()).filter((key) => key !== '');
  return keys.length === 0 ? undefined : keys;
};

const POLICY_KEY_PARAM = { policyKey: KeySchema };

/** The hand-written routes: evaluation on its direct hot path, bundles with ETags, and reports. */
const HAND_ROUTES: readonly RestRoute[] = [
  {
    method: 'POST',
    path: '/api/v1/policies/{policyKey}/evaluate',
    operationId: 'evaluate',
    tag: 'evaluation',
    summary:
      'Evaluate a policy as of a moment (default now) with the version in force; the decision is logged.',
    description:
      'The facts are the fields of the policy’s subject; each policy’s own `evaluate_<policyKey>` operation (in the document a signed-in caller reads) lists them.',
    access: EVALUATE_META.access,
    params: POLICY_KEY_PARAM,
    query: {},
    body: EvaluateBodySchema,
    response: EvaluateOutputSchema,
    errors: ['FACTS_INVALID', 'LIMIT'],
    direct: directCall(
      'evaluation.evaluate',
      EVALUATE_META,
      EvaluateParsedJsonInputSchema,
      evaluateAuthorized,
    ),
    call: (caller, { params, body }) =>
      caller.evaluation.evaluate({
        ...(body as z.input<typeof EvaluateBodySchema>),
        policyKey: params.policyKey!,
      }),
  },
  {
    method: 'POST',
    path: '/api/v1/policies/{policyKey}/evaluate-batch',
    operationId: 'evaluateBatch',
    tag: 'evaluation',
    summary: 'Evaluate up to 1000 fact sets; one result (decision or error) per item, in order.',
    access: EVALUATE_BATCH_META.access,
    params: POLICY_KEY_PARAM,
    query: {},
    body: EvaluateBatchBodySchema,
    response: EvaluateBatchOutputSchema,
    errors: ['LIMIT'],
    direct: directCall(
      'evaluation.evaluateBatch',
      EVALUATE_BATCH_META,
      EvaluateBatchParsedJsonInputSchema,
      evaluateBatchAuthorized,
    ),
    call: (caller, { params, body }) =>
      caller.evaluation.evaluateBatch({
        ...(body as z.input<typeof EvaluateBatchBodySchema>),
        policyKey: params.policyKey!,
      }),
  },
  {
    method: 'GET',
    path: '/api/v1/bundles',
    operationId: 'getBundle',
    tag: 'evaluation',
    summary:
      'Published versions in force at asOf (default now) or scheduled after it, with documents and subjects. Send If-None-Match with the last ETag: 304 when unchanged.',
    access: boundProcedure('bundles.get').meta.access,
    params: {},
    query: {
      policies: z.string().optional().meta({ description: 'Comma-separated policy keys (default: all)' }),
      asOf: z.string().optional().meta({ description: 'YYYY-MM-DD or an ISO instant (default: now)' }),
    },
    response: BundleSchema,
    errors: [],
    call: (caller, { query }): Promise<Bundle> =>
      caller.bundles.get({ policyKeys: keysOf(query), asOf: query.get('asOf') ?? undefined }),
  },
  {
    method: 'POST',
    path: '/api/v1/decisions/report',
    operationId: 'reportDecisions',
    tag: 'evaluation',
    summary: 'Record decisions made by a local evaluator (idempotent by decisionId).',
    access: boundProcedure('decisions.report').meta.access,
    params: {},
    query: {},
    body: ReportInputSchema,
    response: ReportOutputSchema,
    errors: ['LIMIT'],
    call: (caller, { body }) => caller.decisions.report(body as z.input<typeof ReportInputSchema>),
  },
];

/** Calls the procedure at `path` through a server-side caller (its access check, audit and errors). */
function callProcedure(caller: AppCaller, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const segment of path.split('.')) target = (target as Record<string, unknown>)[segment];
  return (target as (input: unknown) => Promise<unknown>)(input);
}

/** A bound procedure as a route. */
function routeOf(binding: RestBinding): RestRoute {
  const served = serveBinding(binding);
  const { bound } = served;
  const pick = (names: readonly string[]) =>
    Object.fromEntries(names.map((name) => [name, bound.shape[name]!]));
  let body: z.ZodType | undefined;
  if (served.hasBody) {
    const rest = Object.keys(bound.shape).filter((name) => !served.pathParams.includes(name));
    // Without path parameters the body is the input itself (its refinements and defaults shown);
    // with them it is the other fields (a refined object cannot be `omit`ted in zod 4).
    body = served.pathParams.length === 0 ? bound.input : z.object(pick(rest));
  }
  return {
    method: binding.method,
    path: binding.path,
    operationId: binding.operationId,
    tag: binding.tag,
    summary: bound.meta.summary ?? binding.procedure,
    ...(binding.description === undefined ? {} : { description: binding.description }),
    access: bound.meta.access,
    params: pick(served.pathParams),
    query: pick(served.queryFields),
    ...(body === undefined ? {} : { body }),
    response: bound.output,
    errors: binding.errors ?? [],
    call: (caller, { params, query, body: requestBody }) =>
      callProcedure(caller, binding.procedure, served.inputOf(params, query, requestBody)),
  };
}

/** Every REST route: the hand-written ones, then the binding table's. */
export const REST_ROUTES: readonly RestRoute[] = [...HAND_ROUTES, ...REST_BINDINGS.map(routeOf)];

interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
  names: readonly string[];
}

const segmentsOf = (path: string): number => path.split('/').length;

/**
 * The routes by their number of path segments (a request is tried only against routes of its own
 * length: the evaluation hot path against a handful, not every route), each list with fewer
 * parameters first, so `/decisions/search` is never taken for `/decisions/{id}`.
 */
const COMPILED = new Map<number, CompiledRoute[]>();
for (const route of REST_ROUTES) {
  const compiled: CompiledRoute = {
    route,
    names: pathParamsOf(route.path),
    pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '([^/]+)')}$`),
  };
  const length = segmentsOf(route.path);
  COMPILED.set(length, [...(COMPILED.get(length) ?? []), compiled]);
}
for (const routes of COMPILED.values()) routes.sort((a, b) => a.names.length - b.names.length);

const decode = (raw: string): string => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
};

/** The route and path parameters a request matches, if any. */
export function matchRestRoute(
  method: string,
  pathname: string,
): { route: RestRoute; params: Record<string, string> } | { methodNotAllowed: true } | undefined {
  let pathMatched = false;
  for (const { route, pattern, names } of COMPILED.get(segmentsOf(pathname)) ?? []) {
    const match = pattern.exec(pathname);
    if (match === null) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    names.forEach((name, index) => (params[name] = decode(match[index + 1]!)));
    return { route, params };
  }
  return pathMatched ? { methodNotAllowed: true } : undefined;
}
