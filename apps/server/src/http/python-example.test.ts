// Runs examples/python-evaluate/evaluate.py against a real server: the proof that another language
// can drive evaluation from the OpenAPI document alone.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GUIDELINE_POLICIES } from '@precept/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../trpc/context.js';
import { startTestServer, type TestServer } from '../test/test-server.js';

const SCRIPT = fileURLToPath(new URL('../../../../examples/python-evaluate/evaluate.py', import.meta.url));
const SCORECARD = 'service-performance-scorecard';
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;
const PASSWORD = 'python example password 1';

/** Runs the script; resolves with its exit code and output (never rejects on a non-zero exit). */
function runScript(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'python3',
      [SCRIPT, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe.skipIf(!HAS_PYTHON)(
  `examples/python-evaluate${HAS_PYTHON ? '' : ' (skipped: python3 is not installed on this machine)'}`,
  () => {
    let test: TestServer;
    let openapi: string;
    let dir: string;
    let factsFile: string;

    beforeAll(async () => {
      // Real credentials only, as in production.
      test = await startTestServer('pglite', { env: { PRECEPT_DEV_AUTH: '0' } });
      const { url } = await test.server.listen(0, '127.0.0.1');
      openapi = `${url}/api/v1/openapi.json`;
      dir = mkdtempSync(join(tmpdir(), 'precept-python-'));
      factsFile = join(dir, 'facts.json');
      const facts = GUIDELINE_POLICIES.find((p) => p.policy.key === SCORECARD)!.testCases[0]!.facts;
      writeFileSync(factsFile, JSON.stringify(facts));
    });
    afterAll(async () => {
      await test?.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it('evaluates a policy and lists its decisions with an API key', async () => {
      const key = await test.server.services.identity.createKey(SYSTEM_ACTOR, {
        name: 'python-example',
        scopes: ['evaluate', 'decisions'],
      });
      const env = { PRECEPT_OPENAPI_URL: openapi, PRECEPT_API_KEY: key.secret };
      const run = await runScript(
        ['--policy', SCORECARD, '--facts', factsFile, '--as-of', '2026-03-31'],
        env,
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const decisionId =
        /^decision ([0-9a-f-]{36}): service-performance-scorecard v1 as of 2026-03-31$/m.exec(
          run.stdout,
        )?.[1];
      expect(decisionId, run.stdout).toBeDefined();
      expect(run.stdout).toMatch(/^outcome: .*"total": 110/m);
      expect(run.stdout).toContain(`latest decisions of ${SCORECARD}:`);
      expect(run.stdout).toMatch(new RegExp(`^  ${decisionId}  .*  v1 .* caller key:python-example`, 'm'));

      // Without facts it prints the facts the policy needs, read from the document.
      const facts = await runScript(['--policy', SCORECARD], env);
      expect(facts.code).toBe(0);
      expect(facts.stdout).toMatch(/^ {2}complaints\s+(required|optional)\s+\S/m);
    }, 120_000);

    it('signs in as a person when given a username and password', async () => {
      await test.server.services.identity.createUser(SYSTEM_ACTOR, {
        username: 'py-author',
        displayName: 'Python author',
        roles: ['author'],
        password: PASSWORD,
      });
      const run = await runScript(['--policy', SCORECARD, '--facts', factsFile], {
        PRECEPT_OPENAPI_URL: openapi,
        PRECEPT_USERNAME: 'py-author',
        PRECEPT_PASSWORD: PASSWORD,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/caller py-author/);
    }, 120_000);

    it('prints the server’s error and exits 1 when a key lacks the scope', async () => {
      const key = await test.server.services.identity.createKey(SYSTEM_ACTOR, {
        name: 'evaluate-only',
        scopes: ['evaluate'],
      });
      const run = await runScript(['--policy', SCORECARD, '--facts', factsFile], {
        PRECEPT_OPENAPI_URL: openapi,
        PRECEPT_API_KEY: key.secret,
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^decision /m);
      expect(run.stderr).toMatch(
        /^error FORBIDDEN \(HTTP 403\): decisions\.list is outside this API key's scopes/m,
      );
      const none = await runScript(['--policy', SCORECARD], { PRECEPT_OPENAPI_URL: openapi });
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('no credentials');
    }, 120_000);
  },
);
