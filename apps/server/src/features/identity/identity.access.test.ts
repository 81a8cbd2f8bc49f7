// Who may call what: one table, written here by hand, for every procedure of the router and every
// role (plus no credential at all). The suite fails when a procedure is added without a row, when a
// procedure declares no access, and when any procedure × role cell answers otherwise than the table
// says — called over real HTTP with real sessions and a real API key. Every answer is also scanned
// for password hashes, key hashes and session tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORECARD, SCORECARD_FACTS } from '../../test/fixtures.js';
import { PROVIDERS, rawQuery, startTestServer, type TestServer } from '../../test/test-server.js';
import { callHttp, cookieOf, type HttpCall } from '../../test/trpc-http.js';
import { SYSTEM_ACTOR } from '../../trpc/context.js';
import { appRouter } from '../../trpc/router.js';
import type { ProcedureMeta } from '../../trpc/trpc.js';

type Column = 'anonymous' | 'admin' | 'author' | 'reviewer' | 'auditor' | 'service';
type Expected = 'public' | 'authenticated' | readonly Column[];

const PEOPLE = ['admin', 'author', 'reviewer', 'auditor'] as const;
const READERS = PEOPLE;
const AUTHOR = ['author'] as const;
const REVIEWER = ['reviewer'] as const;
const ADMIN = ['admin'] as const;
const ACCOUNTS = ['admin', 'auditor'] as const;

/** The access table: the product's roles (DESIGN.md, issue 4) applied to each procedure. */
const EXPECTED: Record<string, Expected> = {
  'health.check': 'public',
  'system.info': 'authenticated',
  'subjects.list': READERS,
  'subjects.get': READERS,
  'subjects.save': AUTHOR,
  'policies.list': READERS,
  'policies.get': READERS,
  'policies.getVersion': READERS,
  'policies.diff': READERS,
  'policies.create': AUTHOR,
  'policies.createDraft': AUTHOR,
  'policies.updateDraft': AUTHOR,
  'policies.discardDraft': AUTHOR,
  'policies.submit': AUTHOR,
  'policies.approve': REVIEWER,
  'policies.reject': REVIEWER,
  'policies.publish': REVIEWER,
  'policies.retire': REVIEWER,
  'policies.rollback': REVIEWER,
  'testCases.list': READERS,
  'testCases.run': READERS,
  'testCases.create': AUTHOR,
  'testCases.update': AUTHOR,
  'testCases.delete': AUTHOR,
  // Evaluating writes to the decision log: auditors (who change nothing) simulate and replay instead.
  'evaluation.evaluate': ['author', 'reviewer', 'service'],
  'evaluation.evaluateBatch': ['author', 'reviewer', 'service'],
  'evaluation.simulate': READERS,
  'decisions.list': [...READERS, 'service'],
  'decisions.get': [...READERS, 'service'],
  'decisions.replay': READERS,
  'decisions.report': ['service'],
  // Evidence exports: the auditors' reads of the logs (themselves audited).
  'decisions.export': ['admin', 'auditor'],
  'audit.list': ['admin', 'auditor'],
  'audit.verify': ['admin', 'auditor'],
  'audit.export': ['admin', 'auditor'],
  // Retention and legal holds: dual control by an auditor and an administrator.
  'retention.overview': ['admin', 'auditor'],
  'retention.requestHold': ['admin', 'auditor'],
  'retention.approveHold': ['admin', 'auditor'],
  'retention.rejectHold': ['admin', 'auditor'],
  'retention.requestLift': ['admin', 'auditor'],
  'retention.approveLift': ['admin', 'auditor'],
  'retention.rejectLift': ['admin', 'auditor'],
  'retention.requestPeriod': ['admin', 'auditor'],
  'retention.approvePeriod': ['admin', 'auditor'],
  'retention.rejectPeriod': ['admin', 'auditor'],
  'retention.run': ['admin', 'auditor'],
  // Impact analysis: those who write and review versions run it; every reader reads it.
  'impact.run': ['author', 'reviewer'],
  'impact.cancel': ['author', 'reviewer'],
  'impact.get': READERS,
  'impact.latest': READERS,
  'impact.cases': READERS,
  'impact.case': READERS,
  // The signing key is public (recipients verify against it); checking a package takes a sign-in.
  'system.signingKey': 'public',
  'evidence.verify': 'authenticated',
  'bundles.get': [...PEOPLE, 'service'],
  'auth.signIn': 'public',
  'auth.signOut': 'public',
  'auth.me': 'public',
  'auth.changePassword': 'authenticated',
  'users.list': ACCOUNTS,
  'users.create': ADMIN,
  'users.update': ADMIN,
  'users.setPassword': ADMIN,
  'users.unlock': ADMIN,
  'users.requests': ACCOUNTS,
  'users.approveRequest': ADMIN,
  'users.rejectRequest': ADMIN,
  'keys.list': ACCOUNTS,
  'keys.create': ADMIN,
  'keys.revoke': ADMIN,
};

/** The key scope each procedure open to keys belongs to. */
const KEY_SCOPES: Record<string, string> = {
  'evaluation.evaluate': 'evaluate',
  'evaluation.evaluateBatch': 'evaluate',
  'decisions.report': 'evaluate',
  'decisions.list': 'decisions',
  'decisions.get': 'decisions',
  'bundles.get': 'bundles',
};

interface Procedure {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  meta: ProcedureMeta | undefined;
}

// At run time `_def.procedures` is flat, keyed by dotted path.
const PROCEDURES: Procedure[] = Object.entries(
  appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: Procedure['type']; meta?: ProcedureMeta } }
  >,
).map(([path, procedure]) => ({ path, type: procedure._def.type, meta: procedure._def.meta }));

/** A time range around the run, for the exports. */
const RANGE = {
  from: new Date(Date.now() - 86_400_000).toISOString(),
  to: new Date(Date.now() + 86_400_000).toISOString(),
};

/** Valid inputs for the reads, so their answers are produced (and scanned); everything else gets garbage. */
const VALID: Record<string, unknown> = {
  'subjects.get': { key: 'outlet-period' },
  'policies.list': {},
  'policies.get': { policyKey: SCORECARD },
  'policies.getVersion': { policyKey: SCORECARD, version: 1 },
  'policies.diff': { policyKey: SCORECARD, from: 1, to: 1 },
  'testCases.list': { policyKey: SCORECARD },
  'testCases.run': { policyKey: SCORECARD, version: 1 },
  'evaluation.simulate': { policyKey: SCORECARD, version: 1, facts: SCORECARD_FACTS },
  'decisions.list': {},
  'decisions.export': RANGE,
  'audit.list': { limit: 200 },
  'audit.export': RANGE,
  'bundles.get': { policyKeys: [SCORECARD] },
  'keys.list': { includeRevoked: true },
  'users.requests': {},
  'impact.latest': { policyKey: SCORECARD, version: 1 },
};
/** No input schema accepts a bare number: the call stops at validation, after the access check. */
const GARBAGE = 42;
const NO_INPUT = new Set([
  'health.check',
  'system.info',
  'subjects.list',
  'audit.verify',
  'retention.overview',
  'retention.run',
  'system.signingKey',
  'auth.me',
  'users.list',
]);

const PASSWORD = 'matrix password 1';

/** What a cell should answer: refused with a code, or let through (any other answer). */
function expectedCode(expected: Expected, column: Column): 'UNAUTHORIZED' | 'FORBIDDEN' | 'through' {
  if (expected === 'public') return 'through';
  if (column === 'anonymous') return 'UNAUTHORIZED';
  if (expected === 'authenticated') return 'through';
  return expected.includes(column) ? 'through' : 'FORBIDDEN';
}

function actualCode(call: HttpCall): 'UNAUTHORIZED' | 'FORBIDDEN' | 'through' {
  return call.code === 'UNAUTHORIZED' || call.code === 'FORBIDDEN' ? call.code : 'through';
}

describe('access declarations', () => {
  it('declares access on every procedure, and the table names exactly the router’s procedures', () => {
    expect(PROCEDURES.filter((p) => p.meta?.access === undefined).map((p) => p.path)).toEqual([]);
    expect(PROCEDURES.map((p) => p.path).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('gives a key scope to exactly the procedures open to keys', () => {
    const scoped = Object.fromEntries(
      PROCEDURES.filter((p) => p.meta?.keyScope !== undefined).map((p) => [p.path, p.meta!.keyScope]),
    );
    expect(scoped).toEqual(KEY_SCOPES);
    const openToKeys = PROCEDURES.filter(
      (p) => Array.isArray(p.meta?.access) && (p.meta.access as readonly string[]).includes('service'),
    ).map((p) => p.path);
    expect(openToKeys.sort()).toEqual(Object.keys(KEY_SCOPES).sort());
  });
});

describe.each(PROVIDERS)('the role matrix on %s', (provider) => {
  let test: TestServer;
  let url: string;
  beforeAll(async () => {
    // Real credentials only: the development header is off, as in production.
    test = await startTestServer(provider, { env: { PRECEPT_DEV_AUTH: '0' } });
    ({ url } = await test.server.listen(0, '127.0.0.1'));
  });
  afterAll(() => test?.close());

  it('answers every procedure × role as the table says, and no answer carries a hash or a token', async () => {
    const { identity } = test.server.services;
    const corpus: string[] = [];
    const secrets: string[] = [];
    const headers: Record<Column, Record<string, string>> = {
      anonymous: {},
      admin: {},
      author: {},
      reviewer: {},
      auditor: {},
      service: {},
    };
    for (const role of PEOPLE) {
      await identity.createUser(SYSTEM_ACTOR, {
        username: `matrix-${role}`,
        displayName: role,
        roles: [role],
        password: PASSWORD,
      });
      const signIn = await callHttp(url, 'mutation', 'auth.signIn', {
        username: `matrix-${role}`,
        password: PASSWORD,
      });
      expect(signIn.code).toBe('ok');
      corpus.push(signIn.text);
      const cookie = cookieOf(signIn.cookies[0]);
      secrets.push(cookie.split('=')[1]!);
      headers[role] = { cookie };
    }
    const key = await identity.createKey(SYSTEM_ACTOR, { name: 'matrix', scopes: ['evaluate', 'bundles', 'decisions'] });
    secrets.push(key.secret);
    headers.service = { authorization: `Bearer ${key.secret}` };

    const mismatches: string[] = [];
    for (const procedure of PROCEDURES) {
      const input = NO_INPUT.has(procedure.path) ? undefined : (VALID[procedure.path] ?? GARBAGE);
      for (const column of Object.keys(headers) as Column[]) {
        const call = await callHttp(url, procedure.type, procedure.path, input, headers[column]);
        corpus.push(call.text);
        const expected = expectedCode(EXPECTED[procedure.path]!, column);
        const actual = actualCode(call);
        if (call.status >= 500)
          mismatches.push(`${procedure.path} as ${column}: ${call.status} ${call.message}`);
        if (actual !== expected) {
          mismatches.push(
            `${procedure.path} as ${column}: expected ${expected}, got ${call.code} ${call.message}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);

    // The reads with valid input did answer (the scan below has something to look at).
    const listed = await callHttp(url, 'query', 'users.list', undefined, headers.auditor);
    expect((listed.data as { username: string }[]).map((u) => u.username)).toContain('matrix-admin');

    const hashes = [
      ...(await rawQuery<{ h: string }>(test, 'select password_hash as h from users')).flatMap(({ h }) => [
        h,
        ...h.split('$').slice(4),
      ]),
      ...(await rawQuery<{ h: string }>(test, 'select token_hash as h from sessions')).map(({ h }) => h),
      ...(await rawQuery<{ h: string }>(test, 'select secret_hash as h from api_keys')).map(({ h }) => h),
    ];
    expect(hashes.length).toBeGreaterThanOrEqual(PEOPLE.length * 3 + PEOPLE.length + 1);
    const text = corpus.join('\n');
    const leaked = [...hashes, ...secrets].filter((secret) => text.includes(secret));
    expect(leaked).toEqual([]);
  });
});
