import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
};

/** Files worth compressing on the fly; Pagefind's index files are gzipped already. */
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.txt', '.xml']);

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * Serves a built static site the way the CDN does: `/x/` from `x/index.html`, `/x` redirected
 * to `/x/`, text gzipped when the client accepts it, long caching for Astro's hashed assets, and
 * the 404 page of the request's language with status 404 for anything else.
 */
export function serveSite(siteDir: string) {
  const root = normalize(siteDir + sep);
  return async (c: Context) => {
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return notFound(c, root, '/');
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root)) return notFound(c, root, path);
    if (await isFile(file)) return send(c, file, 200);
    if (!path.endsWith('/') && (await isFile(join(file, 'index.html')))) {
      const query = new URL(c.req.url).search;
      return c.redirect(`${c.req.path}/${query}`, 301);
    }
    return notFound(c, root, path);
  };
}

async function notFound(c: Context, root: string, path: string) {
  const english = path === '/en' || path.startsWith('/en/');
  // Astro writes the root 404 page as `404.html` and a nested one as `en/404/index.html`.
  const page = join(root, english ? 'en/404/index.html' : '404.html');
  if (await isFile(page)) return send(c, page, 404);
  return c.text('Not found', 404);
}

async function send(c: Context, file: string, status: 200 | 404) {
  const ext = extname(file);
  const headers: Record<string, string> = {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'cache-control': file.includes(`${sep}_astro${sep}`)
      ? 'public, max-age=31536000, immutable'
      : 'public, max-age=0, must-revalidate',
  };
  let body: Uint8Array = await readFile(file);
  if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
    headers.vary = 'accept-encoding';
  }
  headers['content-length'] = String(body.length);
  if (c.req.method === 'HEAD') return c.body(null, status, headers);
  return c.body(body as Uint8Array<ArrayBuffer>, status, headers);
}
