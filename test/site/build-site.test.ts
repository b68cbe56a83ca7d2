import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderCatalogSource } from '../../functions/src/adapters/fs/folder-catalog-source.ts';
import { publishCatalog } from '../../functions/src/services/publish/publish-catalog.ts';
import { buildSite, buildSiteFromInput } from '../../functions/src/services/site/build-site.ts';
import type { SiteBuildEvent } from '../../functions/src/services/site/build-site.ts';
import { startTestStorage } from '../support/storage.ts';
import type { TestStorage } from '../support/storage.ts';
import { catalogFolder, entryWithData } from '../support/catalog-folder.ts';

const HOSTILE_TITLE = '<script>alert("title")</script>行政区划代码';
const HOSTILE_ABSTRACT = '</script><img src=x onerror=alert(1)>省、市、县三级行政区划代码。';
const HOSTILE_CELL = '<b onmouseover=alert(2)>东城区</b>';

let storage: TestStorage;
let work: string;
const events: SiteBuildEvent[] = [];
let first: Awaited<ReturnType<typeof buildSite>>;

const options = () => ({
  siteUrl: 'http://localhost:4321',
  outDir: join(work, 'dist'),
  workDir: join(work, 'state'),
  onEvent: (event: SiteBuildEvent) => events.push(event),
});
const page = (path: string) => readFile(join(work, 'dist', path, 'index.html'), 'utf8');

beforeAll(async () => {
  storage = await startTestStorage();
  work = await mkdtemp(join(tmpdir(), 'datarun-site-'));
  const folder = await catalogFolder(
    [
      entryWithData('103/000001', 'hostile.csv', {
        title: { zh: HOSTILE_TITLE, en: 'Division codes <em>now</em>' },
        abstract: { zh: HOSTILE_ABSTRACT },
      }),
    ],
    { 'datasets/hostile.csv': `code,name\n110101,"${HOSTILE_CELL}"\n110102,西城区\n` },
  );
  await publishCatalog({
    source: new FolderCatalogSource(folder),
    stores: storage.stores,
    tmpDir: tmpdir(),
  });
  await rm(folder, { recursive: true, force: true });
  first = await buildSite(storage.stores.objects, options());
}, 180_000);

afterAll(async () => {
  await storage?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('buildSite', () => {
  it('builds the pages of both languages and the search index, reporting its progress', () => {
    expect(first.built).toBe(true);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['snapshot', 'previews', 'pages', 'index', 'built']),
    );
    for (const path of [
      'index.html',
      'en/index.html',
      'datasets/103-000001/index.html',
      'en/datasets/103-000001/index.html',
      '404.html',
      'en/404/index.html',
      'pagefind/pagefind.js',
    ])
      expect(existsSync(join(work, 'dist', path)), path).toBe(true);
  });

  it('shows titles, abstracts and data cells with HTML in them as text', async () => {
    for (const path of ['datasets/103-000001', 'en/datasets/103-000001', 'datasets', '']) {
      // Inside a quoted attribute value (a meta description) `<` is text; outside, it is markup.
      const html = (await page(path)).replace(/="[^"]*"/g, '=""');
      expect(html, path).not.toContain('<script>alert');
      expect(html, path).not.toContain('<img src=x');
      expect(html, path).not.toContain('<b onmouseover');
      expect(html, path).not.toContain('<em>now</em>');
    }
    const entry = await page('datasets/103-000001');
    expect(entry).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;行政区划代码');
    expect(entry).toContain('&lt;b onmouseover=alert(2)&gt;东城区&lt;/b&gt;');
  });

  it('writes JSON-LD that no catalog text can break out of, and that reads back as the entry', async () => {
    const entry = await page('datasets/103-000001');
    const blocks = [...entry.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)];
    expect(blocks).toHaveLength(1);
    const ld = JSON.parse(blocks[0]![1]!) as Record<string, unknown>;
    expect(ld).toMatchObject({
      '@type': 'Dataset',
      name: HOSTILE_TITLE,
      description: HOSTILE_ABSTRACT,
    });
  });

  it('marks Chinese data on English pages with its language', async () => {
    const english = await page('en/datasets/103-000001');
    expect(english).toMatch(/<html lang="en"/);
    expect(english).toMatch(/<p class="original" lang="zh-CN">/);
    expect(await page('datasets/103-000001')).toMatch(/<html lang="zh-CN"/);
  });

  it('has no federated section, header link or source filter when nothing has been harvested', async () => {
    expect(existsSync(join(work, 'dist', 'federated'))).toBe(false);
    expect(await page('')).not.toContain('/federated/');
    expect(await page('search')).not.toContain('filter-source');
    expect(await readFile(join(work, 'dist', 'sitemap.xml'), 'utf8')).toContain(
      '<loc>http://localhost:4321/datasets/103-000001/</loc>',
    );
  });

  it('builds nothing when neither the snapshot nor the site changed', async () => {
    events.length = 0;
    const started = Date.now();
    const again = await buildSite(storage.stores.objects, options());
    expect(again.built).toBe(false);
    expect(events.map((e) => e.type)).toEqual(['snapshot', 'unchanged']);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('asks for a publish when storage holds no public snapshot', async () => {
    const empty = await startTestStorage();
    try {
      await expect(buildSite(empty.stores.objects, options())).rejects.toThrow(/datarun publish/);
    } finally {
      await empty.stop();
    }
  });
});

describe('buildSiteFromInput', () => {
  it('names the failing step and keeps the cause when Astro cannot run', async () => {
    const error = await buildSiteFromInput({
      inputDir: join(work, 'state', 'input'),
      siteRoot: join(work, 'no-site-here'),
      outDir: join(work, 'broken'),
      cacheDir: join(work, 'cache'),
    }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/the site pages could not be built/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(existsSync(join(work, 'broken.pagefind'))).toBe(false);
  });
});
