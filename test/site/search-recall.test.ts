import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderCatalogSource } from '../../functions/src/adapters/fs/folder-catalog-source.ts';
import { publishCatalog } from '../../functions/src/services/publish/publish-catalog.ts';
import { readPublicSnapshot } from '../../functions/src/services/site/export-site-input.ts';
import { searchRecords } from '../../functions/src/services/site/search-records.ts';
import { buildSearchIndex } from '../../functions/src/services/site/search-index.ts';
import type { CatalogSnapshot } from '../../functions/src/core/schemas/catalog-snapshot.ts';
import { rankedSearch } from '../../site/src/lib/search-engine.ts';
import type { PagefindApi } from '../../site/src/lib/search-engine.ts';
import { startTestStorage } from '../support/storage.ts';
import type { TestStorage } from '../support/storage.ts';
import { DEMO_DATA } from '../support/catalog-folder.ts';
import { loadPagefind, topCodes } from './pagefind-node.ts';

type Query = { q: string; kind: string; expected: string[] };

const QUERIES = JSON.parse(
  await readFile(join(import.meta.dirname, 'search-queries.json'), 'utf8'),
) as { queries: Query[] };

let storage: TestStorage;
let work: string;
let snapshot: CatalogSnapshot;
let pagefind: PagefindApi;

beforeAll(async () => {
  storage = await startTestStorage();
  await publishCatalog({
    source: new FolderCatalogSource(DEMO_DATA),
    stores: storage.stores,
    tmpDir: tmpdir(),
  });
  snapshot = (await readPublicSnapshot(storage.stores.objects)).snapshot;
  work = await mkdtemp(join(tmpdir(), 'datarun-search-'));
  await buildSearchIndex(searchRecords(snapshot), join(work, 'pagefind'));
  pagefind = await loadPagefind(join(work, 'pagefind'));
}, 120_000);

afterAll(async () => {
  await storage?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** recall@5 of one query: expected entries among the first five results, out of at most five. */
async function recallAt5(query: Query): Promise<{ recall: number; top: string[] }> {
  const top = await topCodes(await rankedSearch(pagefind, query.q), 5);
  const found = query.expected.filter((code) => top.includes(code)).length;
  return { recall: found / Math.min(query.expected.length, 5), top };
}

describe('the search query set', () => {
  it('holds at least 30 queries of every kind, each expecting public entries', () => {
    expect(QUERIES.queries.length).toBeGreaterThanOrEqual(30);
    expect(new Set(QUERIES.queries.map((q) => q.kind))).toEqual(
      new Set(['word', 'phrase', 'english', 'mixed']),
    );
    const listed = new Set(snapshot.entries.map((entry) => entry.code));
    for (const query of QUERIES.queries)
      for (const code of query.expected)
        expect(listed.has(code), `${query.q} → ${code}`).toBe(true);
  });
});

describe('rankedSearch over the Pagefind index of the demo catalog', () => {
  it('reaches recall@5 of at least 0.95 on the real query set', async () => {
    const byKind = new Map<string, number[]>();
    const misses: string[] = [];
    for (const query of QUERIES.queries) {
      const { recall, top } = await recallAt5(query);
      byKind.set(query.kind, [...(byKind.get(query.kind) ?? []), recall]);
      if (recall < 1)
        misses.push(`${query.q} → [${top.join(' ')}], expected ${query.expected.join(' ')}`);
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const all = [...byKind.values()].flat();
    console.log(
      `search recall@5 = ${mean(all).toFixed(3)} over ${all.length} queries (` +
        [...byKind].map(([kind, values]) => `${kind} ${mean(values).toFixed(2)}`).join(', ') +
        ')' +
        (misses.length > 0 ? `\n  misses:\n  ${misses.join('\n  ')}` : ''),
    );
    expect(mean(all)).toBeGreaterThanOrEqual(0.95);
  });

  it('finds an entry from an unspaced Chinese phrase whose words are not adjacent in its title', async () => {
    const top = await topCodes(await rankedSearch(pagefind, '上海市企业登记'), 1);
    expect(top).toEqual(['102/000002']);
  });

  it('finds Chinese entries through their English titles', async () => {
    expect(await topCodes(await rankedSearch(pagefind, 'life expectancy'), 1)).toEqual([
      '301/000004',
    ]);
  });

  it('narrows results with a filter', async () => {
    const all = await rankedSearch(pagefind, '人口');
    const nbs = await rankedSearch(pagefind, '人口', { agency: ['nbs'] });
    expect(nbs.length).toBeGreaterThan(0);
    expect(nbs.length).toBeLessThan(all.length);
    for (const { result } of nbs) expect((await result.data()).meta.agency).toBe('国家统计局');
  });
});
