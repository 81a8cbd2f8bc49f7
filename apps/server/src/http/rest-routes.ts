// The plain-JSON HTTP API for callers without tRPC (a Java or Python business line): the
// evaluation procedures, bundles and local-decision reports. Each route names its zod schemas, so
// the OpenAPI document is generated from the same source the handlers validate with.
import {
  BundleSchema,
  EvaluateBatchInputSchema,
  EvaluateBatchOutputSchema,
  EvaluateInputSchema,
  EvaluationResultSchema,
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

/** A REST route: method, path template, schemas and what it calls. */
export interface RestRoute {
  method: 'GET' | 'POST';
  /** Path template; `{policyKey}` is the one parameter. */
  path: string;
  operationId: string;
  summary: string;
  body?: z.ZodType;
  query?: Record<string, { description: string; required: boolean }>;
  response: z.ZodType;
  /** Set on the evaluation routes: called instead of `call`. */
  direct?: DirectCall;
  call(
    caller: AppCaller,
    params: { policyKey?: string; body: Record<string, unknown>; query: URLSearchParams },
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

/** Every REST route. */
export const REST_ROUTES: readonly RestRoute[] = [
  {
    method: 'POST',
    path: '/api/v1/policies/{policyKey}/evaluate',
    operationId: 'evaluate',
    summary:
      'Evaluate a policy as of a moment (default now) with the version in force; the decision is logged.',
    body: EvaluateBodySchema,
    response: EvaluationResultSchema,
    direct: directCall(
      'evaluation.evaluate',
      EVALUATE_META,
      EvaluateParsedJsonInputSchema,
      evaluateAuthorized,
    ),
    call: (caller, { policyKey, body }) =>
      caller.evaluation.evaluate({ ...(body as z.input<typeof EvaluateBodySchema>), policyKey: policyKey! }),
  },
  {
    method: 'POST',
    path: '/api/v1/policies/{policyKey}/evaluate-batch',
    operationId: 'evaluateBatch',
    summary: 'Evaluate up to 1000 fact sets; one result (decision or error) per item, in order.',
    body: EvaluateBatchBodySchema,
    response: EvaluateBatchOutputSchema,
    direct: directCall(
      'evaluation.evaluateBatch',
      EVALUATE_BATCH_META,
      EvaluateBatchParsedJsonInputSchema,
      evaluateBatchAuthorized,
    ),
    call: (caller, { policyKey, body }) =>
      caller.evaluation.evaluateBatch({
        ...(body as z.input<typeof EvaluateBatchBodySchema>),
        policyKey: policyKey!,
      }),
  },
  {
    method: 'GET',
    path: '/api/v1/bundles',
    operationId: 'getBundle',
    summary:
      'Published versions in force at asOf (default now) or scheduled after it, with documents and subjects. Send If-None-Match with the last ETag: 304 when unchanged.',
    query: {
      policies: { description: 'Comma-separated policy keys (default: all)', required: false },
      asOf: { description: 'YYYY-MM-DD or an ISO instant (default: now)', required: false },
    },
    response: BundleSchema,
    call: (caller, { query }): Promise<Bundle> =>
      caller.bundles.get({ policyKeys: keysOf(query), asOf: query.get('asOf') ?? undefined }),
  },
  {
    method: 'POST',
    path: '/api/v1/decisions/report',
    operationId: 'reportDecisions',
    summary: 'Record decisions made by a local evaluator (idempotent by decisionId).',
    body: ReportInputSchema,
    response: ReportOutputSchema,
    call: (caller, { body }) => caller.decisions.report(body as z.input<typeof ReportInputSchema>),
  },
];

const ROUTE_PATTERNS: readonly (readonly [RestRoute, RegExp])[] = REST_ROUTES.map(
  (route) => [route, new RegExp(`^${route.path.replace('{policyKey}', '([^/]+)')}$`)] as const,
);

/** The route and path parameters a request matches, if any. */
export function matchRestRoute(
  method: string,
  pathname: string,
): { route: RestRoute; policyKey?: string } | { methodNotAllowed: true } | undefined {
  let pathMatched = false;
  for (const [route, pattern] of ROUTE_PATTERNS) {
    const match = pattern.exec(pathname);
    if (match === null) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const raw = match[1];
    if (raw === undefined) return { route };
    try {
      return { route, policyKey: decodeURIComponent(raw) };
    } catch {
      return { route, policyKey: raw };
    }
  }
  return pathMatched ? { methodNotAllowed: true } : undefined;
}
