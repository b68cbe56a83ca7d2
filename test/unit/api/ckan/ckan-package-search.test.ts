import { beforeAll, describe, expect, it } from 'vitest';
import {
  clauseHolds,
  matchingEntries,
  runPackageSearch,
} from '../../../../functions/src/api/ckan/ckan-package-search.ts';
import { parsePackageSearch } from '../../../../functions/src/api/ckan/ckan-search-params.ts';
import type { CkanParams } from '../../../../functions/src/api/ckan/ckan-params.ts';
import type { CkanView } from '../../../../functions/src/api/ckan/ckan-package.ts';
import { buildCatalogIndex } from '../../../../functions/src/core/search/catalog-index.ts';
import { searchCatalog } from '../../../../functions/src/core/search/catalog-search.ts';
import type { CatalogSnapshot } from '../../../../functions/src/core/schemas/catalog-snapshot.ts';
import { ORIGIN, demoView } from './ckan-fixtures.ts';

let snapshot: CatalogSnapshot;
let view: CkanView;

beforeAll(async () => {
  ({ snapshot, view } = await demoView());
});

const run = (params: CkanParams) => runPackageSearch(view, parsePackageSearch(params));
const names = (params: CkanParams) => run({ rows: 1000, ...params }).results.map((p) => p.name);
const slug = (code: string) => code.replace('/', '-');

describe('runPackageSearch', () => {
  it('finds with Chinese words exactly what the v1 search finds', () => {
    for (const q of ['上海市企业登记', '行政区划代码查询', '人口', '上海 elderly']) {
      const v1 = searchCatalog(view.index, { q, filters: {} }, { limit: 1000 }).items;
      expect(names({ q }).sort(), q).toEqual(v1.map((entry) => slug(entry.code)).sort());
      expect(v1.length, q).toBeGreaterThan(0);
    }
    expect(names({ q: '上海市企业登记' })).toEqual(['102-000002']);
  });

  it('lists every public entry without q, and counts them all', () => {
    const result = run({ rows: 1000 });
    expect(result.count).toBe(snapshot.entries.length);
    expect(new Set(result.results.map((p) => p.name)).size).toBe(snapshot.entries.length);
  });

  it('filters by organization, tags, groups (by name or 信息资源分类) and datarun facets', () => {
    const by = (test: (e: CatalogSnapshot['entries'][number]) => boolean) =>
      snapshot.entries
        .filter(test)
        .map((e) => slug(e.code))
        .sort();
    expect(names({ fq: 'organization:nbs' }).sort()).toEqual(by((e) => e.provider === 'nbs'));
    expect(names({ fq: 'tags:行政区划' }).sort()).toEqual(
      by((e) => e.keywords.includes('行政区划')),
    );
    expect(names({ fq: 'groups:geospatial' })).toEqual(
      names({ fq: 'groups:"基础/自然资源和空间地理"' }),
    );
    expect(names({ fq: 'groups:geospatial' }).sort()).toEqual(
      by((e) => e.category === '基础/自然资源和空间地理'),
    );
    expect(names({ fq: 'openType:有条件开放 updateCycle:每年' }).sort()).toEqual(
      by((e) => e.openType === '有条件开放' && e.updateCycle === '每年'),
    );
    expect(names({ fq: 'organization:nbs OR organization:sh-stats' }).sort()).toEqual(
      by((e) => e.provider === 'nbs' || e.provider === 'sh-stats'),
    );
    expect(names({ fq: '-organization:nbs' }).sort()).toEqual(by((e) => e.provider !== 'nbs'));
  });

  it('filters by resource format in any case, and by whether there are resources', () => {
    expect(names({ fq: 'res_format:CSV' }).sort()).toEqual(['103-000002', '103-000004']);
    expect(names({ fq: 'res_format:parquet' }).sort()).toEqual(['103-000002', '103-000004']);
    expect(names({ fq: 'num_resources:[1 TO *]' }).sort()).toEqual(['103-000002', '103-000004']);
    expect(names({ fq: '-res_format:*' })).toHaveLength(snapshot.entries.length - 2);
  });

  it('finds a package by name, slug or code in fq', () => {
    for (const value of ['103-000004', '103/000004', '"103/000004"'])
      expect(names({ fq: `name:${value}` }), value).toEqual(['103-000004']);
    expect(names({ fq: 'id:103-000004' })).toEqual(['103-000004']);
  });

  it('combines q, fq and fq_list: every one must hold', () => {
    const result = names({ q: '区划代码', fq: 'organization:nbs', fq_list: ['res_format:CSV'] });
    expect(result.sort()).toEqual(['103-000002', '103-000004']);
  });

  it('filters on when the platform changed an entry, as a harvester asks for changes', () => {
    const changed = { ...snapshot.entries[0]!, updatedAt: '2027-03-01T12:00:00.000Z' };
    const dated: CkanView = {
      index: buildCatalogIndex({ ...snapshot, entries: [changed, ...snapshot.entries.slice(1)] }),
      origin: ORIGIN,
    };
    const since = (fq: string) =>
      runPackageSearch(dated, parsePackageSearch({ fq, rows: 1000 })).results.map((p) => p.name);
    expect(since('metadata_modified:[2027-01-01T00:00:00Z TO *]')).toEqual([slug(changed.code)]);
    expect(since('metadata_modified:[* TO 2027-01-01T00:00:00Z}')).toHaveLength(
      snapshot.entries.length - 1,
    );
  });

  it('pages with start and rows through every entry exactly once', () => {
    const all = names({ sort: 'name asc' });
    const paged: string[] = [];
    for (let start = 0; start < all.length + 7; start += 7)
      paged.push(...run({ sort: 'name asc', start, rows: 7 }).results.map((p) => p.name));
    expect(paged).toEqual(all);
    expect(run({ start: 10_000 })).toMatchObject({ count: all.length, results: [] });
    expect(run({ rows: 0 }).results).toEqual([]);
  });

  it('sorts by name, title in pinyin order, creation and change, breaking ties by name', () => {
    const byName = names({ sort: 'name asc' });
    expect(byName).toEqual([...byName].sort());
    expect(names({ sort: 'name desc' })).toEqual([...byName].reverse());
    expect(names({ sort: 'id asc' })).toEqual(byName);
    const titles = run({ sort: 'title_string asc', rows: 1000 }).results.map((p) => p.title);
    expect(titles).toEqual([...titles].sort(new Intl.Collator('zh-CN').compare));
    const created = run({ sort: 'metadata_created desc', rows: 1000 }).results;
    const keys = created.map((p) => `${p.metadata_created}|${p.name}`);
    const reversedByDate = [...created]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .sort((a, b) =>
        a.metadata_created < b.metadata_created
          ? 1
          : a.metadata_created > b.metadata_created
            ? -1
            : 0,
      );
    expect(keys).toEqual(reversedByDate.map((p) => `${p.metadata_created}|${p.name}`));
  });

  it('repeats the sort it was given', () => {
    expect(run({}).sort).toBe('score desc, metadata_modified desc');
    expect(run({ sort: 'name asc' }).sort).toBe('name asc');
  });

  it('counts facets over the whole result, after every filter', () => {
    const result = run({
      fq: 'organization:nbs',
      'facet.field': '["organization","groups","tags","res_format","license_id"]',
    });
    const nbs = snapshot.entries.filter((e) => e.provider === 'nbs');
    expect(result.facets.organization).toEqual({ nbs: nbs.length });
    expect(result.search_facets.organization).toEqual({
      title: 'organization',
      items: [{ name: 'nbs', display_name: '国家统计局', count: nbs.length }],
    });
    expect(result.search_facets.groups!.items).toContainEqual({
      name: 'geospatial',
      display_name: '基础/自然资源和空间地理',
      count: nbs.filter((e) => e.category === '基础/自然资源和空间地理').length,
    });
    expect(result.facets.res_format).toEqual({ CSV: 2, JSON: 2, Parquet: 2 });
    const tagTotal = Object.values(result.facets.tags!).reduce((a, b) => a + b, 0);
    expect(tagTotal).toBe(nbs.reduce((sum, e) => sum + new Set(e.keywords).size, 0));
  });

  it('orders search_facets items by display name, descending, as CKAN does', () => {
    const items = run({ 'facet.field': '["organization"]' }).search_facets.organization!.items;
    const shown = items.map((i) => i.display_name);
    expect(shown).toEqual([...shown].sort().reverse());
    expect(items.length).toBeGreaterThan(3);
  });

  it('keeps the most frequent values up to facet.limit, and those reaching facet.mincount', () => {
    const all = run({ 'facet.field': '["tags"]', 'facet.limit': -1 }).facets.tags!;
    const counts = Object.values(all).sort((a, b) => b - a);
    const top = run({ 'facet.field': '["tags"]', 'facet.limit': 3 }).facets.tags!;
    expect(Object.values(top).sort((a, b) => b - a)).toEqual(counts.slice(0, 3));
    const frequent = run({ 'facet.field': '["tags"]', 'facet.limit': -1, 'facet.mincount': 2 });
    expect(Object.values(frequent.facets.tags!).every((count) => count >= 2)).toBe(true);
    expect(Object.keys(frequent.facets.tags!).length).toBe(counts.filter((c) => c >= 2).length);
  });

  it('shows agency names and category groups in facets of datarun fields too', () => {
    const result = run({ 'facet.field': '["agency","category","openType"]' });
    expect(result.search_facets.agency!.items).toContainEqual(
      expect.objectContaining({ name: 'nbs', display_name: '国家统计局' }),
    );
    expect(Object.keys(result.facets.openType!).sort()).toEqual(['无条件开放', '有条件开放']);
  });
});

describe('clauseHolds', () => {
  it('turns "has one of" into "has none of" when negated', () => {
    const entry = snapshot.entries.find((e) => e.code === '103/000004')!;
    const clause = { field: 'tags', negate: false, values: ['县级', 'nothing'] } as const;
    expect(clauseHolds(clause, entry)).toBe(true);
    expect(clauseHolds({ ...clause, negate: true }, entry)).toBe(false);
    expect(clauseHolds({ field: 'tags', negate: true, values: ['nothing'] }, entry)).toBe(true);
  });
});

describe('matchingEntries', () => {
  it('ranks the entry whose title is the query first', () => {
    const search = parsePackageSearch({ q: '统计用区划代码（县级）' });
    expect(matchingEntries(view, search)[0]!.code).toBe('103/000004');
  });
});
