// One port: liveness and readiness probes, tRPC at /trpc, the REST routes and their OpenAPI
// document at /api/v1, and the built console everywhere else.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { isAppError, type AppErrorData } from '@precept/schema';
import type { Logger } from '../log/logger.js';
import type { Context, HttpExchange } from '../trpc/context.js';
import { HTTP_STATUS_OF } from '../trpc/error-codes.js';
import { appErrorDataOf, errorIdOf, normalizeError } from '../trpc/error-pipeline.js';
import { authorize } from '../trpc/trpc.js';
import { appRouter, createAppCaller } from '../trpc/router.js';
import { readJsonBody } from './json-body.js';
import { buildOpenApiDocument } from './openapi.js';
import { matchRestRoute, type DirectCall } from './rest-routes.js';
import type { StaticHandler } from './static-files.js';

/** Reads a request header by (case-insensitive) name, like `Headers.get`. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** What the context of a request is built from: its headers and the exchange (address, cookies). */
export interface IncomingExchange extends HttpExchange {
  headers: HeaderReader;
}

/** What the HTTP handler needs. */
export interface HttpHandlerDeps {
  log: Logger;
  /** Builds the context of a request. */
  createContext: (exchange: IncomingExchange) => Context;
  /** Liveness is the process answering; readiness is this. */
  isReady: () => Promise<boolean>;
  maxBodyBytes: number;
  maxBatchCalls: number;
  serveConsole: StaticHandler | undefined;
  serverVersion: string;
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

function exchangeOf(req: IncomingMessage, res: ServerResponse): IncomingExchange {
  return {
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
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): void {
  const text = JSON.stringify(body);
  const length = String(Buffer.byteLength(text));
  if (headers === undefined) {
    res.writeHead(status, ['content-type', JSON_TYPE, 'content-length', length, 'cache-control', 'no-store']);
  } else {
    res.writeHead(status, {
      'content-type': JSON_TYPE,
      'content-length': length,
      'cache-control': 'no-store',
      ...headers,
    });
  }
  res.end(text);
}

function sendError(res: ServerResponse, data: AppErrorData): void {
  sendJson(res, HTTP_STATUS_OF[data.code], { error: data });
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
  const { log } = deps;
  let openApi: string | undefined;

  const errorData = (error: unknown): AppErrorData => {
    if (error instanceof TRPCError) return appErrorDataOf(error);
    if (isAppError(error) && error.code !== 'INTERNAL') return error.toData();
    const errorId = errorIdOf(error as object);
    log.error('internal error', { errorId, error });
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
    try {
      const { actor, grant } = await authorize(ctx, direct.path, direct.meta);
      const parsed = direct.parse({ ...body, policyKey });
      if (!parsed.success) throw new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error });
      return await direct.run({ ...ctx, actor, grant }, parsed.data);
    } catch (error) {
      if (error instanceof TRPCError && error.code === 'BAD_REQUEST') throw error;
      throw normalizeError(
        new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error }),
        ctx.log,
        direct.path,
      );
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname, query } = targetOf(req.url ?? '/');
    const method = req.method ?? 'GET';

    if (pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (pathname === '/readyz') {
      const ready = await deps.isReady();
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' });
    }

    if (pathname === '/trpc' || pathname.startsWith('/trpc/')) {
      let procedurePath: string;
      try {
        procedurePath = decodeURIComponent(pathname.slice('/trpc/'.length));
      } catch {
        return sendError(res, {
          code: 'VALIDATION',
          message: 'the procedure path is not valid percent-encoding',
        });
      }
      await nodeHTTPRequestHandler({
        router: appRouter,
        req,
        res,
        path: procedurePath,
        maxBodySize: deps.maxBodyBytes,
        maxBatchSize: deps.maxBatchCalls,
        createContext: ({ req: request, res: response }) => deps.createContext(exchangeOf(request, response)),
        onError: ({ error, path }) => {
          if (
            error.code === 'INTERNAL_SERVER_ERROR' &&
            !(error.cause instanceof Error && error.cause.name === 'AppError')
          ) {
            log.error('internal error', { errorId: errorIdOf(error), path, error: error.cause ?? error });
          }
        },
      });
      return;
    }

    if (pathname === '/api/v1/openapi.json') {
      openApi ??= JSON.stringify(buildOpenApiDocument(deps.serverVersion));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(openApi);
      return;
    }

    if (pathname.startsWith('/api/')) {
      const matched = matchRestRoute(method, pathname);
      if (matched === undefined)
        return sendError(res, { code: 'NOT_FOUND', message: `no route ${method} ${pathname}` });
      if ('methodNotAllowed' in matched) {
        return sendError(res, { code: 'VALIDATION', message: `${method} is not allowed on ${pathname}` });
      }
      try {
        let body: Record<string, unknown> = {};
        if (matched.route.method === 'POST') {
          const parsed = await readJsonBody(req, deps.maxBodyBytes);
          if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
            return sendError(res, {
              code: 'VALIDATION',
              message: 'the body must be a JSON object',
              issues: [{ path: '$', code: 'type', message: 'expected an object' }],
            });
          }
          body = parsed as Record<string, unknown>;
        }
        const { direct } = matched.route;
        if (direct !== undefined) {
          return sendJson(res, 200, await callDirect(direct, matched.policyKey!, body, exchangeOf(req, res)));
        }
        const caller = createAppCaller(deps.createContext(exchangeOf(req, res)));
        const result = await matched.route.call(caller, {
          ...(matched.policyKey === undefined ? {} : { policyKey: matched.policyKey }),
          body,
          query: query(),
        });
        const etag = (result as { etag?: unknown }).etag;
        if (typeof etag === 'string' && matched.route.method === 'GET') {
          const headers = { etag: `"${etag}"`, 'cache-control': 'no-cache' };
          if (etagMatches(req.headers['if-none-match'], etag)) {
            res.writeHead(304, headers);
            res.end();
            return;
          }
          return sendJson(res, 200, result, headers);
        }
        return sendJson(res, 200, result);
      } catch (error) {
        return sendError(res, errorData(error));
      }
    }

    if (deps.serveConsole !== undefined && (await deps.serveConsole(req, res, pathname))) return;
    sendError(res, { code: 'NOT_FOUND', message: `no route ${method} ${pathname}` });
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        log.error('response failed after headers were sent', { error });
        res.destroy();
        return;
      }
      sendError(res, errorData(error));
    });
  };
}
