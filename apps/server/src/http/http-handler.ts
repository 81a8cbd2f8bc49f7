// One port: liveness and readiness probes, Prometheus metrics, tRPC at /trpc, the REST routes and
// their OpenAPI document at /api/v1, and the built console everywhere else. Every request gets an
// id (x-request-id), a line in the access log and a place in the request metrics.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { TRPCError } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { isAppError, type AppErrorData } from '@precept/schema';
import { lazyChild, type Logger } from '../log/logger.js';
import type { ServerMetrics } from '../metrics/metrics.js';
import type { Context, HttpExchange } from '../trpc/context.js';
import { HTTP_STATUS_OF } from '../trpc/error-codes.js';
import { appErrorDataOf, errorIdOf, normalizeError, tagRequestId } from '../trpc/error-pipeline.js';
import { authorize } from '../trpc/trpc.js';
import { appRouter, createAppCaller } from '../trpc/router.js';
import { readJsonBody } from './json-body.js';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.js';
import { buildOpenApiDocument, policyFactsOf } from './openapi.js';
import { matchRestRoute, type DirectCall } from './rest-routes.js';
import type { StaticHandler } from './static-files.js';

/** Reads a request header by (case-insensitive) name, like `Headers.get`. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * What the context of a request is built from: its headers, the exchange (address, cookies), its
 * id and its logger (whose lines carry the id).
 */
export interface IncomingExchange extends HttpExchange {
  headers: HeaderReader;
  requestId: string;
  log: Logger;
}

/** Whether the server takes traffic: `shutting_down` from the moment shutdown begins. */
export type Readiness = 'ready' | 'unavailable' | 'shutting_down';

/** What the HTTP handler needs. */
export interface HttpHandlerDeps {
  log: Logger;
  /** Builds the context of a request. */
  createContext: (exchange: IncomingExchange) => Context;
  /** Liveness is the process answering; readiness is this. */
  readiness: () => Promise<Readiness>;
  metrics: ServerMetrics;
  /** When not empty, `/metrics` answers only `Authorization: Bearer <one of these>`. */
  metricsTokens: readonly string[];
  /** One info line per request (probes and scrapes at debug). */
  accessLog: boolean;
  maxBodyBytes: number;
  maxBatchCalls: number;
  serveConsole: StaticHandler | undefined;
  serverVersion: string;
}

/** One request as the handler tracks it: its id, logger, route template and path for the access log. */
interface RequestScope {
  readonly id: string;
  readonly log: Logger;
  /** The route template (a metrics label): never raw request text. */
  route: string;
  pathname: string;
  /** Probes and scrapes: logged at debug, not info. */
  quiet: boolean;
}

/** Route labels of requests that matched no route of their own. */
const ROUTE = {
  unmatched: '{unmatched}',
  console: '{console}',
  trpcBatch: '/trpc/{batch}',
  trpcUnknown: '/trpc/{unknown}',
  apiUnknown: '/api/{unknown}',
} as const;

/**
 * Paths that belong to the server, never to the console: an unknown one is a JSON 404, not the
 * single-page app's HTML (a monitoring probe or API client must not read "200 OK" from a typo).
 */
const RESERVED_PATH = /^\/(?:api|trpc|metrics|healthz|readyz|livez|health|ready)(?:[/.]|$)/i;

/** The tRPC procedure names (for route labels: an unknown name must not become a label value). */
const PROCEDURES: ReadonlySet<string> = new Set(Object.keys(appRouter._def.procedures));

/** The route label of a tRPC request's procedure path (`a,b` is a batch). */
function trpcRoute(procedurePath: string): string {
  if (procedurePath.includes(',')) return ROUTE.trpcBatch;
  return PROCEDURES.has(procedurePath) ? `/trpc/${procedurePath}` : ROUTE.trpcUnknown;
}

/** sha256 of a token: compared in constant time whatever the lengths. */
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Whether `Authorization` carries one of the bearer tokens `expected` (compared in constant time). */
function hasBearer(header: string | undefined, expected: readonly Buffer[]): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (match === null) return false;
  const presented = digest(match[1]!);
  // Every token is compared, so the time does not tell which one matched.
  return expected.reduce((found, token) => timingSafeEqual(presented, token) || found, false);
}

/**
 * The request's headers as a {@link HeaderReader}, read in place (Node has already lower-cased
 * the names and joined repeated ones) rather than copied into a `Headers` per request.
 */
function headerReader(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

function exchangeOf(req: IncomingMessage, res: ServerResponse, scope: RequestScope): IncomingExchange {
  return {
    requestId: scope.id,
    log: scope.log,
    headers: headerReader(req),
    remoteAddress: req.socket.remoteAddress ?? null,
    userAgent: req.headers['user-agent'] ?? null,
    setCookie: (cookie) => {
      if (!res.headersSent) res.appendHeader('set-cookie', cookie);
    },
  };
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Sends `body` as JSON, the usual headers as a flat list (Node writes it without walking an
 * object's keys). The text goes as a string, not a buffer: Node then writes the head and the body
 * as one string, and measured, `Buffer.from` cost more than `Buffer.byteLength` does.
 */
function sendJson(
  res: ServerResponse,
  scope: RequestScope,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): void {
  const text = JSON.stringify(body);
  const length = String(Buffer.byteLength(text));
  if (headers === undefined) {
    res.writeHead(status, [
      'content-type',
      JSON_TYPE,
      'content-length',
      length,
      'cache-control',
      'no-store',
      'x-content-type-options',
      'nosniff',
      REQUEST_ID_HEADER,
      scope.id,
    ]);
  } else {
    res.writeHead(status, {
      'content-type': JSON_TYPE,
      'content-length': length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      [REQUEST_ID_HEADER]: scope.id,
      ...headers,
    });
  }
  res.end(text);
}

/** Sends an error body — with the request id — under the status its code maps to. */
function sendError(
  res: ServerResponse,
  scope: RequestScope,
  data: AppErrorData,
  headers?: Record<string, string>,
): void {
  sendJson(res, scope, HTTP_STATUS_OF[data.code], { error: { ...data, requestId: scope.id } }, headers);
}

/**
 * A path made only of segments of unreserved characters, none starting with a dot: one that
 * `new URL` would leave exactly as it is (nothing to percent-encode, no dot segments, no `//`).
 */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$/;
const noQuery = (): URLSearchParams => new URLSearchParams();

/**
 * The path and query of a request target. A plain path without a query (the hot routes) is taken
 * as it is; anything else is parsed by `new URL`, which normalises it (dot segments,
 * percent-encoding); the hot routes skip a URL parse per request.
 */
export function targetOf(target: string): { pathname: string; query: () => URLSearchParams } {
  if (PLAIN_PATH.test(target)) return { pathname: target, query: noQuery };
  const url = new URL(target, 'http://localhost');
  return { pathname: url.pathname, query: () => url.searchParams };
}

/** `"abc"`, `W/"abc"` and lists of them, against a bare hash. */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header
    .split(',')
    .some((candidate) => candidate.trim().replace(/^W\//, '').replace(/"/g, '') === etag);
}

/** Creates the request listener of the server. */
export function createHttpHandler(
  deps: HttpHandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { log, metrics } = deps;
  const metricsTokens = deps.metricsTokens.map(digest);
  let publicOpenApi: string | undefined;
  /** Documents with per-policy operations, by bundle ETag (the versions and so the subjects they hold). */
  const policyOpenApi = new Map<string, string>();

  /**
   * The OpenAPI document for a request: the operations alone for an anonymous caller; for a
   * signed-in one, also an evaluate operation per policy in force that it may use, naming its facts.
   */
  const openApiFor = async (ctx: Context): Promise<string> => {
    const { actor, grant } = await ctx.authenticate();
    if (actor === null || actor.kind === 'system') {
      return (publicOpenApi ??= JSON.stringify(buildOpenApiDocument(deps.serverVersion)));
    }
    const allowed = grant?.policyKeys;
    const bundle = await ctx.services.bundles.get({ policyKeys: allowed == null ? undefined : [...allowed] });
    const cached = policyOpenApi.get(bundle.etag);
    if (cached !== undefined) return cached;
    const text = JSON.stringify(buildOpenApiDocument(deps.serverVersion, policyFactsOf(bundle)));
    if (policyOpenApi.size >= 32) policyOpenApi.delete(policyOpenApi.keys().next().value!);
    policyOpenApi.set(bundle.etag, text);
    return text;
  };

  const errorData = (error: unknown, scope: RequestScope): AppErrorData => {
    if (error instanceof TRPCError) return appErrorDataOf(error);
    if (isAppError(error) && error.code !== 'INTERNAL') return error.toData();
    const errorId = errorIdOf(error as object);
    scope.log.error('internal error', { errorId, error });
    return { code: 'INTERNAL', message: `internal error (error id ${errorId})`, errorId };
  };

  /**
   * A procedure called without tRPC (the evaluation routes): access check, input parse, the
   * procedure's body; errors come out as the tRPC caller's would (same pipeline, same mapping).
   */
  const callDirect = async (
    direct: DirectCall,
    policyKey: string,
    body: Record<string, unknown>,
    exchange: IncomingExchange,
  ): Promise<unknown> => {
    const ctx = deps.createContext(exchange);
    const started = performance.now();
    try {
      const { actor, grant } = await authorize(ctx, direct.path, direct.meta);
      const parsed = direct.parse({ ...body, policyKey });
      if (!parsed.success) throw new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error });
      const result = await direct.run({ ...ctx, actor, grant }, parsed.data);
      metrics.callEnded(direct.path, 'OK', (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      const normalized =
        error instanceof TRPCError && error.code === 'BAD_REQUEST'
          ? error
          : normalizeError(
              new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error }),
              ctx.log,
              direct.path,
            );
      metrics.callEnded(direct.path, appErrorDataOf(normalized).code, (performance.now() - started) / 1000);
      throw normalized;
    }
  };

  /** `/metrics`: the Prometheus exposition, behind the bearer token when one is configured. */
  const serveMetrics = async (
    req: IncomingMessage,
    res: ServerResponse,
    scope: RequestScope,
  ): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, scope, {
        code: 'VALIDATION',
        message: `${req.method} is not allowed on /metrics`,
      });
    }
    if (metricsTokens.length > 0 && !hasBearer(req.headers.authorization, metricsTokens)) {
      return sendError(
        res,
        scope,
        { code: 'UNAUTHORIZED', message: 'the metrics need the bearer token of PRECEPT_METRICS_TOKEN' },
        { 'www-authenticate': 'Bearer realm="metrics"' },
      );
    }
    const { contentType, body } = await metrics.render();
    res.writeHead(200, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      [REQUEST_ID_HEADER]: scope.id,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, scope: RequestScope): Promise<void> => {
    const { pathname, query } = targetOf(req.url ?? '/');
    const method = req.method ?? 'GET';
    scope.pathname = pathname;

    if (pathname === '/healthz') {
      scope.route = pathname;
      scope.quiet = true;
      return sendJson(res, scope, 200, { status: 'ok' });
    }
    if (pathname === '/readyz') {
      scope.route = pathname;
      scope.quiet = true;
      const readiness = await deps.readiness();
      return sendJson(res, scope, readiness === 'ready' ? 200 : 503, { status: readiness });
    }
    if (pathname === '/metrics') {
      scope.route = pathname;
      scope.quiet = true;
      return serveMetrics(req, res, scope);
    }

    if (pathname === '/trpc' || pathname.startsWith('/trpc/')) {
      let procedurePath: string;
      try {
        procedurePath = decodeURIComponent(pathname.slice('/trpc/'.length));
      } catch {
        scope.route = ROUTE.trpcUnknown;
        return sendError(res, scope, {
          code: 'VALIDATION',
          message: 'the procedure path is not valid percent-encoding',
        });
      }
      scope.route = trpcRoute(procedurePath);
      res.setHeader(REQUEST_ID_HEADER, scope.id);
      res.setHeader('x-content-type-options', 'nosniff');
      await nodeHTTPRequestHandler({
        router: appRouter,
        req,
        res,
        path: procedurePath,
        maxBodySize: deps.maxBodyBytes,
        maxBatchSize: deps.maxBatchCalls,
        // The console sends queries as POST: their inputs (facts, a person searched for) then never
        // sit in a URL, where proxies and access logs keep them.
        allowMethodOverride: true,
        createContext: ({ req: request, res: response }) =>
          deps.createContext(exchangeOf(request, response, scope)),
        onError: ({ error, path }) => {
          // Errors tRPC meets before it has a context (a malformed batch or input) learn the id here.
          tagRequestId(error, scope.id);
          if (
            error.code === 'INTERNAL_SERVER_ERROR' &&
            !(error.cause instanceof Error && error.cause.name === 'AppError')
          ) {
            scope.log.error('internal error', {
              errorId: errorIdOf(error),
              path,
              error: error.cause ?? error,
            });
          }
        },
      });
      return;
    }

    if (pathname === '/api/v1/openapi.json') {
      scope.route = pathname;
      const document = await openApiFor(deps.createContext(exchangeOf(req, res, scope)));
      res.writeHead(200, {
        'content-type': JSON_TYPE,
        'cache-control': 'private, no-cache',
        vary: 'authorization, x-api-key, cookie',
        'x-content-type-options': 'nosniff',
        [REQUEST_ID_HEADER]: scope.id,
      });
      res.end(document);
      return;
    }

    if (pathname.startsWith('/api/')) {
      const matched = matchRestRoute(method, pathname);
      if (matched === undefined) {
        scope.route = ROUTE.apiUnknown;
        return sendError(res, scope, { code: 'NOT_FOUND', message: `no route ${method} ${pathname}` });
      }
      if ('methodNotAllowed' in matched) {
        scope.route = ROUTE.apiUnknown;
        return sendError(res, scope, {
          code: 'VALIDATION',
          message: `${method} is not allowed on ${pathname}`,
        });
      }
      scope.route = matched.route.path;
      try {
        let body: Record<string, unknown> = {};
        if (matched.route.method === 'POST' || matched.route.method === 'PUT') {
          const parsed = await readJsonBody(req, deps.maxBodyBytes);
          if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
            return sendError(res, scope, {
              code: 'VALIDATION',
              message: 'the body must be a JSON object',
              issues: [{ path: '$', code: 'type', message: 'expected an object' }],
            });
          }
          body = parsed as Record<string, unknown>;
        }
        const { direct } = matched.route;
        if (direct !== undefined) {
          return sendJson(
            res,
            scope,
            200,
            await callDirect(direct, matched.params.policyKey!, body, exchangeOf(req, res, scope)),
          );
        }
        const caller = createAppCaller(deps.createContext(exchangeOf(req, res, scope)));
        const result = await matched.route.call(caller, {
          params: matched.params,
          body,
          query: query(),
        });
        const etag =
          typeof result === 'object' && result !== null ? (result as { etag?: unknown }).etag : undefined;
        if (typeof etag === 'string' && matched.route.method === 'GET') {
          const headers = { etag: `"${etag}"`, 'cache-control': 'no-cache' };
          if (etagMatches(req.headers['if-none-match'], etag)) {
            res.writeHead(304, { ...headers, [REQUEST_ID_HEADER]: scope.id });
            res.end();
            return;
          }
          return sendJson(res, scope, 200, result, headers);
        }
        return sendJson(res, scope, 200, result);
      } catch (error) {
        return sendError(res, scope, errorData(error, scope));
      }
    }

    if (!RESERVED_PATH.test(pathname) && deps.serveConsole !== undefined) {
      res.setHeader(REQUEST_ID_HEADER, scope.id);
      if (await deps.serveConsole(req, res, pathname)) {
        scope.route = ROUTE.console;
        return;
      }
      res.removeHeader(REQUEST_ID_HEADER);
    }
    sendError(res, scope, { code: 'NOT_FOUND', message: `no route ${method} ${pathname}` });
  };

  /** When the response is done (or the client gone): the request's metrics and access line. */
  const finish = (req: IncomingMessage, res: ServerResponse, scope: RequestScope, started: number): void => {
    const seconds = (performance.now() - started) / 1000;
    // 499 (as nginx logs it): the client closed the connection before the answer was complete.
    const status = res.writableFinished ? res.statusCode : 499;
    const method = req.method ?? 'GET';
    metrics.requestEnded(method, scope.route, status, seconds);
    if (!deps.accessLog) return;
    const fields = {
      requestId: scope.id,
      method,
      path: scope.pathname,
      route: scope.route,
      status,
      durationMs: Math.round(seconds * 1e6) / 1000,
      remoteAddress: req.socket.remoteAddress,
      userAgent: req.headers['user-agent'],
    };
    if (scope.quiet) log.debug('request', fields);
    else log.info('request', fields);
  };

  return (req, res) => {
    const started = performance.now();
    const id = requestIdOf(req.headers[REQUEST_ID_HEADER]);
    const scope: RequestScope = {
      id,
      log: lazyChild(log, { requestId: id }),
      route: ROUTE.unmatched,
      pathname: '',
      quiet: false,
    };
    metrics.requestStarted();
    res.once('close', () => finish(req, res, scope, started));
    handle(req, res, scope).catch((error: unknown) => {
      if (res.headersSent) {
        scope.log.error('response failed after headers were sent', { error });
        res.destroy();
        return;
      }
      sendError(res, scope, errorData(error, scope));
    });
  };
}
