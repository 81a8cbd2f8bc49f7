// vitest global setup: the bin test runs dist/bin.js as a child process, so compile the CLI first
// (its workspace dependencies are built by turbo's ^build, as for every package's tests).
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Compiles src to dist with the package's build config. */
export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
  chmodSync(join(root, 'dist', 'bin.js'), 0o755);
}
