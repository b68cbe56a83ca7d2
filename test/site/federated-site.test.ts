import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { stringify } from 'yaml';
import { FolderCatalogSource } from '../../functions/src/adapters/fs/folder-catalog-source.ts';
import { loadCatalog } from '../../functions/src/services/load-catalog.ts';
import { publishCatalog } from '../../functions/src/services/publish/publish-catalog.ts';
import { buildSite } from '../../functions/src/services/site/build-site.ts';
import { OWN_SOURCE } from '../../functions/src/services/site/site-layout.ts';
import type { FederatedCatalog } from '../../functions/src/core/federation/federated-catalog.ts';
import { startTestStorage } from '../support/storage.ts';
import type { TestStorage } from '../support/storage.ts';
import { DEMO_DATA, catalogFolder } from '../support/catalog-folder.ts';
import { agency, openEntry } from '../support/entries.ts';
import { zhoushanCatalog } from './federation-fixture.ts';
import { loadPagefind } from './pagefind-node.ts';

const SITE_URL = 'http://localhost:4321';
/** The demo entry copied from the 舟山 portal, published here as an imported entry. */
const IMPORTED = '211/000003';
const IMPORTED_URL = 'http://data.zhoushan.gov.cn/#/OpenData/DataSet/Detail?id=4793';

let storage: TestStorage;
let work: string;
let federated: FederatedCatalog;
let built: boolean;

const options = () => ({
  siteUrl: SITE_URL,
  outDir: join(work, 'dist'),
  workDir: join(work, 'state'),
});
const file = (path: string) => readFile(join(work, 'dist', path), 'utf8');
/** A built page's HTML with the whitespace between tags, which the templates' layout leaves, gone. */
const page = async (path: string) =>
  (await file(join(path, 'index.html')))
    .replace(/\s+/g, ' ')
    .replace(/> /g, '>')
    .replace(/ </g, '<');

/** The JSON-LD object of a built page. */
async function jsonLd(path: string): Promise<Record<string, unknown>> {
  const [, json] = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(await page(path))!;
  return JSON.parse(json!) as Record<string, unknown>;
}

/** Every page built, as the path it is served at. */
async function builtPages(): Promise<string[]> {
  const files = await readdir(join(work, 'dist'), { recursive: true });
  return files
    .filter((f) => f === 'index.html' || f.endsWith(`${sep}index.html`))
    .map((f) => `/${f.slice(0, -'index.html'.length).split(sep).join('/')}`);
}

beforeAll(async () => {
  storage = await startTestStorage();
  work = await mkdtemp(join(tmpdir(), 'datarun-federated-site-'));
  const demo = await loadCatalog(new FolderCatalogSource(DEMO_DATA));
  const imported = demo.entries.find((e) => e.entry.code === IMPORTED)!.entry;
  const folder = await catalogFolder([
    openEntry(),
    {
      ...imported,
      origin: { platform: 'data.zhoushan.gov.cn', id: '4793', url: IMPORTED_URL },
    },
  ]);
  const zsWater = demo.agencies.find((a) => a.code === imported.provider)!;
  await writeFile(join(folder, 'agencies.yaml'), stringify({ agencies: [agency(), zsWater] }));
  await publishCatalog({
    source: new FolderCatalogSource(folder),
    stores: storage.stores,
    tmpDir: tmpdir(),
  });
  await rm(folder, { recursive: true, force: true });
  federated = await zhoushanCatalog();
  await storage.stores.federation.write(federated);
  ({ built } = await buildSite(storage.stores.objects, options()));
}, 180_000);

afterAll(async () => {
  await storage?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the federated section', () => {
  it('has a list of sources, a page per source and a page per harvested entry, in both languages', async () => {
    expect(built).toBe(true);
    const pages = await builtPages();
    for (const prefix of ['', '/en'])
      for (const path of [
        '/federated/',
        '/federated/zhoushan/',
        '/federated/zhoushan/211-000003/',
        '/federated/zhoushan/212-000001/',
        '/federated/zhoushan/212-000002/',
      ])
        expect(pages, prefix + path).toContain(prefix + path);
  });

  it('lists each source with its platform, kind, entry and removed counts and last harvest', async () => {
    const html = await page('federated');
    const row = /<tbody>(.*?)<\/tbody>/s.exec(html)![1]!;
    expect(row).toContain('href="/federated/zhoushan/"');
    expect(row).toContain('舟山市公共数据开放平台');
    expect(row).toContain(`href="${federated.source.url}" rel="external">127.0.0.1:4322</a>`);
    expect(row).toContain('DCAT 目录');
    expect([...row.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => m[1])).toEqual(['3', '1']);
    expect(row).toContain('2026年11月27日 10:00（北京时间）');
    const english = await page('en/federated');
    expect(english).toContain('Zhoushan Public Data Portal');
    expect(english).toContain('27 Nov 2026, 10:00 China time');
  });

  it('lists a source’s entries with provider, original code, harvest dates, removal and original page', async () => {
    const html = await page('federated/zhoushan');
    const rows = /<tbody>(.*?)<\/tbody>/s.exec(html)![1]!.split('</tr>').slice(0, -1);
    expect(rows).toHaveLength(3);
    // Present entries first, most recently changed first; the removed one last, marked.
    expect(rows.map((row) => /href="(\/federated\/[^"]+)"/.exec(row)![1])).toEqual([
      '/federated/zhoushan/212-000002/',
      '/federated/zhoushan/212-000001/',
      '/federated/zhoushan/211-000003/',
    ]);
    expect(rows.map((row) => row.includes('已下线'))).toEqual([false, false, true]);
    expect(rows.every((row) => row.includes('舟山市水利局'))).toBe(true);
    expect(rows.map((row) => /<code>([^<]+)<\/code>/.exec(row)![1])).toEqual([
      '4786',
      '50724',
      '4793',
    ]);
    expect(rows[0]).not.toContain('rel="external"');
    expect(rows[2]).toContain(`href="${IMPORTED_URL}" rel="external"`);
    expect(rows[0]).toContain('<time datetime="2026-11-20T02:00:00.000Z">2026年11月20日</time>');
    expect(rows[0]).toContain('<time datetime="2026-11-23T02:00:00.000Z">2026年11月23日</time>');
    expect(await page('en/federated/zhoushan')).toContain('Removed from source');
  });

  it('shows a harvested entry with its provenance, its metadata and a removal note', async () => {
    const html = await page('federated/zhoushan/211-000003');
    const provenance = /<section id="provenance".*?<\/section>/s.exec(html)![0];
    for (const label of ['来源平台', '原始代码', '采集时间', '原始链接'])
      expect(provenance).toContain(`<dt>${label}</dt>`);
    expect(provenance).toContain('<code class="original-link">4793</code>');
    expect(provenance).toContain(`href="${IMPORTED_URL}"`);
    expect(provenance).toContain('<li>首次采集：2026年11月20日 10:00（北京时间）</li>');
    expect(provenance).toContain('<li>最近变更：2026年11月21日 10:00（北京时间）</li>');
    expect(html).toContain('来源平台自 2026年11月27日 起不再列出此条目');
    expect(html).toContain('<th scope="row">信息资源提供方</th><td><span>舟山市水利局</span>');
    expect(html).toContain('唯一标识');
    expect(await page('federated/zhoushan/212-000002')).not.toContain('不再列出此条目');
    expect(await jsonLd('federated/zhoushan/211-000003')).toMatchObject({
      '@type': 'Dataset',
      url: `${SITE_URL}/federated/zhoushan/211-000003/`,
      isBasedOn: IMPORTED_URL,
      includedInDataCatalog: { '@type': 'DataCatalog', url: federated.source.url },
    });
  });

  it('adds a header link to the section once a source has been harvested', async () => {
    expect(await page('')).toMatch(/<nav class="site-nav".*?href="\/federated\/".*?<\/nav>/s);
    expect(await page('en/datasets')).toMatch(/<nav class="site-nav".*?href="\/en\/federated\/"/s);
  });
});

describe('entry pages of imported entries', () => {
  it('show the source platform, the original identifier and a link to the original page', async () => {
    const html = await page('datasets/211-000003');
    const row = /<tr data-origin>.*?<\/tr>/s.exec(html)![0];
    expect(row).toContain('<th scope="row">来源</th>');
    expect(row).toContain('data.zhoushan.gov.cn');
    expect(row).toContain('原始标识：4793');
    expect(row).toContain(`<a href="${IMPORTED_URL}" rel="external">原始页面</a>`);
    expect(await page('en/datasets/211-000003')).toContain('original identifier: 4793');
    expect(await page('datasets/103-000001')).not.toContain('data-origin');
  });

  it('say in their JSON-LD which record they are based on', async () => {
    expect(await jsonLd('datasets/211-000003')).toMatchObject({
      '@type': 'Dataset',
      isBasedOn: IMPORTED_URL,
      identifier: ['211/000003', { '@type': 'PropertyValue', value: '4793' }],
    });
    expect(await jsonLd('datasets/103-000001')).not.toHaveProperty('isBasedOn');
  });
});

describe('discovery', () => {
  const FEEDS = [
    '<link rel="alternate" type="application/atom+xml" href="/catalog/feed.atom" title=',
    '<link rel="alternate" type="application/ld+json" href="/catalog/dcat.jsonld" title=',
    '<link rel="alternate" type="text/turtle" href="/catalog/dcat.ttl" title=',
  ];

  it('links the Atom feed and the DCAT-AP exports from the head of public pages only', async () => {
    for (const path of ['', 'en', 'datasets/103-000001', 'federated/zhoushan', 'developers']) {
      const head = /<head>.*<\/head>/s.exec(await page(path))![0];
      for (const link of FEEDS) expect(head, path).toContain(link);
    }
    for (const path of ['agency', 'en/agency/inbox', 'signin', 'en/signin']) {
      const head = /<head>.*<\/head>/s.exec(await page(path))![0];
      expect(head, path).toContain('<meta name="robots" content="noindex, nofollow">');
      expect(head, path).not.toContain('application/atom+xml');
    }
  });

  it('lists the five catalog exports and the federation API on the developers page', async () => {
    const section = /<section id="exports".*?<\/section>/s.exec(await page('developers'))![0];
    for (const path of [
      '/catalog/dcat.jsonld',
      '/catalog/dcat.ttl',
      '/catalog/data.json',
      '/catalog/catalog.csv',
      '/catalog/feed.atom',
    ])
      expect(section).toContain(`<a href="${path}"><code>${path}</code></a>`);
    expect(section).toContain('Project Open Data');
    expect(section).toContain('GET /api/v1/federation</code>');
    expect(section).toContain('GET /api/v1/federation/{source}</code>');
    expect(await page('en/developers')).toContain('Catalog exports');
  });

  it('writes a robots.txt that allows everything and names the sitemap by its absolute URL', async () => {
    expect(await file('robots.txt')).toBe(
      `User-agent: *\nAllow: /\n\nSitemap: ${SITE_URL}/sitemap.xml\n`,
    );
  });
});

describe('sitemap.xml', () => {
  const LINE =
    /^(?:<url>|<\/url>|<loc>https?:\/\/[^<>&\s]+<\/loc>|<lastmod>\d{4}-\d{2}-\d{2}<\/lastmod>|<xhtml:link rel="alternate" hreflang="(?:zh-CN|en)" href="https?:\/\/[^"<>&\s]+"\/>)$/;

  it('lists every public page of both languages once, by absolute URL, and no staff page', async () => {
    const xml = await file('sitemap.xml');
    const locs = [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]!);
    const pages = (await builtPages()).filter(
      (path) => !/^\/(en\/)?(agency|signin|disputes|404)\//.test(path),
    );
    expect(new Set(locs).size).toBe(locs.length);
    expect([...locs].sort()).toEqual(pages.map((path) => `${SITE_URL}${path}`).sort());
    expect(locs).toContain(`${SITE_URL}/federated/zhoushan/212-000001/`);
    expect(locs).toContain(`${SITE_URL}/en/federated/`);
    expect(locs.some((loc) => /\/(agency|signin)\//.test(loc))).toBe(false);
    expect(pages.length).toBeGreaterThan(40);
  });

  it('is a well-formed urlset whose lines are all sitemap elements', async () => {
    const [declaration, open, ...rest] = (await file('sitemap.xml')).trimEnd().split('\n');
    expect(declaration).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    expect(open).toBe(
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    );
    expect(rest.pop()).toBe('</urlset>');
    for (const line of rest) expect(line).toMatch(LINE);
    expect(rest.filter((l) => l === '<url>')).toHaveLength(
      rest.filter((l) => l === '</url>').length,
    );
  });

  it('dates entry pages, own and harvested, by their entries’ modified dates, with both languages as alternates', async () => {
    const xml = await file('sitemap.xml');
    const block = (path: string) =>
      xml.split('<url>').find((part) => part.includes(`<loc>${SITE_URL}${path}</loc>`))!;
    expect(block('/datasets/103-000001/')).toContain('<lastmod>2023-06-30</lastmod>');
    const harvested = federated.entries.find((e) => e.entry.code === '212/000001')!.entry;
    for (const path of ['/federated/zhoushan/212-000001/', '/en/federated/zhoushan/212-000001/']) {
      expect(block(path)).toContain(`<lastmod>${harvested.modified}</lastmod>`);
      expect(block(path)).toContain(
        `hreflang="zh-CN" href="${SITE_URL}/federated/zhoushan/212-000001/"`,
      );
      expect(block(path)).toContain(
        `hreflang="en" href="${SITE_URL}/en/federated/zhoushan/212-000001/"`,
      );
    }
    expect(block('/federated/')).not.toContain('<lastmod>');
  });
});

describe('the search index', () => {
  it('finds harvested entries by their source and own entries by this platform', async () => {
    const realFetch = globalThis.fetch;
    try {
      const pagefind = await loadPagefind(join(work, 'dist', 'pagefind'));
      const urls = async (filters: Record<string, string[]>, query: string | null = null) => {
        const { results } = await pagefind.search(query, { filters });
        // In Node, result URLs carry the bundle's file URL before the site path.
        const data = await Promise.all(results.map((r) => r.data()));
        return data.map((d) => d.url.slice(d.url.indexOf('/dist/') + '/dist'.length)).sort();
      };
      expect(await urls({ source: ['zhoushan'] })).toEqual([
        '/federated/zhoushan/212-000001/',
        '/federated/zhoushan/212-000002/',
      ]);
      expect(await urls({ source: [OWN_SOURCE] })).toEqual([
        '/datasets/103-000001/',
        '/datasets/211-000003/',
      ]);
      expect(await urls({}, '水雨情')).toEqual(['/federated/zhoushan/212-000001/']);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('is offered on the search page as a source filter with counts', async () => {
    const select = /<select id="filter-source".*?<\/select>/s.exec(await page('search'))![0];
    expect(select).toContain(`<option value="${OWN_SOURCE}">本平台（2）</option>`);
    expect(select).toContain('<option value="zhoushan">舟山市公共数据开放平台（2）</option>');
  });
});

describe('rebuilding', () => {
  it('rebuilds after a harvest that changed something and not after one that did not', async () => {
    // A harvest that found nothing new leaves the stored catalog as it was.
    await storage.stores.federation.write(federated);
    expect((await buildSite(storage.stores.objects, options())).built).toBe(false);

    const [first, second, ...rest] = federated.entries;
    const renamed = { ...second!.entry, title: { zh: '舟山市水雨情信息（更新）' } };
    await storage.stores.federation.write({
      ...federated,
      harvestedAt: '2026-11-28T02:00:00.000Z',
      entries: [
        first!,
        { ...second!, entry: renamed, lastChangedAt: '2026-11-28T02:00:00.000Z' },
        ...rest,
      ],
    });
    expect((await buildSite(storage.stores.objects, options())).built).toBe(true);
    expect(await page('federated/zhoushan/212-000001')).toContain('舟山市水雨情信息（更新）');
  }, 120_000);
});
