import type { Context } from 'hono';

/** Set by the CDN on every API request (infra/constructs/viewer-request.ts). */
const PUBLIC_HOST_HEADER = 'x-datarun-public-host';
const HOST = /^[a-z0-9.-]+(:\d{1,5})?$/i;

/**
 * The origin the site is served from, for absolute links in answers. Behind CloudFront the
 * request reaches the API under API Gateway's own name, so the CDN passes the viewer's host
 * in a header it always overwrites; locally the request's own origin is the site's.
 */
export function publicOrigin(c: Context): string {
  const host = c.req.header(PUBLIC_HOST_HEADER);
  if (host && HOST.test(host)) return `https://${host}`;
  return new URL(c.req.url).origin;
}
