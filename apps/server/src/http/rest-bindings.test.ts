import { describe, expect, it } from 'vitest';
import { appRouter } from '../trpc/router.js';
import { REST_BINDINGS, serveBinding, type RestBinding } from './rest-bindings.js';
import { matchRestRoute, REST_ROUTES } from './rest-routes.js';

const ALL_PROCEDURES = Object.keys(appRouter._def.procedures);
const under = (prefix: string): string[] => ALL_PROCEDURES.filter((path) => path.startsWith(prefix));

/** What a business line or a pipeline does over REST: each needs a route. */
const LISTED = [
  'policies.list',
  'policies.get',
  'policies.getVersion',
  'policies.create',
  'policies.createDraft',
  'policies.updateDraft',
  'policies.submit',
  'policies.approve',
  'policies.reject',
  'policies.publish',
  'policies.retire',
  'policies.rollback',
  'policies.diff',
  'testCases.list',
  'testCases.create',
  'testCases.update',
  'testCases.run',
  'evaluation.evaluate',
  'evaluation.evaluateBatch',
  'bundles.get',
  'decisions.list',
  'decisions.get',
  'decisions.replay',
  'decisions.report',
  'audit.list',
  'audit.verify',
  'audit.export',
  'subjects.list',
  'subjects.get',
  ...under('impact.'),
  ...under('retention.'),
  'evidence.verify',
  'system.signingKey',
];

/** The procedure each hand-written route stands for. */
const HAND_WRITTEN: Record<string, string> = {
  evaluate: 'evaluation.evaluate',
  evaluateBatch: 'evaluation.evaluateBatch',
  getBundle: 'bundles.get',
  reportDecisions: 'decisions.report',
};

describe('the REST binding table', () => {
  it('has a route for every listed procedure', () => {
    const routed = new Set([
      ...REST_BINDINGS.map((b) => b.procedure as string),
      ...Object.values(HAND_WRITTEN),
    ]);
    expect(LISTED.filter((path) => !routed.has(path))).toEqual([]);
    expect(under('impact.')).toHaveLength(6);
    expect(under('retention.').length).toBeGreaterThan(5);
  });

  it('binds only procedures that exist, each path parameter a field of the input', () => {
    for (const binding of REST_BINDINGS) {
      expect(ALL_PROCEDURES, binding.path).toContain(binding.procedure);
      expect(() => serveBinding(binding)).not.toThrow();
    }
    expect(() =>
      serveBinding({ ...REST_BINDINGS[0]!, path: '/api/v1/x/{nope}' } satisfies RestBinding),
    ).toThrow(/\{nope\} is not a field/);
  });

  it('gives every route a unique operation id and a unique method + path', () => {
    const ids = REST_ROUTES.map((route) => route.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = REST_ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('reaches every route through the matcher, concrete paths before templates', () => {
    for (const route of REST_ROUTES) {
      const concrete = route.path.replace(/\{(\w+)\}/g, (_, name: string) => `${name}-1`);
      const matched = matchRestRoute(route.method, concrete);
      expect(matched && 'route' in matched ? matched.route.operationId : matched, concrete).toBe(
        route.operationId,
      );
    }
    expect(matchRestRoute('GET', '/api/v1/decisions/search')).toMatchObject({
      route: { operationId: 'getDecision' },
      params: { id: 'search' },
    });
    expect(matchRestRoute('DELETE', '/api/v1/policies')).toEqual({ methodNotAllowed: true });
  });

  it('never takes a decision search or export from a URL: they carry personal data', () => {
    for (const procedure of ['decisions.list', 'decisions.export'] as const) {
      const binding = REST_BINDINGS.find((b) => b.procedure === procedure)!;
      expect(binding.method, procedure).toBe('POST');
      expect(serveBinding(binding).queryFields).toEqual([]);
    }
  });

  it('builds the input from the path, the query (typed) and the body', () => {
    const diff = serveBinding(REST_BINDINGS.find((b) => b.procedure === 'policies.diff')!);
    expect(diff.inputOf({ policyKey: 'a-b' }, new URLSearchParams('from=1&to=2'), {})).toEqual({
      policyKey: 'a-b',
      from: 1,
      to: 2,
    });
    // Text that is not a number stays text, so the schema names the field.
    expect(diff.inputOf({ policyKey: 'a' }, new URLSearchParams('from=one'), {})).toEqual({
      policyKey: 'a',
      from: 'one',
    });
    const submit = serveBinding(REST_BINDINGS.find((b) => b.procedure === 'policies.submit')!);
    expect(
      submit.inputOf({ policyKey: 'a', version: '3' }, new URLSearchParams(), {
        version: 9,
        changeNote: 'why',
      }),
    ).toEqual({ policyKey: 'a', version: 3, changeNote: 'why' });
    const verify = serveBinding(REST_BINDINGS.find((b) => b.procedure === 'audit.verify')!);
    expect(verify.inputOf({}, new URLSearchParams('x=1'), {})).toBeUndefined();
  });
});
