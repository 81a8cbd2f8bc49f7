import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileBundleStore } from './file-bundle-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'precept-store-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('fileBundleStore', () => {
  it('loads nothing before the first save, then what was saved last', async () => {
    const store = fileBundleStore(join(dir, 'nested', 'bundle.json'));
    await expect(store.load()).resolves.toBeNull();
    await store.save('one');
    await store.save('two');
    await expect(store.load()).resolves.toBe('two');
    // Replaced by rename: no temporary file is left beside it.
    await expect(readdir(join(dir, 'nested'))).resolves.toEqual(['bundle.json']);
  });

  it('fails loudly for a path it cannot read or write, rather than pretending nothing was saved', async () => {
    const file = join(dir, 'file');
    await writeFile(file, 'x');
    const store = fileBundleStore(join(file, 'bundle.json')); // a file where a folder should be
    await expect(store.load()).rejects.toThrow();
    await expect(store.save('text')).rejects.toThrow();
  });
});
