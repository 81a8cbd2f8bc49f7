// Every procedure of the router: it declares who may call it, and garbage input gets a typed error
// (never INTERNAL) — through createCaller and over HTTP.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS, startTestServer, type TestServer } from '../test/test-server.js';
import { appRouter } from './router.js';
import type { ProcedureMeta } from './trpc.js';

interface ProcedureEntry {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  meta: ProcedureMeta | undefined;
}

// At run time `_def.procedures` is flat, keyed by dotted path.
const PROCEDURES: ProcedureEntry[] = Object.entries(
  appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: ProcedureEntry['type']; meta?: ProcedureMeta } }
  >,
).map(([path, procedure]) => ({ path, type: procedure._def.type, meta: procedure._def.meta }));

const deep = (levels: number): unknown => (levels === 0 ? 'x' : { a: [deep(levels - 1)] });

/** Inputs no procedure should accept as they are — or, when one does, must answer without INTERNAL. */
const GARBAGE: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 42],
  ['a string', 'policies'],
  ['an array', [1, 2, 3]],
  ['an empty object', {}],
  [
    'wrong types',
    { policyKey: 7, version: 'one', lockVersion: -1, facts: 'x', id: 3, key: null, limit: 'all' },
  ],
  [
    'bad keys',
    { policyKey: 'Not A Key', key: '../etc', version: 0, id: 'not-a-uuid', subject: { key: '__proto__' } },
  ],
  [
    'prototype pollution',
    JSON.parse(
      '{"__proto__": {"polluted": true}, "policyKey": "service-targets", "facts": {"__proto__": {"x": 1}}}',
    ),
  ],
  ['deep nesting', { policyKey: 'service-targets', facts: { x: deep(200) }, document: deep(200) }],
  [
    'plausible references to nothing',
    {
      policyKey: 'no-such-policy',
      key: 'no-such-subject',
      version: 999,
      lockVersion: 0,
      fromVersion: 1,
      toVersion: 1,
      from: 1,
      to: 2,
      id: '00000000-0000-4000-8000-000000000000',
      comment: 'c',
      changeNote: 'n',
      reason: 'r',
      facts: {},
      items: [{ facts: {} }],
      decisions: [],
      policyKeys: ['no-such-policy'],
      testCase: { name: 'n', facts: {}, expect: {} },
    },
  ],
];

describe('the router', () => {
  it('declares access on every procedure', () => {
    expect(PROCEDURES.length).toBeGreaterThan(30);
    const undeclared = PROCEDURES.filter((procedure) => procedure.meta?.access === undefined).map(
      (p) => p.path,
    );
    expect(undeclared).toEqual([]);
  });
});

describe.each(PROVIDERS)('bad input on every procedure on %s', (provider) => {
  let test: TestServer;
  let url: string;
  beforeAll(async () => {
    test = await startTestServer(provider);
    ({ url } = await test.server.listen(0, '127.0.0.1'));
  });
  afterAll(() => test?.close());

  it.each(PROCEDURES.map((p) => [p.path, p] as const))(
    '%s answers garbage with a typed error',
    async (_path, procedure) => {
      const outcomes: string[] = [];
      for (const [name, input] of GARBAGE) {
        const fn = procedure.path
          .split('.')
          .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], test.caller) as (
          input: unknown,
        ) => Promise<unknown>;
        try {
          await fn(input);
          outcomes.push(`${name}: ok`);
        } catch (error) {
          expect(error, `${procedure.path} with ${name}`).toBeInstanceOf(TRPCError);
          const code = (error as TRPCError).code;
          expect(code, `${procedure.path} with ${name}: ${(error as Error).message}`).not.toBe(
            'INTERNAL_SERVER_ERROR',
          );
          outcomes.push(`${name}: ${code}`);
        }
      }
      // Over HTTP too, with bodies and query strings that are not even JSON.
      const target = `${url}/trpc/${procedure.path}`;
      const responses =
        procedure.type === 'query'
          ? [
              await fetch(`${target}?input=${encodeURIComponent('{not json')}`),
              await fetch(`${target}?input=${encodeURIComponent(JSON.stringify({ policyKey: 12 }))}`),
            ]
          : [
              await fetch(target, {
                method: 'POST',
                body: '{not json',
                headers: { 'content-type': 'application/json' },
              }),
              await fetch(target, {
                method: 'POST',
                body: JSON.stringify([{ policyKey: 12 }]),
                headers: { 'content-type': 'application/json' },
              }),
              await fetch(target, {
                method: 'POST',
                body: 'x'.repeat(5 * 1024 * 1024),
                headers: { 'content-type': 'application/json' },
              }),
            ];
      for (const response of responses) {
        const text = await response.text();
        expect(response.status, `${procedure.path}: ${text.slice(0, 200)}`).toBeLessThan(500);
        const body = JSON.parse(text) as { error?: { data?: { appCode?: string; stack?: string } } };
        if (body.error !== undefined)
          expect(body.error.data?.appCode).toMatch(/^(VALIDATION|NOT_FOUND|LIMIT|CONFLICT|FACTS_INVALID)$/);
      }
      expect(outcomes).toHaveLength(GARBAGE.length);
    },
  );

  it('answers REST garbage with typed errors', async () => {
    const cases: [string, RequestInit, number][] = [
      ['/api/v1/policies/service-targets/evaluate', { method: 'POST', body: '{not json' }, 400],
      ['/api/v1/policies/service-targets/evaluate', { method: 'POST', body: '[1]' }, 400],
      ['/api/v1/policies/service-targets/evaluate', { method: 'POST', body: '{"facts": 3}' }, 400],
      ['/api/v1/policies/service-targets/evaluate', { method: 'POST', body: '{"facts": {}}' }, 422],
      ['/api/v1/policies/NOPE/evaluate', { method: 'POST', body: '{"facts": {}}' }, 400],
      ['/api/v1/policies/no-such/evaluate', { method: 'POST', body: '{"facts": {}}' }, 404],
      ['/api/v1/policies/service-targets/evaluate', { method: 'GET' }, 400],
      [
        '/api/v1/policies/service-targets/evaluate-batch',
        { method: 'POST', body: JSON.stringify({ items: [] }) },
        400,
      ],
      [
        '/api/v1/policies/service-targets/evaluate',
        { method: 'POST', body: 'x'.repeat(5 * 1024 * 1024) },
        413,
      ],
      ['/api/v1/bundles?asOf=yesterday', {}, 400],
      ['/api/v1/decisions/report', { method: 'POST', body: '{"decisions": [{}]}' }, 400],
      ['/api/v1/nothing', {}, 404],
      ['/api/v1/policies/%E0%A4%A/evaluate', { method: 'POST', body: '{"facts": {}}' }, 400],
      ['/trpc/policies.list%E0%A4%A', {}, 400],
    ];
    for (const [path, init, status] of cases) {
      const response = await fetch(`${url}${path}`, init);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect({ path, status: response.status, code: typeof body.error.code }).toEqual({
        path,
        status,
        code: 'string',
      });
    }
  });

  it('answers the REST evaluation routes (which skip tRPC) exactly as their procedures answer', async () => {
    const cases: [string, 'evaluate' | 'evaluate-batch', Record<string, unknown>][] = [
      ['service-targets', 'evaluate', { facts: 3 }],
      ['service-targets', 'evaluate', { facts: {}, asOf: 'yesterday' }],
      ['service-targets', 'evaluate', { facts: { nope: true } }],
      ['NOPE', 'evaluate', { facts: {} }],
      ['no-such', 'evaluate', { facts: {} }],
      ['service-targets', 'evaluate', { facts: {}, version: 99 }],
      ['service-targets', 'evaluate-batch', { items: [] }],
      ['service-targets', 'evaluate-batch', { items: [{ facts: [] }] }],
      ['no-such', 'evaluate-batch', { items: [{ facts: {} }] }],
    ];
    for (const [index, [policyKey, route, body]] of cases.entries()) {
      const requestId = `same-call-${index}`;
      const rest = await fetch(`${url}/api/v1/policies/${policyKey}/${route}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'x-request-id': requestId },
      });
      const procedure = route === 'evaluate' ? 'evaluate' : 'evaluateBatch';
      const trpc = await fetch(`${url}/trpc/evaluation.${procedure}`, {
        method: 'POST',
        body: JSON.stringify({ ...body, policyKey }),
        headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      });
      const restError = ((await rest.json()) as { error: Record<string, unknown> }).error;
      const trpcError = (
        (await trpc.json()) as {
          error: { message: string; data: { appCode: string; issues: unknown[]; requestId: string } };
        }
      ).error;
      expect(
        { status: rest.status, ...restError, issues: restError.issues ?? [] },
        JSON.stringify(body),
      ).toEqual({
        status: trpc.status,
        code: trpcError.data.appCode,
        message: trpcError.message,
        issues: trpcError.data.issues,
        requestId: trpcError.data.requestId,
      });
      expect(restError.requestId).toBe(requestId);
    }
  });

  it('publishes an OpenAPI document of the REST routes', async () => {
    const response = await fetch(`${url}/api/v1/openapi.json`);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/bundles',
        '/api/v1/decisions/report',
        '/api/v1/policies/{policyKey}/evaluate',
        '/api/v1/policies/{policyKey}/evaluate-batch',
        '/api/v1/policies/{policyKey}/versions/{version}/approve',
        '/api/v1/decisions/search',
      ]),
    );
    // Every reference resolves inside the document.
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const [, kind, name] = /#\/components\/(\w+)\/([^"]+)/.exec(ref) ?? [];
      expect(kind !== undefined && name !== undefined && name in document.components[kind]!, ref).toBe(true);
    }
  });
});
