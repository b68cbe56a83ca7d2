import { siteData } from '../lib/site-data.ts';

/**
 * `/robots.txt`: every page may be crawled (staff pages say `noindex` themselves, which a crawler
 * must be allowed to read), and the sitemap is named by its absolute URL.
 */
export function GET(): Response {
  const sitemap = new URL('/sitemap.xml', siteData().options.siteUrl).href;
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${sitemap}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
