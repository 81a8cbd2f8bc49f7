import { expandOutcome } from '@precept/rules';
import {
  CompactEvaluationResultSchema,
  EvaluateBatchOutputSchema,
  EvaluationResultSchema,
  GUIDELINE_POLICIES,
  isPseudonym,
  type Decision,
  type PolicyVersionDetail,
} from '@precept/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../trpc/context.js';
import { PROVIDERS, startTestServer, type TestServer } from '../test/test-server.js';
import { ErrorBodySchema } from './openapi.js';

const SCORECARD = 'service-performance-scorecard';
const QUALIFICATIONS = 'post-qualifications';

/** A person over the development header: who, and which roles. */
const as = (id: string, roles: string): Record<string, string> => ({
  'x-precept-actor': id,
  'x-precept-roles': roles,
});

describe.each(PROVIDERS)('the REST API on %s', (provider) => {
  let test: TestServer;
  let url: string;

  beforeAll(async () => {
    test = await startTestServer(provider);
    ({ url } = await test.server.listen(0, '127.0.0.1'));
  });
  afterAll(() => test?.close());

  async function call(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: await response.json() };
  }

  /** An error answer: its status and the one error body (validated against its schema). */
  async function failure(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const { status, json } = await call(method, path, headers, body);
    const parsed = ErrorBodySchema.safeParse(json);
    expect(parsed.success, JSON.stringify(json)).toBe(true);
    return { status, ...parsed.data!.error };
  }

  const author = as('alice', 'author');
  const reviewer = as('bob', 'reviewer');

  it('runs draft → submit → approve by a second person → publish, all over REST', async () => {
    const draft = await call('POST', `/api/v1/policies/${SCORECARD}/drafts`, author, { fromVersion: 1 });
    expect(draft.status).toBe(200);
    const { version, lockVersion } = draft.json as PolicyVersionDetail;
    expect(draft.json).toMatchObject({ status: 'draft', version: 2 });

    const base = `/api/v1/policies/${SCORECARD}/versions/${version}`;
    const tests = await call('POST', `${base}/test-runs`, author);
    expect(tests.json).toMatchObject({ version, failed: 0 });

    const submitted = await call('POST', `${base}/submit`, author, {
      lockVersion,
      changeNote: 'annual review',
    });
    expect(submitted.json).toMatchObject({ status: 'in_review' });
    const afterSubmit = (submitted.json as PolicyVersionDetail).lockVersion;

    // The author may not approve their own change, whatever roles they hold.
    const own = await failure('POST', `${base}/approve`, as('alice', 'author,reviewer'), {
      lockVersion: afterSubmit,
    });
    expect(own).toMatchObject({ status: 403, code: 'FORBIDDEN' });

    const approved = await call('POST', `${base}/approve`, reviewer, {
      lockVersion: afterSubmit,
      comment: 'ok',
    });
    expect(approved.json).toMatchObject({ status: 'approved' });
    const published = await call('POST', `${base}/publish`, reviewer, {
      lockVersion: (approved.json as PolicyVersionDetail).lockVersion,
    });
    expect(published.json).toMatchObject({ status: 'published', isInForce: true });

    const policy = await call('GET', `/api/v1/policies/${SCORECARD}`, reviewer);
    expect(policy.json).toMatchObject({ inForce: { version } });
    const diff = await call('GET', `/api/v1/policies/${SCORECARD}/diff?from=1&to=${version}`, reviewer);
    expect(diff.json).toMatchObject({ policyKey: SCORECARD, changes: [] });
    const audit = await call(
      'GET',
      '/api/v1/audit?actor=bob&action=policy.publish&limit=10',
      as('carol', 'auditor'),
    );
    expect((audit.json as { items: { action: string; actor: string }[] }).items).toContainEqual(
      expect.objectContaining({
        action: 'policy.publish',
        actor: 'bob',
        entityId: expect.stringContaining(SCORECARD),
      }),
    );
  });

  it('adds, lists and deletes a test case of a draft over REST', async () => {
    const key = 'service-targets';
    const draft = (await call('POST', `/api/v1/policies/${key}/drafts`, author, { fromVersion: 1 }))
      .json as PolicyVersionDetail;
    const cases = `/api/v1/policies/${key}/versions/${draft.version}/test-cases`;
    const existing = GUIDELINE_POLICIES.find((p) => p.policy.key === key)!.testCases[0]!;
    const created = await call('POST', cases, author, {
      testCase: { ...existing, id: undefined, name: 'over REST' },
    });
    expect(created.status).toBe(200);
    const { id } = created.json as { id: string };
    const names = async () =>
      (
        (await call('GET', `/api/v1/policies/${key}/test-cases?version=${draft.version}`, author)).json as {
          name: string;
        }[]
      ).map((testCase) => testCase.name);
    expect(await names()).toContain('over REST');
    const deleted = await call('DELETE', `${cases}/${id}`, author);
    expect(deleted.json).toEqual({ policyKey: key, version: draft.version, id });
    expect(await names()).not.toContain('over REST');
  });

  it('answers each error code with its status and the one error body', async () => {
    expect(await failure('GET', '/api/v1/policies/no-such-policy', reviewer)).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    const invalid = await failure('GET', `/api/v1/policies/${SCORECARD}/versions/first`, reviewer);
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION' });
    expect(invalid.issues?.map((issue) => issue.path)).toEqual(['$.version']);
    expect(
      await failure('POST', `/api/v1/policies/${SCORECARD}/drafts`, as('carol', 'auditor'), {
        fromVersion: 1,
      }),
    ).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const draft = (
      await call('POST', `/api/v1/policies/${QUALIFICATIONS}/drafts`, author, { fromVersion: 1 })
    ).json as PolicyVersionDetail;
    const stale = await failure('PUT', `/api/v1/policies/${QUALIFICATIONS}/drafts/${draft.version}`, author, {
      lockVersion: draft.lockVersion + 1,
      document: draft.document,
    });
    expect(stale).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('answers evaluate with the compact outcome by default and the full one for detail "full"', async () => {
    const { document, testCases } = GUIDELINE_POLICIES.find((p) => p.policy.key === SCORECARD)!;
    const body = { facts: testCases[0]!.facts, asOf: '2026-03-31' };
    const service = as('svc', 'service');
    const compact = await call('POST', `/api/v1/policies/${SCORECARD}/evaluate`, service, body);
    const full = await call('POST', `/api/v1/policies/${SCORECARD}/evaluate`, service, { ...body, detail: 'full' });
    expect([compact.status, full.status]).toEqual([200, 200]);
    const compactResult = CompactEvaluationResultSchema.parse(compact.json);
    const fullResult = EvaluationResultSchema.strict().parse(full.json);
    // The full answer's members, in order, are those evaluate always answered with.
    expect(Object.keys(full.json as object)).toEqual(Object.keys(EvaluationResultSchema.shape));
    expect(expandOutcome(compactResult.outcome, document)).toEqual(fullResult.outcome);
    expect(JSON.stringify(compact.json).length * 2).toBeLessThan(JSON.stringify(full.json).length);
    const batch = await call('POST', `/api/v1/policies/${SCORECARD}/evaluate-batch`, service, {
      items: [{ facts: body.facts }],
      asOf: body.asOf,
    });
    const [item] = EvaluateBatchOutputSchema.parse(batch.json).results;
    expect(item?.ok === true && item.decision.outcome).toEqual(compactResult.outcome);
  });

  it('lets an API key with the decisions scope list decisions, personal values as pseudonyms', async () => {
    const facts = GUIDELINE_POLICIES.find((p) => p.policy.key === QUALIFICATIONS)!.testCases[0]!.facts;
    const evaluated = await call(
      'POST',
      `/api/v1/policies/${QUALIFICATIONS}/evaluate`,
      as('svc', 'service'),
      {
        facts,
      },
    );
    expect(evaluated.status).toBe(200);
    const { identity } = test.server.services;
    const reader = await identity.createKey(SYSTEM_ACTOR, { name: 'log-reader', scopes: ['decisions'] });
    const evaluator = await identity.createKey(SYSTEM_ACTOR, { name: 'scorer', scopes: ['evaluate'] });
    const limited = await identity.createKey(SYSTEM_ACTOR, {
      name: 'limited-reader',
      scopes: ['decisions'],
      policyKeys: [SCORECARD],
    });
    const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

    const page = await call('POST', '/api/v1/decisions/search', bearer(reader.secret), {
      policyKey: QUALIFICATIONS,
      limit: 5,
    });
    expect(page.status).toBe(200);
    const [decision] = (page.json as { items: Decision[] }).items;
    expect(decision?.id).toBe((evaluated.json as { decisionId: string }).decisionId);
    expect(isPseudonym(decision!.facts.employeeId)).toBe(true);
    expect(isPseudonym(decision!.facts.name)).toBe(true);
    const one = await call('GET', `/api/v1/decisions/${decision!.id}`, bearer(reader.secret));
    expect(isPseudonym((one.json as Decision).facts.name)).toBe(true);

    // A key may not search for a person, lacks the scope, or is limited to other policies.
    expect(
      await failure('POST', '/api/v1/decisions/search', bearer(reader.secret), { person: facts.employeeId }),
    ).toMatchObject({ status: 403 });
    expect(await failure('POST', '/api/v1/decisions/search', bearer(evaluator.secret), {})).toMatchObject({
      status: 403,
    });
    expect(await failure('POST', '/api/v1/decisions/search', bearer(limited.secret), {})).toMatchObject({
      status: 403,
      issues: [{ path: '$.policyKey' }],
    });
    expect(
      await failure('POST', '/api/v1/decisions/search', bearer(limited.secret), {
        policyKey: QUALIFICATIONS,
      }),
    ).toMatchObject({ status: 403 });
    expect(await failure('GET', `/api/v1/decisions/${decision!.id}`, bearer(limited.secret))).toMatchObject({
      status: 403,
    });
  });

  it('serves an OpenAPI document whose per-policy operations a signed-in caller sees', async () => {
    const anonymous = await fetch(`${url}/api/v1/openapi.json`, { headers: { 'x-precept-actor': '!' } });
    const publicDocument = (await anonymous.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(publicDocument.paths)).not.toContain(`/api/v1/policies/${SCORECARD}/evaluate`);
    const signedIn = await call('GET', '/api/v1/openapi.json', reviewer);
    const document = signedIn.json as {
      paths: Record<string, { post?: { operationId: string; description: string } }>;
    };
    const scorecard = document.paths[`/api/v1/policies/${SCORECARD}/evaluate`]?.post;
    expect(scorecard?.operationId).toBe(`evaluate_${SCORECARD}`);
    expect(scorecard?.description).toContain('`complaints`');
  });
});
