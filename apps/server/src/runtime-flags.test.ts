import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from './runtime-flags.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('the server runs with the same Node.js flags wherever it starts', () => {
  it('pnpm start passes them', () => {
    const { scripts } = JSON.parse(read('../package.json')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(['node', ...SERVER_NODE_FLAGS, 'dist/main.js'].join(' '));
  });

  it('the container image passes them', () => {
    const cmd = read('../../../Dockerfile')
      .split('\n')
      .find((line) => line.startsWith('CMD '));
    expect(cmd).toBeDefined();
    expect(JSON.parse(cmd!.slice('CMD '.length))).toEqual(['node', ...SERVER_NODE_FLAGS, 'dist/main.js']);
  });

  it('every flag is one Node.js accepts', () => {
    for (const flag of SERVER_NODE_FLAGS)
      expect(process.allowedNodeEnvironmentFlags.has(flag.split('=')[0]!)).toBe(true);
  });
});
