// The compiled `precept` executable as a pipeline runs it: a child process, its exit code and stderr.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editJson, removeDir, tempDir, writeGuidelineFolder } from './fixtures.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Runs the built bin (directly: its shebang line and mode make it executable). */
function runBin(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      BIN,
      args,
      { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A local URL where nothing listens. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('the precept bin', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
    await writeGuidelineFolder(dir);
  });
  afterEach(() => removeDir(dir));

  it('exits 0 on a valid folder and 1 with the file and JSON path on stderr for an invalid one', async () => {
    expect(await runBin(['validate', dir])).toMatchObject({ code: 0, stderr: '' });
    await editJson(join(dir, 'policies', 'service-targets.json'), (file) => {
      file.document.targets[0].condition.all[0].operator = 'isAbout';
    });
    const result = await runBin(['validate', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^policies\/service-targets\.json \$\.document\.targets\[0\]\.condition\.all\[0\]\.operator: /m,
    );
    expect(result.stdout).toBe('invalid: 1 problem in 1 file\n');
  });

  it('exits 2 on a usage error and prints help for every command', async () => {
    const unknown = await runBin(['export', dir, '--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--frobnicate'");
    for (const command of ['login', 'logout', 'export', 'validate', 'test', 'diff', 'import']) {
      const help = await runBin([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(new RegExp(`^Usage: precept ${command}`));
    }
    const noServer = await runBin(['diff', dir]);
    expect(noServer).toMatchObject({ code: 2 });
    expect(noServer.stderr).toContain('no server: set PRECEPT_URL');
  });

  it('exits 3 when the server cannot be reached', async () => {
    const result = await runBin(['export', dir, '--quiet'], {
      PRECEPT_URL: await closedPortUrl(),
      PRECEPT_TOKEN: 'x',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^error: list subjects: cannot reach http:\/\/127\.0\.0\.1:\d+\/ \(ECONNREFUSED\)/,
    );
  });
});
