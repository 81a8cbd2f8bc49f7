// The run command's server: built to dist, started with plain Node on PGlite in an empty data
// folder, it loads the guideline, answers /healthz, and stops cleanly on SIGTERM.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = path.resolve(serverDir, '../..');
const tsc = path.join(repoDir, 'node_modules/typescript/bin/tsc');

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
    };
    delete env.DATABASE_URL;
    delete env.PRECEPT_DEMO;
    const started = spawn(process.execPath, ['dist/main.js'], {
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

    const policies = (await (await fetch(`${url}/trpc/policies.list`)).json()) as {
      result: { data: { inForce: { version: number } }[] };
    };
    expect(policies.result.data).toHaveLength(8);
    expect(policies.result.data.every((p) => p.inForce.version === 1)).toBe(true);
    const decisions = (await (await fetch(`${url}/trpc/decisions.list`)).json()) as {
      result: { data: { items: unknown[] } };
    };
    expect(decisions.result.data.items.length).toBeGreaterThan(0);

    // Production: an error carries no stack trace.
    const bad = (await (
      await fetch(`${url}/trpc/policies.get?input=${encodeURIComponent('{"policyKey":1}')}`)
    ).json()) as {
      error: { data: Record<string, unknown> };
    };
    expect(bad.error.data.appCode).toBe('VALIDATION');
    expect(bad.error.data).not.toHaveProperty('stack');

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('shutting down');
  });
});
