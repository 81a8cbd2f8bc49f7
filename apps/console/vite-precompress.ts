// A build step of the console: writes `name.br` (brotli, quality 11) and `name.gz` (gzip, level 9)
// beside every text file of 1 KiB or more in the output, so the server sends the console
// compressed at the highest levels without spending its own CPU per request. Images and fonts are
// compressed formats already and are left alone.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const TEXT_FILES = /\.(?:html|js|mjs|css|json|svg|txt|map|webmanifest)$/;
const MIN_BYTES = 1024;

/** Precompresses the build output (see the file's header). */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'precept-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const names = (await readdir(outDir, { recursive: true })).filter((name) => TEXT_FILES.test(name));
      await Promise.all(
        names.map(async (name) => {
          const file = path.join(outDir, name);
          const data = await readFile(file);
          if (data.length < MIN_BYTES) return;
          const [br, gz] = await Promise.all([
            promisify(brotliCompress)(data, {
              params: {
                [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
                [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
                [zlib.BROTLI_PARAM_SIZE_HINT]: data.length,
              },
            }),
            promisify(gzip)(data, { level: zlib.Z_BEST_COMPRESSION }),
          ]);
          await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
        }),
      );
    },
  };
}
