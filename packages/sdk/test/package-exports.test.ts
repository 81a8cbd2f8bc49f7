// The package as a business line gets it: built with tsdown, packed with `pnpm pack`, installed
// from the tarball with npm into an empty project (its runtime dependencies come from the npm
// registry or the local npm cache), then the README's example run there — a local evaluation from a
// saved, signed bundle file with the server down — and a strict consumer typechecked against the
// bundled declarations, including uses the types must refuse.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { contentHash } from '@precept/rules';
import { GUIDELINE_EFFECTIVE_FROM, GUIDELINE_POLICIES, GUIDELINE_SUBJECTS } from '@precept/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSavedBundle } from '../src/local/bundle-store.js';
import { signedBundleOf, TEST_KEY } from './bundle-signing.js';
import { closedPortUrl } from './server-harness.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const workspaceBin = (name: string): string => {
  const local = join(packageDir, 'node_modules', '.bin', name);
  return existsSync(local) ? local : fileURLToPath(new URL(`../../../node_modules/.bin/${name}`, import.meta.url));
};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pnpm = ['-y', 'pnpm@10.34.9'];
let project: string;
let packDir: string;
let tarball: string;

/** The first ```js block of the README: the example a business line copies. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(join(packageDir, 'README.md'), 'utf8');
  const match = /```js\n([\s\S]*?)```/.exec(readme);
  if (match === null) throw new Error('the README has no ```js example');
  return match[1]!;
}

beforeAll(async () => {
  // The workspace packages' dist is what tsdown bundles; turbo builds it first (`^build`), a direct
  // `vitest run` builds it here when missing.
  for (const dependency of ['schema', 'rules']) {
    const dir = fileURLToPath(new URL(`../../${dependency}/`, import.meta.url));
    if (!existsSync(join(dir, 'dist', 'index.js')))
      await run(workspaceBin('tsc'), ['-p', join(dir, 'tsconfig.build.json')], { cwd: dir });
  }
  await run(workspaceBin('tsdown'), [], { cwd: packageDir });
  packDir = await mkdtemp(join(tmpdir(), 'precept-sdk-pack-'));
  await run('npx', [...pnpm, 'pack', '--pack-destination', packDir], { cwd: packageDir });
  const packed = (await readdir(packDir)).filter((name) => name.endsWith('.tgz'));
  expect(packed).toHaveLength(1);
  tarball = join(packDir, packed[0]!);

  project = await mkdtemp(join(tmpdir(), 'precept-sdk-consumer-'));
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'business-line', version: '1.0.0', private: true, type: 'module' }),
  );
  await run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: project,
    timeout: 240_000,
  });
}, 300_000);

afterAll(async () => {
  for (const dir of [project, packDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the packed package', { timeout: 120_000 }, () => {
  it('installs with its own runtime dependencies only', async () => {
    const manifest = JSON.parse(
      await readFile(join(project, 'node_modules', '@precept', 'sdk', 'package.json'), 'utf8'),
    ) as { dependencies: Record<string, string>; exports: Record<string, unknown>; private?: boolean };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@noble/curves', '@noble/hashes', 'zod']);
    expect(JSON.stringify(manifest.exports)).not.toContain('@precept/source');
    expect(manifest.private).toBeUndefined();
    const installed = await readdir(join(project, 'node_modules'), { recursive: true });
    const names = installed.map((entry) => String(entry));
    for (const absent of ['typescript', 'jsonpath-plus', 'json-rules-engine', '@trpc', '@precept/server', '@precept/rules', '@precept/schema'])
      expect(names, absent).not.toContain(absent);
    const files = (await readdir(join(project, 'node_modules', '@precept', 'sdk'), { recursive: true })).map(String);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/node.js']));
    expect(files.some((file) => file.startsWith('src'))).toBe(false);
    // The browser entry loads no node: module; the Node store is in its own entry.
    const browser = await readFile(join(project, 'node_modules', '@precept', 'sdk', 'dist', 'index.js'), 'utf8');
    expect(browser).not.toMatch(/from ["']node:/);
    expect(browser).not.toMatch(/from ["']json-rules-engine["']/);
  });

  it("runs the README's example: local evaluation from the saved bundle with the server down", async () => {
    const scorecard = GUIDELINE_POLICIES.find((entry) => entry.policy.key === 'service-performance-scorecard')!;
    const bundle = signedBundleOf('etag-saved', [
      {
        policyKey: scorecard.policy.key,
        version: 1,
        document: scorecard.document,
        subject: GUIDELINE_SUBJECTS.find((subject) => subject.key === scorecard.policy.subjectKey)!,
        contentHash: contentHash(scorecard.document),
        effectiveFrom: GUIDELINE_EFFECTIVE_FROM,
        effectiveTo: null,
      },
    ]);
    const fetchedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    await writeFile(join(project, 'precept-bundle.json'), encodeSavedBundle({ fetchedAt, bundle }));
    await writeFile(join(project, 'precept-signing.pem'), TEST_KEY.publicKeyPem);
    await writeFile(join(project, 'example.mjs'), await readmeExample());
    const { stdout, stderr } = await run(process.execPath, ['example.mjs'], {
      cwd: project,
      env: { ...process.env, PRECEPT_URL: await closedPortUrl(), PRECEPT_API_KEY: 'unused' },
    });
    expect(stderr).toMatch(/started from the saved bundle etag-saved, downloaded \S+ \(7\d{3} s ago\)/);
    expect(stderr).toContain(`bundle etag-saved from the store, fetched at ${fetchedAt}`);
    expect(stdout).toMatch(/^OUT-0102: \d+(\.\d+)? [A-E] \(v1, [0-9a-f]{12}\)\n$/);

    // A saved file changed by hand is refused: the example then has no bundle and says why.
    const text = await readFile(join(project, 'precept-bundle.json'), 'utf8');
    await writeFile(join(project, 'precept-bundle.json'), text.replace('"complaints"', '"Complaints"'));
    const refused = await run(process.execPath, ['example.mjs'], {
      cwd: project,
      env: { ...process.env, PRECEPT_URL: await closedPortUrl() },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('refused the saved bundle: the bundle does not match its signature');
  });

  it('types a strict consumer from the bundled declarations, and refuses mistyped uses', async () => {
    await writeFile(
      join(project, 'consumer.ts'),
      `import { createClient, createInMemoryClient, type LocalEvent, type PolicyDecision, type SdkResult } from '@precept/sdk';
import { fileBundleStore } from '@precept/sdk/node';

export async function score(url: string, publicKey: string, facts: { outletId: string; complaints: number }): Promise<string> {
  const client = createClient({ url, apiKey: 'k', timeoutMs: 5000, retries: 1 });
  const result: SdkResult<PolicyDecision<'scorecard'>> = await client.evaluate('service-performance-scorecard', facts, {
    kind: 'scorecard',
    asOf: new Date(),
  });
  if (!result.ok) return \`\${result.error.code} \${result.error.refusal ?? ''}: \${result.error.message}\`;
  const { outcome, decisionId, contentHash, version } = result.value;
  // @ts-expect-error a scorecard outcome has no escalation level
  void outcome.level;
  const local = client.local({ publicKey, store: fileBundleStore('bundle.json'), onEvent: (event: LocalEvent) => console.log(event.type, event.message) });
  console.log(local.status().source, local.status().fetchedAt);
  await local.close();
  // @ts-expect-error local evaluation needs the server's public key
  client.local({ policies: ['service-performance-scorecard'] });
  // @ts-expect-error the in-memory client needs policies
  createInMemoryClient({});
  return \`\${decisionId} \${contentHash} v\${version}: \${outcome.total} \${outcome.grade ?? '-'}\`;
}
`,
    );
    await writeFile(
      join(project, 'tsconfig.json'),
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
    const result = await run(workspaceBin('tsc'), ['-p', join(project, 'tsconfig.json')], { cwd: project }).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
    );
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });
});
