// The run command's server: built to dist, started with plain Node on PGlite in an empty data
// folder, it loads the guideline, answers /healthz, and stops cleanly on SIGTERM.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from './runtime-flags.js';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = path.resolve(serverDir, '../..');
const tsc = path.join(repoDir, 'node_modules/typescript/bin/tsc');
const DEMO_PASSWORD = 'demo-password-for-the-start-test';

/** The newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  try {
    return Math.max(
      0,
      ...readdirSync(dir, { recursive: true }).map((name) => statSync(path.join(dir, String(name))).mtimeMs),
    );
  } catch {
    return 0;
  }
}

/** Builds a workspace package to its dist unless the build is newer than its sources (turbo's `^build` in CI). */
function build(dir: string): void {
  if (newest(path.join(dir, 'dist')) > newest(path.join(dir, 'src'))) return;
  execFileSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.build.json')], { stdio: 'pipe' });
}

describe('node dist/main.js', () => {
  let child: ChildProcess | undefined;
  let dataDir: string;
  let url: string;
  let output = '';

  beforeAll(async () => {
    build(path.join(repoDir, 'packages/schema'));
    build(path.join(repoDir, 'packages/rules'));
    build(serverDir);
    dataDir = await mkdtemp(path.join(tmpdir(), 'precept-start-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      PRECEPT_DATA_DIR: dataDir,
      NODE_ENV: 'production',
      PRECEPT_DEMO_PASSWORD: DEMO_PASSWORD,
      PRECEPT_SCRYPT_COST: '10',
    };
    delete env.DATABASE_URL;
    delete env.PRECEPT_DEMO;
    const started = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'dist/main.js'], {
      cwd: serverDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        for (const line of output.split('\n')) {
          if (!line.startsWith('{')) continue;
          const record = JSON.parse(line) as { msg?: string; url?: string };
          if (record.msg === 'precept server listening' && record.url !== undefined) resolve(record.url);
        }
      };
      started.stdout.on('data', onData);
      started.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      started.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
    });
  });

  afterAll(async () => {
    if (child !== undefined && child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('exit', resolve));
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz with the guideline loaded and the demo decisions logged, then stops on SIGTERM', async () => {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    // The embedded demo has its users; an auditor signs in and sees the guideline and the demo decisions.
    const signIn = (await (
      await fetch(`${url}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'auditor', password: DEMO_PASSWORD, issueToken: true }),
      })
    ).json()) as { result: { data: { token: string } } };
    const auth = { authorization: `Bearer ${signIn.result.data.token}` };
    const policies = (await (await fetch(`${url}/trpc/policies.list`, { headers: auth })).json()) as {
      result: { data: { inForce: { version: number } }[] };
    };
    expect(policies.result.data).toHaveLength(8);
    expect(policies.result.data.every((p) => p.inForce.version === 1)).toBe(true);
    const decisions = (await (await fetch(`${url}/trpc/decisions.list`, { headers: auth })).json()) as {
      result: { data: { items: unknown[] } };
    };
    expect(decisions.result.data.items.length).toBeGreaterThan(0);

    // Production: errors carry no stack trace; without a credential nothing but public procedures answer.
    const bad = (await (
      await fetch(`${url}/trpc/policies.get?input=${encodeURIComponent('{"policyKey":1}')}`, {
        headers: auth,
      })
    ).json()) as { error: { data: Record<string, unknown> } };
    expect(bad.error.data.appCode).toBe('VALIDATION');
    expect(bad.error.data).not.toHaveProperty('stack');
    const anonymous = await fetch(`${url}/trpc/policies.list`);
    expect(anonymous.status).toBe(401);

    // A wrong password slows the account: the next attempt within the delay is 429 RATE_LIMITED.
    const signInAs = (password: string) =>
      fetch(`${url}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'reviewer2', password }),
      });
    expect((await signInAs('wrong password')).status).toBe(401);
    const throttled = await signInAs(DEMO_PASSWORD);
    expect(throttled.status).toBe(429);
    const refusal = (await throttled.json()) as { error: { data: Record<string, unknown> } };
    expect(refusal.error.data.appCode).toBe('RATE_LIMITED');

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('shutting down');
  });
});
