// The main entry is what production loads (the server's evaluator, the SDK's local evaluator, in
// browsers too): walking its static imports must never reach json-rules-engine, whose JSONPath
// dependency stays out of every installation that does not run the reference semantics.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = dirname(fileURLToPath(import.meta.url));
const IMPORT = /^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms;

/** Every bare module the files reachable from `entry` import (type-only imports excluded). */
async function bareImportsOf(entry: string): Promise<Map<string, string>> {
  const seen = new Set<string>();
  const bare = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const statement = match[0];
      const specifier = match[1]!;
      if (/^(?:import|export)\s+type\s/.test(statement)) continue;
      if (specifier.startsWith('.')) queue.push(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else bare.set(specifier, file);
    }
  }
  return bare;
}

describe('the entries of @precept/rules', () => {
  it('the main entry never imports json-rules-engine', async () => {
    const bare = await bareImportsOf(join(srcDir, 'index.ts'));
    expect([...bare.keys()].sort()).not.toContain('json-rules-engine');
    expect(bare.has('@precept/schema')).toBe(true); // the walk does reach the files' imports
  });

  it('the reference entry does, and exports the engine runner', async () => {
    const bare = await bareImportsOf(join(srcDir, 'reference.ts'));
    expect(bare.has('json-rules-engine')).toBe(true);
    const reference = await import('./reference.js');
    expect(Object.keys(reference).sort()).toEqual(['evaluateWithEngine', 'toEngineRules']);
  });
});
