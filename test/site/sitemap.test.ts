import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  listedPages,
  pageDates,
  sitemapIndexXml,
  sitemapXml,
  writeSitemap,
} from '../../functions/src/services/site/sitemap.ts';
import type { CatalogSnapshot } from '../../functions/src/core/schemas/catalog-snapshot.ts';
import { zhoushanCatalog } from './federation-fixture.ts';

const SITE = 'https://data.example.gov.cn';

let dir: string;

async function site(files: string[]): Promise<void> {
  for (const file of files) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), '<!doctype html>');
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datarun-sitemap-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The `<loc>` of every `<url>`, in order. */
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);

describe('listedPages', () => {
  it('lists every built page by its path and leaves out staff pages, 404 pages and assets', async () => {
    await site([
      'index.html',
      'en/index.html',
      'datasets/103-000004/index.html',
      'en/datasets/103-000004/index.html',
      'federated/zhoushan/211-000003/index.html',
      'agency/index.html',
      'agency/inbox/index.html',
      'en/agency/review/index.html',
      'signin/index.html',
      'en/signin/index.html',
      '404.html',
      'en/404/index.html',
      '_astro/page.css',
      'pagefind/pagefind.js',
    ]);
    expect(await listedPages(dir)).toEqual([
      '/',
      '/datasets/103-000004/',
      '/en/',
      '/en/datasets/103-000004/',
      '/federated/zhoushan/211-000003/',
    ]);
  });
});

describe('pageDates', () => {
  it('dates own and harvested entry pages by their entries’ modified dates', async () => {
    const federated = await zhoushanCatalog();
    const snapshot = {
      entries: [{ code: '103/000004', modified: '2024-11-28' }],
    } as unknown as CatalogSnapshot;
    const dates = pageDates(snapshot, [federated]);
    expect(dates.get('/datasets/103-000004/')).toBe('2024-11-28');
    for (const { entry } of federated.entries)
      expect(dates.get(`/federated/zhoushan/${entry.code.replace('/', '-')}/`)).toBe(
        entry.modified,
      );
  });
});

describe('sitemapXml', () => {
  const paths = ['/', '/datasets/103-000004/', '/en/', '/en/datasets/103-000004/', '/search/'];
  const xml = sitemapXml(paths, SITE, new Map([['/datasets/103-000004/', '2024-11-28']]));

  it('lists each page once by its absolute URL', () => {
    expect(locs(xml)).toEqual(paths.map((path) => `${SITE}${path}`));
  });

  it('dates an entry page and its English twin, and nothing else', () => {
    const dated = [...xml.matchAll(/<loc>([^<]*)<\/loc>\n<lastmod>([^<]*)</g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(dated).toEqual([
      [`${SITE}/datasets/103-000004/`, '2024-11-28'],
      [`${SITE}/en/datasets/103-000004/`, '2024-11-28'],
    ]);
  });

  it('names both languages of a page as alternates, and none for a page without a twin', () => {
    const english = xml.split('<url>').find((part) => part.includes(`<loc>${SITE}/en/</loc>`))!;
    expect(english).toContain(`<xhtml:link rel="alternate" hreflang="zh-CN" href="${SITE}/"/>`);
    expect(english).toContain(`<xhtml:link rel="alternate" hreflang="en" href="${SITE}/en/"/>`);
    const search = xml.split('<url>').find((part) => part.includes('/search/'))!;
    expect(search).not.toContain('xhtml:link');
  });

  it('escapes what XML reserves and percent-encodes what URLs do', () => {
    const odd = sitemapXml(["/a&b/'<x>/"], 'https://example.org/', new Map());
    expect(locs(odd)).toEqual(['https://example.org/a&amp;b/&apos;%3Cx%3E/']);
  });

  it('is a sitemaps.org urlset with the XHTML namespace for the alternates', () => {
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset /);
    expect(xml).toContain('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"');
    expect(xml).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
    expect(xml.match(/<url>/g)).toHaveLength(xml.match(/<\/url>/g)!.length);
  });
});

describe('writeSitemap', () => {
  it('writes one sitemap when the pages fit', async () => {
    await site(['index.html', 'en/index.html']);
    expect(await writeSitemap(dir, SITE, new Map())).toEqual({
      urls: 2,
      files: ['sitemap.xml'],
    });
    expect(locs(await readFile(join(dir, 'sitemap.xml'), 'utf8'))).toEqual([
      `${SITE}/`,
      `${SITE}/en/`,
    ]);
  });

  it('splits a sitemap too large for one file into parts named by a sitemap index', async () => {
    await site(['index.html', 'a/index.html', 'b/index.html', 'en/index.html', 'en/a/index.html']);
    const written = await writeSitemap(dir, SITE, new Map(), 2);
    expect(written).toEqual({
      urls: 5,
      files: ['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml', 'sitemap-3.xml'],
    });
    const index = await readFile(join(dir, 'sitemap.xml'), 'utf8');
    expect(index).toBe(sitemapIndexXml(['sitemap-1.xml', 'sitemap-2.xml', 'sitemap-3.xml'], SITE));
    expect(locs(index)).toEqual([1, 2, 3].map((n) => `${SITE}/sitemap-${n}.xml`));
    const parts = await Promise.all(
      [1, 2, 3].map((n) => readFile(join(dir, `sitemap-${n}.xml`), 'utf8')),
    );
    expect(parts.flatMap(locs)).toEqual(
      ['/', '/a/', '/b/', '/en/', '/en/a/'].map((path) => `${SITE}${path}`),
    );
    // A page's twin in another part is still named as its alternate.
    expect(parts[0]).toContain(`hreflang="en" href="${SITE}/en/a/"`);
  });
});
