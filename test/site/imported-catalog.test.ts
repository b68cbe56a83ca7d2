import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderCatalogSource } from '../../functions/src/adapters/fs/folder-catalog-source.ts';
import { importCatalog } from '../../functions/src/services/interop/import-catalog.ts';
import type { ImportReport } from '../../functions/src/core/interop/foreign-dataset.ts';
import { publishCatalog } from '../../functions/src/services/publish/publish-catalog.ts';
import { buildSite } from '../../functions/src/services/site/build-site.ts';
import { startTestStorage } from '../support/storage.ts';
import type { TestStorage } from '../support/storage.ts';
import { loadPagefind } from './pagefind-node.ts';
import { rankedSearch } from '../../site/src/lib/search-engine.ts';

// A real portal's export, imported, published and built into the site: the 上海 catalog
// (data.sh.gov.cn, 4,494 records of which 2,232 distinct datasets) on the portal and in search.

const SHANGHAI =
  '/work/shared/realdata/cn-gov-open-data-catalog-metadata-cnpds/shanghai_shanghai.json';

let storage: TestStorage;
let work: string;
let report: ImportReport;

beforeAll(async () => {
  storage = await startTestStorage();
  work = await mkdtemp(join(tmpdir(), 'datarun-shanghai-'));
  report = await importCatalog({
    from: 'cnpds',
    file: SHANGHAI,
    bytes: new Uint8Array(await readFile(SHANGHAI)),
    outDir: join(work, 'catalog'),
  });
  await publishCatalog({
    source: new FolderCatalogSource(join(work, 'catalog')),
    stores: storage.stores,
    tmpDir: tmpdir(),
  });
  await buildSite(storage.stores.objects, {
    siteUrl: 'http://localhost:4321',
    outDir: join(work, 'dist'),
    workDir: join(work, 'state'),
  });
}, 600_000);

afterAll(async () => {
  await storage?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the imported Shanghai catalog', () => {
  it('imports every distinct dataset of the export', () => {
    expect(report.records).toBe(4494);
    expect(report.imported).toBeGreaterThan(2200);
    expect(report.imported + report.duplicates + report.skipped.length).toBe(4494);
  });

  it('builds an entry page in both languages for every imported entry', async () => {
    const slugs = await readdir(join(work, 'catalog', 'entries'));
    const zh = new Set(await readdir(join(work, 'dist', 'datasets')));
    const en = new Set(await readdir(join(work, 'dist', 'en', 'datasets')));
    const missing = slugs
      .map((name) => name.replace(/\.yaml$/, ''))
      .filter((slug) => !zh.has(slug) || !en.has(slug));
    expect(slugs.length).toBe(report.imported);
    expect(missing).toEqual([]);
    const page = await readFile(
      join(work, 'dist', 'datasets', slugs[0]!.replace('.yaml', ''), 'index.html'),
      'utf8',
    );
    expect(page).toContain('data.sh.gov.cn');
  });

  it('finds entries by words of their Chinese titles', async () => {
    const realFetch = globalThis.fetch;
    try {
      const pagefind = await loadPagefind(join(work, 'dist', 'pagefind'));
      for (const query of [
        '拆除施工企业信息',
        '能耗监测',
        '公共建筑',
        '崇明区公共建筑能耗监测信息',
      ]) {
        const results = await rankedSearch(pagefind, query);
        const titles = await Promise.all(
          results.slice(0, 5).map(async ({ result }) => (await result.data()).meta.title ?? ''),
        );
        const words = query === '崇明区公共建筑能耗监测信息' ? ['崇明区', '能耗监测'] : [query];
        expect(
          titles.some((title) => words.every((word) => title.includes(word))),
          `${query} → ${titles.join(' | ')}`,
        ).toBe(true);
      }
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
