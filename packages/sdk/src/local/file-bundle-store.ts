import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BundleStore } from './bundle-store.js';

/**
 * A {@link BundleStore} in one file (Node only): read whole, replaced atomically by writing a
 * temporary file beside it and renaming it over the old one, so a crash never leaves half a bundle.
 * The folder is created when missing. A missing file loads as nothing saved.
 *
 * @example
 * const local = createClient({ url }).local({ publicKey, store: fileBundleStore('/var/lib/scoring/precept-bundle.json') });
 */
export function fileBundleStore(path: string): BundleStore {
  let sequence = 0;
  return {
    async load() {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ENOENT') return null;
        throw error;
      }
    },
    async save(text) {
      await mkdir(dirname(path), { recursive: true });
      sequence += 1;
      const temporary = `${path}.${process.pid}.${sequence}.tmp`;
      try {
        await writeFile(temporary, text, { encoding: 'utf8', mode: 0o600 });
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
  };
}
