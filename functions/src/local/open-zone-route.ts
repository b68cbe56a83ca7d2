import type { Context } from 'hono';
import type { Stores } from '../adapters/index.ts';

/**
 * Serves the open zone under `/open/`, as CloudFront does on AWS: only the open bucket, and
 * only keys under `open/` or the public catalog snapshot.
 */
export async function openZoneRoute(c: Context, stores: Stores) {
  const key = decodeURIComponent(c.req.path.slice(1));
  if (key.includes('..')) return c.text('Not found', 404);
  const info = await stores.objects.head('open', key);
  const body = info && (await stores.objects.getStream('open', key));
  if (!info || !body) return c.text('Not found', 404);
  return c.body(body as unknown as ReadableStream, 200, {
    'content-type': info.contentType ?? 'application/octet-stream',
    'content-length': String(info.bytes),
    ...(info.sha256 && { etag: `"${info.sha256}"` }),
  });
}
