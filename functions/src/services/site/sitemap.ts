import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogSnapshot } from '../../core/schemas/catalog-snapshot.ts';
import type { FederatedCatalog } from '../../core/federation/federated-catalog.ts';
import { codeSlug } from '../../core/publish/object-keys.ts';
import { federatedEntryPath } from './site-layout.ts';

/**
 * Pages left out of the sitemap: the agency portal and sign-in are for staff (and `noindex`),
 * a dispute's status page shows one reporter their own report (and `noindex`), the 404 pages
 * are not pages to visit.
 */
const UNLISTED = /^\/(?:en\/)?(?:agency|signin|disputes|404)\//;

/** The most URLs one sitemap file may hold (sitemaps.org); past it, an index names the parts. */
export const SITEMAP_MAX_URLS = 50_000;

const ENGLISH = '/en/';

/** The path of a page in the other language's terms: `/en/datasets/` and `/datasets/` → `/datasets/`. */
function neutralPath(path: string): string {
  return path.startsWith(ENGLISH) ? path.slice(ENGLISH.length - 1) : path;
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** The page paths under one folder of a built site (`/datasets/` → `/datasets/x/`, …). */
async function pagesUnder(dir: string, path: string): Promise<string[]> {
  const children = await readdir(dir, { withFileTypes: true });
  // Folders are read side by side: a large catalog has tens of thousands of them, and Node's
  // own recursive readdir, one folder after another, took seconds for them.
  const nested = await Promise.all(
    children
      .filter((child) => child.isDirectory())
      .map((child) => pagesUnder(join(dir, child.name), `${path}${child.name}/`)),
  );
  const own = children.some((child) => child.isFile() && child.name === 'index.html');
  return [...(own ? [path] : []), ...nested.flat()];
}

/**
 * The path of every page built into a site folder (`datasets/index.html` → `/datasets/`),
 * sorted, without the unlisted ones. Read from the folder, so the sitemap holds exactly the
 * pages that were built, whichever route made them.
 */
export async function listedPages(outDir: string): Promise<string[]> {
  return (await pagesUnder(outDir, '/')).filter((path) => !UNLISTED.test(path)).sort();
}

/**
 * The last modification date of the pages that have one: each entry page, own or harvested,
 * has its entry's `modified` date. Keyed by the Chinese path; the English twin shares it.
 */
export function pageDates(
  snapshot: CatalogSnapshot,
  federation: readonly FederatedCatalog[],
): Map<string, string> {
  const dates = new Map<string, string>();
  for (const entry of snapshot.entries)
    dates.set(`/datasets/${codeSlug(entry.code)}/`, entry.modified);
  for (const catalog of federation)
    for (const { entry } of catalog.entries)
      dates.set(federatedEntryPath(catalog.source.id, entry.code), entry.modified);
  return dates;
}

/**
 * A sitemap (`<urlset>`) of some pages: absolute URLs, `<lastmod>` where the page has a date,
 * and for each page its Chinese and English versions as `xhtml:link` alternates.
 */
export function sitemapXml(
  paths: readonly string[],
  siteUrl: string,
  dates: ReadonlyMap<string, string>,
  allPaths: ReadonlySet<string> = new Set(paths),
): string {
  const url = (path: string) => escapeXml(new URL(path, siteUrl).href);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
  ];
  for (const path of paths) {
    const neutral = neutralPath(path);
    const english = `/en${neutral}`;
    lines.push('<url>', `<loc>${url(path)}</loc>`);
    const date = dates.get(neutral);
    if (date) lines.push(`<lastmod>${date}</lastmod>`);
    if (allPaths.has(neutral) && allPaths.has(english))
      lines.push(
        `<xhtml:link rel="alternate" hreflang="zh-CN" href="${url(neutral)}"/>`,
        `<xhtml:link rel="alternate" hreflang="en" href="${url(english)}"/>`,
      );
    lines.push('</url>');
  }
  lines.push('</urlset>', '');
  return lines.join('\n');
}

/** A sitemap index naming the part files of a sitemap too large for one file. */
export function sitemapIndexXml(files: readonly string[], siteUrl: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...files.map(
      (file) => `<sitemap><loc>${escapeXml(new URL(`/${file}`, siteUrl).href)}</loc></sitemap>`,
    ),
    '</sitemapindex>',
    '',
  ].join('\n');
}

/**
 * Writes `sitemap.xml` into a built site: every listed page of both languages. Past `maxUrls`
 * pages, the pages go into `sitemap-1.xml`, `sitemap-2.xml`… and `sitemap.xml` is their index.
 * Answers how many pages it lists and the files it wrote.
 */
export async function writeSitemap(
  outDir: string,
  siteUrl: string,
  dates: ReadonlyMap<string, string>,
  maxUrls = SITEMAP_MAX_URLS,
): Promise<{ urls: number; files: string[] }> {
  const paths = await listedPages(outDir);
  const all = new Set(paths);
  if (paths.length <= maxUrls) {
    await writeFile(join(outDir, 'sitemap.xml'), sitemapXml(paths, siteUrl, dates, all));
    return { urls: paths.length, files: ['sitemap.xml'] };
  }
  const parts: string[] = [];
  for (let start = 0; start < paths.length; start += maxUrls) {
    const file = `sitemap-${parts.length + 1}.xml`;
    const part = paths.slice(start, start + maxUrls);
    await writeFile(join(outDir, file), sitemapXml(part, siteUrl, dates, all));
    parts.push(file);
  }
  await writeFile(join(outDir, 'sitemap.xml'), sitemapIndexXml(parts, siteUrl));
  return { urls: paths.length, files: ['sitemap.xml', ...parts] };
}
