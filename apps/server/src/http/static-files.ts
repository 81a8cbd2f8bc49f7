// Serves the built console: files under one directory, with an index.html fallback for the
// single-page app's client-side routes. Paths are resolved and confined to the directory.
//
// Compression: text files of 1 KiB or more go as brotli or gzip when the client accepts it (the
// Accept-Encoding negotiation is `negotiator`'s). The console build writes `.br` and `.gz` beside
// each such file at the highest levels; a file without them (a console built another way) is
// compressed here with node:zlib once and kept in memory. Already-compressed types (images, fonts)
// are never compressed again. Every compressible answer carries `Vary: Accept-Encoding`.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import Negotiator from 'negotiator';
import { CONSOLE_SECURITY_HEADERS } from './security-headers.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Text types: worth compressing. Images and fonts are compressed formats already. */
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.svg',
  '.txt',
  '.map',
  '.webmanifest',
]);
/** Below this a compressed body saves less than its headers cost. */
export const MIN_COMPRESSIBLE_BYTES = 1024;
/** Larger files are sent as they are rather than compressed in memory. */
const MAX_COMPRESS_IN_MEMORY_BYTES = 16 * 1024 * 1024;
/** Memory kept for files compressed here (the console's assets take a few MiB). */
const COMPRESSED_CACHE_BYTES = 64 * 1024 * 1024;

/** The encodings we can send, best first: brotli, then gzip, then the file as it is. */
const ENCODINGS = ['br', 'gzip', 'identity'] as const;
type Encoding = (typeof ENCODINGS)[number];
/** The suffix of a precompressed file beside the original. */
const SUFFIX: Record<Exclude<Encoding, 'identity'>, string> = { br: '.br', gzip: '.gz' };

const compressors: Record<Exclude<Encoding, 'identity'>, (data: Buffer) => Promise<Buffer>> = {
  br: (data) =>
    promisify(brotliCompress)(data, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: 9,
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        [zlib.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  gzip: (data) => promisify(gzip)(data, { level: 9 }),
};

/** `negotiator` takes server preferences for ties (its published types predate the option). */
interface EncodingNegotiator {
  encoding(available: readonly string[], options: { preferred: readonly string[] }): string | undefined;
}

/** The encoding to answer `req` with: the client's best, brotli over gzip on a tie, else identity. */
export function negotiateEncoding(req: IncomingMessage): Encoding {
  const chosen = (new Negotiator(req) as unknown as EncodingNegotiator).encoding(ENCODINGS, {
    preferred: ENCODINGS,
  });
  return (ENCODINGS as readonly string[]).includes(chosen ?? '') ? (chosen as Encoding) : 'identity';
}

interface FileInfo {
  size: number;
  mtimeMs: number;
}

async function fileAt(file: string): Promise<FileInfo | undefined> {
  try {
    const info = await stat(file);
    return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

/** A weak validator: the same for every encoding of one version of a file. */
function etagOf(info: FileInfo): string {
  return `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = etag.slice(2);
  return header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value === etag || value === bare || value.replace(/^W\//, '') === bare;
  });
}

/** Whether a request is a browser navigation (an HTML page is welcome). */
function acceptsHtml(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}

/** A handler for the console directory; answers false when it did not handle the request. */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean>;

/**
 * Serves `root` (when it holds an index.html); GET and HEAD only. `/` is index.html. Another path
 * without an extension that names no file is a client-side route: it gets index.html when the
 * request is a browser navigation (accepts text/html), and is left unhandled otherwise (an API
 * client gets a JSON 404).
 */
export async function createStaticHandler(root: string): Promise<StaticHandler | undefined> {
  const base = path.resolve(root);
  if ((await fileAt(path.join(base, 'index.html'))) === undefined) return undefined;

  /** Files compressed here: key `file\0encoding`, valid while size and mtime match. */
  const compressed = new Map<string, { info: FileInfo; body: Buffer }>();
  let cachedBytes = 0;

  /** The body of `file` in `encoding`: a precompressed sibling, or compressed here once. */
  const encodedBody = async (
    file: string,
    info: FileInfo,
    encoding: Exclude<Encoding, 'identity'>,
  ): Promise<{ file: string; size: number } | { body: Buffer } | undefined> => {
    const sibling = `${file}${SUFFIX[encoding]}`;
    const siblingInfo = await fileAt(sibling);
    // A sibling older than its original is stale (the original was rebuilt without it).
    if (siblingInfo !== undefined && siblingInfo.mtimeMs >= info.mtimeMs) {
      return { file: sibling, size: siblingInfo.size };
    }
    if (info.size > MAX_COMPRESS_IN_MEMORY_BYTES) return undefined;
    const key = `${file}\u0000${encoding}`;
    const hit = compressed.get(key);
    if (hit !== undefined && hit.info.size === info.size && hit.info.mtimeMs === info.mtimeMs) {
      return { body: hit.body };
    }
    const body = await compressors[encoding](await readFile(file));
    // A stale entry, or one a concurrent first request has just made: replace it.
    const previous = compressed.get(key);
    if (previous !== undefined) {
      compressed.delete(key);
      cachedBytes -= previous.body.length;
    }
    // Oldest first out when full (the console's handful of assets never gets here).
    for (const [oldKey, old] of compressed) {
      if (cachedBytes + body.length <= COMPRESSED_CACHE_BYTES) break;
      compressed.delete(oldKey);
      cachedBytes -= old.body.length;
    }
    compressed.set(key, { info, body });
    cachedBytes += body.length;
    return { body };
  };

  return async (req, res, pathname) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return false;
    }
    let file = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
    if (file !== base && !file.startsWith(base + path.sep)) return false;
    let info = file === base ? undefined : await fileAt(file);
    const isAsset = path.extname(decoded) !== '';
    if (info === undefined) {
      // A missing asset is a 404; the root, or a browser navigation elsewhere, is the app.
      if (isAsset || (file !== base && !acceptsHtml(req))) return false;
      file = path.join(base, 'index.html');
      info = await fileAt(file);
      if (info === undefined) return false;
    }
    const extension = path.extname(file);
    const isCompressible = COMPRESSIBLE.has(extension);
    const etag = etagOf(info);
    // Vite puts content-hashed files under /assets: those never change; everything else may.
    const isHashed = file.startsWith(path.join(base, 'assets') + path.sep);
    const headers: Record<string, string | number> = {
      ...CONSOLE_SECURITY_HEADERS,
      'cache-control': isHashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag,
      ...(isCompressible ? { vary: 'Accept-Encoding' } : {}),
    };
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }

    const encoding =
      isCompressible && info.size >= MIN_COMPRESSIBLE_BYTES ? negotiateEncoding(req) : 'identity';
    const encoded = encoding === 'identity' ? undefined : await encodedBody(file, info, encoding);
    headers['content-type'] = TYPES[extension] ?? 'application/octet-stream';
    if (encoded !== undefined) headers['content-encoding'] = encoding;
    headers['content-length'] =
      encoded === undefined ? info.size : 'body' in encoded ? encoded.body.length : encoded.size;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
    } else if (encoded !== undefined && 'body' in encoded) {
      res.end(encoded.body);
    } else {
      // A file removed under us (a redeploy) ends the response rather than the process.
      createReadStream(encoded?.file ?? file)
        .on('error', () => res.destroy())
        .pipe(res);
    }
    return true;
  };
}
