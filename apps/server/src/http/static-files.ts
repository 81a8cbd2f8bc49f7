// Serves the built console: files under one directory, with an index.html fallback for the
// single-page app's client-side routes. Paths are resolved and confined to the directory.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

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

async function fileAt(file: string): Promise<{ size: number } | undefined> {
  try {
    const info = await stat(file);
    return info.isFile() ? { size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

/** A handler for the console directory; answers false when it did not handle the request. */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean>;

/** Serves `root` (when it holds an index.html); GET and HEAD only. */
export async function createStaticHandler(root: string): Promise<StaticHandler | undefined> {
  const base = path.resolve(root);
  if ((await fileAt(path.join(base, 'index.html'))) === undefined) return undefined;
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
      // A missing asset is a 404; anything else is a client-side route of the single-page app.
      if (isAsset) return false;
      file = path.join(base, 'index.html');
      info = await fileAt(file);
      if (info === undefined) return false;
    }
    // Vite puts content-hashed files under /assets: those never change; everything else may.
    const isHashed = file.startsWith(path.join(base, 'assets') + path.sep);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': isHashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    createReadStream(file).pipe(res);
    return true;
  };
}
