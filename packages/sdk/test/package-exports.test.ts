// The package as a consumer gets it: built with `tsc -p tsconfig.build.json`, imported from
// `dist/index.js` by plain Node (no source condition), and its `dist/index.d.ts` typechecked by a
// small strict consumer — including a use the types must refuse.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(packageDir, 'node_modules', '.bin', 'tsc');
const tscBin = existsSync(tsc)
  ? tsc
  : fileURLToPath(new URL('../../../node_modules/.bin/tsc', import.meta.url));
let scratch: string;

/** Builds a workspace package's dist with its build config. */
const build = (dir: string) => run(tscBin, ['-p', join(dir, 'tsconfig.build.json')], { cwd: dir });

beforeAll(async () => {
  // The dependencies' dist is what plain Node resolves; turbo builds it before tests (`^build`),
  // and a direct `vitest run` builds it here when missing.
  for (const dependency of ['schema', 'rules']) {
    const dir = fileURLToPath(new URL(`../../${dependency}/`, import.meta.url));
    if (!existsSync(join(dir, 'dist', 'index.js'))) await build(dir);
  }
  await build(packageDir);
  // Inside the package, so that `@precept/sdk` resolves to itself through its `exports` map.
  scratch = await mkdtemp(join(packageDir, '.consumer-'));
}, 240_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('the built package', { timeout: 120_000 }, () => {
  it('emits JavaScript and declarations without server or Node-only imports', async () => {
    const files = await listFiles(join(packageDir, 'dist'));
    expect(files.some((file) => file.endsWith('index.js'))).toBe(true);
    expect(files.some((file) => file.endsWith('index.d.ts'))).toBe(true);
    expect(files.some((file) => file.includes('.test.'))).toBe(false);
    for (const file of files.filter((name) => name.endsWith('.js') || name.endsWith('.d.ts'))) {
      const text = await readFile(file, 'utf8');
      // Types of the server stay out of what consumers load: it is a dev dependency only.
      expect(text, file).not.toMatch(/@precept\/server/);
      // Browsers have no node: modules.
      expect(text, file).not.toMatch(/from ['"]node:/);
    }
  });

  it('is importable by plain Node from dist and evaluates in memory', async () => {
    const script = join(scratch, 'consumer.mjs');
    await writeFile(
      script,
      `import * as sdk from '@precept/sdk';
import { GUIDELINE_POLICIES, GUIDELINE_SUBJECTS } from '@precept/schema';
const client = sdk.createInMemoryClient({ policies: GUIDELINE_POLICIES, subjects: GUIDELINE_SUBJECTS });
const { facts, asOf } = GUIDELINE_POLICIES.find((p) => p.policy.key === 'service-performance-scorecard').testCases[0];
const result = await client.evaluate('service-performance-scorecard', facts, { kind: 'scorecard', asOf });
const remote = sdk.createClient({ url: 'http://127.0.0.1:1' });
console.log(JSON.stringify({
  exports: Object.keys(sdk).sort(),
  resolved: import.meta.resolve('@precept/sdk'),
  ok: result.ok,
  total: result.ok ? result.value.outcome.total : null,
  remote: typeof remote.evaluate,
}));
`,
    );
    const { stdout } = await run(process.execPath, [script], { cwd: scratch });
    const printed = JSON.parse(stdout) as {
      exports: string[];
      resolved: string;
      ok: boolean;
      total: number;
      remote: string;
    };
    expect(printed.resolved).toMatch(/packages\/sdk\/dist\/index\.js$/);
    expect(printed.exports).toEqual(
      expect.arrayContaining([
        'CLIENT_DEFAULTS',
        'DEFAULT_RETRY',
        'LOCAL_DEFAULTS',
        'createClient',
        'createInMemoryClient',
      ]),
    );
    expect(printed).toMatchObject({ ok: true, remote: 'function' });
    expect(typeof printed.total).toBe('number');
  });

  it('types a strict consumer from dist/index.d.ts, and refuses a mistyped use', async () => {
    await writeFile(
      join(scratch, 'consumer.ts'),
      `import { createClient, createInMemoryClient, type PolicyDecision, type SdkResult } from '@precept/sdk';

export async function score(url: string, facts: { outletId: string; complaints: number }): Promise<number | string> {
  const client = createClient({ url, apiKey: 'k', timeoutMs: 5000, retries: 1 });
  const result: SdkResult<PolicyDecision<'scorecard'>> = await client.evaluate('service-performance-scorecard', facts, {
    kind: 'scorecard',
    asOf: new Date(),
  });
  if (!result.ok) return \`\${result.error.code}: \${result.error.message}\`;
  const { outcome, decisionId, contentHash, version } = result.value;
  // @ts-expect-error a scorecard outcome has no escalation level
  void outcome.level;
  return \`\${decisionId} \${contentHash} v\${version}: \${outcome.total} \${outcome.grade ?? '-'}\`;
}

export async function follow(url: string): Promise<void> {
  const local = createClient({ url }).local({ policies: ['service-performance-scorecard'], refreshMs: 30_000 });
  const stop = local.onChange((change) => console.log(change.etag, change.changed));
  const ready = await local.ready({ signal: AbortSignal.timeout(10_000) });
  if (ready.ok) console.log(ready.value.ageMs, local.status().report.dropped);
  stop();
  await local.close();
  // @ts-expect-error the in-memory client needs policies
  createInMemoryClient({});
}
`,
    );
    await writeFile(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023', 'DOM'],
          types: [],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
        },
        files: ['consumer.ts'],
      }),
    );
    const result = await run(tscBin, ['-p', join(scratch, 'tsconfig.json')], { cwd: scratch }).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
    );
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });
});
