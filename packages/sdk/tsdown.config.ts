// The published build: one ESM file per entry with its bundled declarations. The workspace packages
// (@precept/rules' compiled evaluator, @precept/schema's zod schemas) are bundled in, so that the
// package installs with its real runtime dependencies only (zod, @noble/*) — no server, no
// TypeScript, no json-rules-engine or jsonpath-plus (the SDK imports the main entry of
// @precept/rules, which never loads them; `onlyBundle` fails the build if anything else from
// node_modules were pulled in). tsdown (Rolldown, with rolldown-plugin-dts for the .d.ts) is the
// maintained successor of tsup; 0.21 is the newest line that runs on Node 20.19.
import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts' },
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
  sourcemap: true,
  clean: true,
  deps: {
    alwaysBundle: [/^@precept\//],
    neverBundle: [/^node:/, 'zod', /^@noble\//],
    onlyBundle: [], // nothing from node_modules may be bundled: the workspace packages only
  },
  dts: true,
});
