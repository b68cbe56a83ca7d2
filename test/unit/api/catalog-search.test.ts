import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildCatalogIndex } from '../../../functions/src/core/search/catalog-index.ts';
import type { CatalogIndex } from '../../../functions/src/core/search/catalog-index.ts';
import {
  FACETS,
  SORTS,
  compareSortKeys,
  resolveSort,
  searchCatalog,
} from '../../../functions/src/core/search/catalog-search.ts';
import type {
  CatalogQuery,
  FacetName,
  SortKey,
} from '../../../functions/src/core/search/catalog-search.ts';
import { decodeCursor, encodeCursor } from '../../../functions/src/core/search/cursor.ts';
import type {
  CatalogSnapshot,
  SnapshotEntry,
} from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import {
  CATEGORIES,
  OPEN_TYPES,
  RESOURCE_FORMATS,
  UPDATE_CYCLES,
} from '../../../functions/src/core/schemas/vocabulary.ts';
import { demoSnapshot, snapshotEntry } from './demo-snapshot.ts';

let demo: CatalogSnapshot;
let index: CatalogIndex;
const codes = (query: CatalogQuery, limit = 100) =>
  searchCatalog(index, query, { limit }).items.map((entry) => entry.code);

beforeAll(async () => {
  demo = await demoSnapshot();
  index = buildCatalogIndex(demo);
});

describe('searchCatalog on the demo catalog', () => {
  it('finds the company register by an unspaced phrase whose words are spread over title and abstract', () => {
    expect(codes({ q: '上海市企业登记', filters: {} })).toEqual(['102/000002']);
  });

  it('finds the division code entries by 行政区划代码查询', () => {
    expect(codes({ q: '行政区划代码查询', filters: {} }).slice(0, 4).sort()).toEqual([
      '103/000002',
      '103/000003',
      '103/000004',
      '103/000005',
    ]);
  });

  it('ranks the entry named by the whole query first', () => {
    expect(codes({ q: '世界各国和地区人口', filters: {} })[0]).toBe('301/000007');
    expect(codes({ q: '统计用区划代码（县级）', filters: {} })[0]).toBe('103/000004');
  });

  it('finds Chinese entries through their English titles, plurals included', () => {
    expect(codes({ q: 'elderly care institutions', filters: {} })).toEqual(['203/000002']);
    expect(codes({ q: 'Statistical division codes provinces', filters: {} })[0]).toBe('103/000002');
  });

  it('answers a mixed Chinese and English query', () => {
    expect(codes({ q: '上海 elderly', filters: {} })).toEqual(['203/000002']);
    expect(codes({ q: 'GDP 国内生产总值', filters: {} })).toContain('301/000001');
  });

  it('matches English words by their start, not inside other words', () => {
    expect(codes({ q: 'popul', filters: {} })).toContain('301/000002');
    const art = searchCatalog(index, { q: 'art', filters: {} }, { limit: 100 }).items;
    for (const entry of art)
      expect(JSON.stringify([entry.title, entry.abstract, entry.keywords]).toLowerCase()).toMatch(
        /\bart/,
      );
  });

  it('searches provider names and keywords', () => {
    const nbs = codes({ q: '国家统计局', filters: {} });
    expect(nbs).toEqual(expect.arrayContaining(['301/000001', '301/000008', '103/000004']));
    expect(codes({ q: 'SODA2022', filters: {} })).toContain('203/000002');
  });

  it('needs every word of the query', () => {
    expect(codes({ q: '人口', filters: {} }).length).toBeGreaterThan(3);
    expect(codes({ q: '人口 火星', filters: {} })).toEqual([]);
  });

  it('lists every public entry, newest change first, without a query', () => {
    const all = searchCatalog(index, { filters: {} }, { limit: 100 });
    expect(all.total).toBe(demo.entries.length);
    const modified = all.items.map((entry) => entry.modified);
    expect(modified).toEqual([...modified].sort().reverse());
  });

  it('orders titles in pinyin order', () => {
    const titles = searchCatalog(index, { filters: {}, sort: 'title' }, { limit: 100 }).items.map(
      (entry) => entry.title.zh,
    );
    expect(titles[0]).toMatch(/^[0-9]/);
    expect(titles.indexOf('安徽省统计局')).toBe(-1);
    const collator = new Intl.Collator('zh-CN');
    for (let i = 1; i < titles.length; i++)
      expect(collator.compare(titles[i - 1]!, titles[i]!)).toBeLessThanOrEqual(0);
  });

  it('filters on several facets at once, any value within one facet', () => {
    const page = searchCatalog(
      index,
      { filters: { agency: ['nbs', 'sh-stats'], format: ['电子表格'] } },
      { limit: 100 },
    );
    expect(page.total).toBeGreaterThan(0);
    for (const entry of page.items) {
      expect(['nbs', 'sh-stats']).toContain(entry.provider);
      expect(entry.format).toBe('电子表格');
    }
  });

  it('counts each facet over the result of the other filters', () => {
    const page = searchCatalog(index, { filters: { agency: ['nbs'] } }, { limit: 1 });
    const nbs = demo.entries.filter((e) => e.provider === 'nbs');
    // The agency facet ignores its own filter: every agency keeps its count.
    expect(page.facets.agency.find((f) => f.value === 'sh-stats')?.count).toBe(
      demo.entries.filter((e) => e.provider === 'sh-stats').length,
    );
    // Other facets count only nbs entries.
    expect(page.facets.category.reduce((sum, f) => sum + f.count, 0)).toBe(nbs.length);
  });

  it('lists a chosen facet value even when nothing has it', () => {
    const page = searchCatalog(
      index,
      { q: '人口', filters: { updateCycle: ['实时'] } },
      { limit: 1 },
    );
    expect(page.facets.updateCycle).toContainEqual({ value: '实时', count: 0 });
  });

  it('never lists entries the public may not see', () => {
    const page = searchCatalog(index, { q: '人口基础信息', filters: {} }, { limit: 100 });
    expect(page.items.map((e) => e.code)).not.toContain('101/000001');
    expect(page.facets.openType.map((f) => f.value)).not.toContain('不予开放');
  });
});

describe('resolveSort', () => {
  it('orders by relevance when there are words to rank by, else by newest change', () => {
    expect(resolveSort({ q: '人口', filters: {} })).toBe('relevance');
    expect(resolveSort({ q: '，', filters: {} })).toBe('-modified');
    expect(resolveSort({ filters: {} })).toBe('-modified');
    expect(resolveSort({ q: '人口', filters: {}, sort: 'code' })).toBe('code');
  });
});

// Generated catalogs: few distinct words, dates and facet values, so that scores, dates and
// facet values tie often and the tie-breaking of every order is exercised.
const ZH_WORDS = ['人口', '上海', '代码', '统计', '企业', '登记'];
const EN_WORDS = ['population', 'codes', 'statistics', 'company', 'register'];
const DATES = ['2023-01-01', '2024-06-30', '2025-03-15'];
const AGENCIES = ['nbs', 'sh-stats', 'zj-police'];

const FACET_VALUES: Record<FacetName, readonly string[]> = {
  agency: AGENCIES,
  category: CATEGORIES.slice(0, 3),
  openType: OPEN_TYPES.slice(0, 2),
  format: RESOURCE_FORMATS.slice(0, 2),
  updateCycle: UPDATE_CYCLES.slice(0, 2),
};

const wordsArb = (pool: string[], sep: string) =>
  fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 3 }).map((w) => w.join(sep));

function catalogArb(base: SnapshotEntry, agencies: CatalogSnapshot['agencies']) {
  const entryArb = fc.record({
    zh: wordsArb(ZH_WORDS, ''),
    en: fc.option(wordsArb(EN_WORDS, ' '), { nil: undefined }),
    abstract: wordsArb(ZH_WORDS, '，'),
    provider: fc.constantFrom(...AGENCIES),
    category: fc.constantFrom(...CATEGORIES.slice(0, 3)),
    openType: fc.constantFrom(...OPEN_TYPES.slice(0, 2)),
    format: fc.constantFrom(...RESOURCE_FORMATS.slice(0, 2)),
    updateCycle: fc.constantFrom(...UPDATE_CYCLES.slice(0, 2)),
    modified: fc.constantFrom(...DATES),
  });
  return fc
    .uniqueArray(fc.integer({ min: 1, max: 999_999 }), { maxLength: 40 })
    .chain((numbers) =>
      fc.tuple(
        fc.constant(numbers),
        fc.array(entryArb, { minLength: numbers.length, maxLength: numbers.length }),
      ),
    )
    .map(([numbers, fields]): CatalogSnapshot => ({
      ...demo,
      agencies: agencies.filter((a) => AGENCIES.includes(a.code)),
      entries: fields.map((f, i) =>
        snapshotEntry(base, {
          code: `301/${String(numbers[i]).padStart(6, '0')}`,
          title: { zh: f.zh, ...(f.en && { en: f.en }) },
          abstract: { zh: f.abstract },
          keywords: [],
          provider: f.provider,
          category: f.category,
          openType: f.openType,
          format: f.format,
          updateCycle: f.updateCycle,
          issued: '2022-01-01',
          modified: f.modified,
        }),
      ),
    }));
}

const queryArb: fc.Arbitrary<CatalogQuery> = fc
  .record({
    q: fc.option(
      fc
        .array(fc.constantFrom(...ZH_WORDS, ...EN_WORDS, 'pop', '企'), { maxLength: 2 })
        .map((w) => w.join(' ')),
      { nil: undefined },
    ),
    filters: fc.record(
      {
        agency: fc.subarray(AGENCIES, { minLength: 1 }),
        category: fc.subarray(CATEGORIES.slice(0, 3), { minLength: 1 }),
        openType: fc.subarray(OPEN_TYPES.slice(0, 2), { minLength: 1 }),
        format: fc.subarray(RESOURCE_FORMATS.slice(0, 2), { minLength: 1 }),
      },
      { requiredKeys: [] },
    ),
    sort: fc.option(fc.constantFrom(...SORTS), { nil: undefined }),
  })
  .map(({ q, filters, sort }) => ({
    ...(q !== undefined && { q }),
    filters,
    ...(sort && { sort }),
  }));

describe('searchCatalog paging', () => {
  it('walks every matching entry exactly once, in order, by following cursors', () => {
    fc.assert(
      fc.property(
        catalogArb(demo.entries[0]!, demo.agencies),
        queryArb,
        fc.integer({ min: 1, max: 7 }),
        (snapshot, query, limit) => {
          const catalog = buildCatalogIndex(snapshot);
          const whole = searchCatalog(catalog, query, { limit: 1000 });
          const walked: string[] = [];
          let cursor: string | undefined;
          let pages = 0;
          do {
            const after = cursor === undefined ? undefined : decodeCursor(cursor, query);
            const page = searchCatalog(catalog, query, { limit, ...(after && { after }) });
            expect(page.items.length).toBeLessThanOrEqual(limit);
            expect(page.total).toBe(whole.total);
            walked.push(...page.items.map((e) => e.code));
            cursor = page.next && encodeCursor(query, page.next);
            pages += 1;
          } while (cursor && pages <= whole.total);
          expect(cursor).toBeUndefined();
          expect(walked).toEqual(whole.items.map((e) => e.code));
          expect(new Set(walked).size).toBe(whole.total);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('orders results strictly, so no two entries share a place', () => {
    fc.assert(
      fc.property(catalogArb(demo.entries[0]!, demo.agencies), queryArb, (snapshot, query) => {
        const catalog = buildCatalogIndex(snapshot);
        const sort = resolveSort(query);
        const keys: SortKey[] = [];
        let after: SortKey | undefined;
        // Pages of one: each key is the cursor key of its item.
        for (let i = 0; i < snapshot.entries.length; i++) {
          const page = searchCatalog(catalog, query, { limit: 1, ...(after && { after }) });
          if (!page.next) break;
          keys.push(page.next);
          after = page.next;
        }
        for (let i = 1; i < keys.length; i++)
          expect(compareSortKeys(sort, keys[i - 1]!, keys[i]!)).toBeLessThan(0);
      }),
      { numRuns: 100 },
    );
  });

  it('gives each facet value the total that filtering on it alone gives', () => {
    fc.assert(
      fc.property(catalogArb(demo.entries[0]!, demo.agencies), queryArb, (snapshot, query) => {
        const catalog = buildCatalogIndex(snapshot);
        const page = searchCatalog(catalog, query, { limit: 1 });
        for (const facet of FACETS) {
          const chosen = query.filters[facet as FacetName] ?? [];
          for (const value of FACET_VALUES[facet]) {
            const count = page.facets[facet].find((f) => f.value === value)?.count ?? 0;
            const narrowed = { ...query, filters: { ...query.filters, [facet]: [value] } };
            expect(searchCatalog(catalog, narrowed, { limit: 1 }).total).toBe(count);
          }
          if (chosen.length > 0)
            expect(
              page.facets[facet]
                .filter((f) => chosen.includes(f.value))
                .reduce((sum, f) => sum + f.count, 0),
            ).toBe(page.total);
        }
      }),
      { numRuns: 200 },
    );
  });
});
